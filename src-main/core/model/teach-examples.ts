/**
 * The examples a teaching run learns from and is measured on: the person's recordings, a replayed
 * sample of the source model's training corpus (when it is on disk), their features through the
 * cache and the worker pool, and the per-speaker statistics of a normalised model.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { scanCorpus, type Clip } from '../dataset';
import { CONVENTIONS } from '../dataset/conventions';
import { labelMapSchema, trainingCorpus } from '../dataset/corpora';
import { extractAll } from '../jobs/extract-pool';
import { countEdge, throttleProgress } from '../jobs/throttle';
import { packExamples, type Examples } from './dataset-tensors';
import { applyStats, fitSpeakerNormalisation, parseSpeakerNormalisation, type SpeakerNormalisation } from './normalise';
import type { ModelMeta } from './store-folder';
import { TeachRecordingsError } from './teach-split';
import type { TeachEvent } from './teach-types';
import { trainingClipTest, trainingCorpora } from './training-clips';
import { SeededRandom } from './train-random';

/** Replayed corpus clips per recording in the fine-tune part: the old voices outnumber the new one, so they are not forgotten. */
export const REPLAY_PER_RECORDING = 2;

/**
 * Up to `perLabel` clips of each label the source was trained on, from its training corpora (their
 * training part, when the meta tells it apart), seeded, with the labels and speaker names training gave
 * them (corpora merged by the label map it recorded). A corpus no longer on disk replays nothing.
 */
export async function replaySample(meta: ModelMeta, perLabel: number, seed: number, signal?: AbortSignal): Promise<{ roots: string[]; clips: Clip[] }> {
  const present = [];
  for (const c of trainingCorpora(meta.corpus)) if ((await stat(c.root).catch(() => undefined))?.isDirectory()) present.push(c);
  if (present.length === 0) return { roots: [], clips: [] };
  // The conventions they were scanned with when trained, so the labels come out the same.
  const manifests = [];
  for (const c of present) manifests.push(await scanCorpus(c.root, { signal, convention: CONVENTIONS.find((k) => k.name === c.convention)?.name }));
  const map = labelMapSchema.safeParse(meta.corpus?.labelMap);
  const { clips: all } = trainingCorpus(manifests, map.success ? map.data : undefined);
  const isTraining = trainingClipTest(meta);
  const rng = new SeededRandom(seed ^ 0x7e4c);
  const clips: Clip[] = [];
  for (const label of [...new Set(meta.labels)].sort()) {
    const pool = all.filter((c) => c.label === label && (isTraining?.(c) ?? true));
    rng.shuffle(pool);
    clips.push(...pool.slice(0, perLabel));
  }
  return { roots: manifests.map((m) => m.root), clips };
}

/** A clip of a teaching run, with where it belongs. */
export type TeachClip = Clip & { role: 'fine-tune' | 'held-out' | 'replay' };

export interface TeachExamples {
  train: Examples;
  heldOut: Examples;
  heldOutPaths: string[];
  counts: { fineTune: number; heldOut: number; replayed: number };
  /** The source's normalisation with the recordings' speakers added (normalised models only). */
  normalisation?: ModelMeta['normalisation'];
}

/** Features of every clip (failures left out and logged), normalised as the source model was trained, packed into the two sides. */
export async function teachExamples(
  clips: TeachClip[],
  meta: ModelMeta,
  inputShape: number[],
  opts: { cacheDir?: string | false; signal?: AbortSignal; post: (e: TeachEvent) => void },
): Promise<TeachExamples> {
  const onProgress = throttleProgress((done: number, total: number) => opts.post({ type: 'features', done, total }), countEdge);
  const results = await extractAll(
    clips.map((c) => ({ path: c.path, size: c.size, mtimeMs: c.mtimeMs })),
    meta.featureSpec,
    { cacheDir: opts.cacheDir, signal: opts.signal, onProgress },
  );
  const kept: TeachClip[] = [];
  const features: { shape: number[]; data: Float32Array }[] = [];
  const failed: string[] = [];
  results.forEach((r, i) => {
    if (r.ok) {
      kept.push(clips[i]);
      features.push(r);
    } else failed.push(`${basename(r.path)}: ${r.reason}`);
  });
  if (failed.length) opts.post({ type: 'log', message: `${failed.length} clip(s) left out, features failed: ${failed.slice(0, 3).join('; ')}` });
  const indices = (role: TeachClip['role']) => kept.flatMap((c, i) => (c.role === role ? [i] : []));
  const [fineTune, heldOut, replay] = [indices('fine-tune'), indices('held-out'), indices('replay')];
  if (fineTune.length === 0 || heldOut.length === 0)
    throw new TeachRecordingsError(`too few of the recordings could be read (${fineTune.length} to learn from, ${heldOut.length} held out)`);

  let normalisation: TeachExamples['normalisation'];
  if (meta.normalisation) {
    const source = parseSpeakerNormalisation(meta.normalisation);
    const { data, speakers } = normaliseForTeaching(source, kept, features, fineTune);
    features.forEach((f, i) => (features[i] = { shape: f.shape, data: data[i] }));
    normalisation = { ...source, speakers: { ...source.speakers, ...speakers } };
  }

  const y = kept.map((c) => meta.labels.indexOf(c.label));
  const pack = (idx: number[]) => packExamples(features, y, inputShape, meta.labels.length, idx);
  return {
    train: pack([...fineTune, ...replay]),
    heldOut: pack(heldOut),
    heldOutPaths: heldOut.map((i) => kept[i].path),
    counts: { fineTune: fineTune.length, heldOut: heldOut.length, replayed: replay.length },
    ...(normalisation ? { normalisation } : {}),
  };
}

/**
 * Each clip standardised by its voice's statistics: a recording by its speaker's, from their
 * fine-tune recordings only (held-out ones stay unseen, as a calibration would be); a replayed clip
 * by its training speaker's from the source's meta. Returns the recordings' speakers' statistics too.
 */
function normaliseForTeaching(source: SpeakerNormalisation, clips: TeachClip[], features: { data: Float32Array }[], fineTune: number[]) {
  const user = fitSpeakerNormalisation(
    features.map((f) => f.data),
    clips,
    fineTune,
    source.channels,
    source.basis,
  );
  const data = clips.map((c, i) => {
    const stats = c.role === 'replay' ? (source.speakers[c.speaker] ?? source.pooled) : (user.speakers[c.speaker] ?? user.pooled);
    return applyStats(features[i].data, stats);
  });
  return { data, speakers: user.speakers };
}
