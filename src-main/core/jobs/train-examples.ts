/**
 * A training run's examples: features of the clips (those that fail are left out and reported),
 * the split, augmented copies of the training clips, per-speaker normalisation, and the two packed
 * sides. In a function of its own so that the per-clip feature arrays can be collected once
 * packed: frame features of a whole corpus are hundreds of megabytes.
 */
import { basename } from 'node:path';
import type { Clip } from '../dataset';
import { planAugmentations } from '../model/augment';
import { packExamples } from '../model/dataset-tensors';
import { applyStats, channelsOf, fitSpeakerNormalisation, statsClips, statsOf, type FeatureStats, type SpeakerNormalisation } from '../model/normalise';
import { presetInputShape, type Preset } from '../model/presets';
import { makeSplit, type Split } from '../model/splits';
import { SeededRandom } from '../model/train-random';
import { extractAll, type ExtractResult } from './extract-pool';
import { countEdge, throttleProgress } from './throttle';
import type { TrainEvent, TrainRequest } from './train-job';

interface Context {
  signal: AbortSignal;
  post: (e: TrainEvent) => void;
}

/** What the model's meta records of the validation speakers' statistics. */
export interface ValidationCalibration {
  speaker: string;
  /** Clips the statistics came from; under basis 'neutral' they are left out of the score. */
  paths: string[];
}

type Feature = { shape: number[]; data: Float32Array };

function reportFailures(results: ExtractResult[], what: string, post: Context['post']): void {
  const failed = results.filter((r) => !r.ok);
  if (failed.length)
    post({
      type: 'log',
      message: `${failed.length} ${what} left out, features failed: ${failed
        .slice(0, 3)
        .map((f) => `${basename(f.path)}: ${(f as { reason: string }).reason}`)
        .join('; ')}`,
    });
}

/**
 * Statistics of each validation speaker the training side does not have: from `count` of their
 * neutral clips (chosen with the seed), which leave the validation side, or from all their clips.
 */
function calibrateValidation(clips: Clip[], features: Feature[], split: Split, req: TrainRequest, channels: number) {
  const norm = req.speakerNormalisation!;
  const trained = new Set(split.train.map((i) => clips[i].speaker));
  const rng = new SeededRandom(req.seed ^ 0xca1b);
  const stats = new Map<string, FeatureStats>();
  const calibration: ValidationCalibration[] = [];
  const removed = new Set<number>();
  const unseen = split.validation.filter((i) => !trained.has(clips[i].speaker));
  for (const [speaker, idx] of statsClips(clips, unseen, norm.basis)) {
    let chosen = idx;
    if (norm.basis === 'neutral') {
      const neutral = idx.filter((i) => clips[i].label === 'neutral');
      if (neutral.length <= norm.calibrationClips)
        throw new Error(
          `speaker ${speaker} has ${neutral.length} neutral clip(s): calibration takes ${norm.calibrationClips} and leaves them out of the score`,
        );
      rng.shuffle(neutral);
      chosen = neutral.slice(0, norm.calibrationClips).sort((a, b) => a - b);
      for (const i of chosen) removed.add(i);
    }
    stats.set(
      speaker,
      statsOf(
        chosen.map((i) => features[i].data),
        channels,
      ),
    );
    calibration.push({ speaker, paths: chosen.map((i) => clips[i].path) });
  }
  return { stats, calibration, validation: split.validation.filter((i) => !removed.has(i)) };
}

export async function prepareExamples(all: Clip[], preset: Preset, req: TrainRequest, { signal, post }: Context) {
  post({ type: 'stage', stage: 'features', detail: preset.featureSpec.kind });
  const onProgress = throttleProgress((done: number, total: number) => post({ type: 'features', done, total }), countEdge);
  const extracted = await extractAll(
    all.map((c) => ({ path: c.path, size: c.size, mtimeMs: c.mtimeMs })),
    preset.featureSpec,
    { cacheDir: req.cacheDir, signal, onProgress },
  );
  const clips: Clip[] = [];
  const features: Feature[] = [];
  const failed: { path: string; reason: string }[] = [];
  extracted.forEach((r, i) => {
    if (r.ok) {
      clips.push(all[i]);
      features.push(r);
    } else failed.push({ path: r.path, reason: r.reason });
  });
  reportFailures(extracted, 'clip(s)', post);

  // A label whose clips all failed would keep an output unit that no example ever trains: drop it.
  const labels = [...new Set(clips.map((c) => c.label))].sort();
  const dropped = [...new Set(all.map((c) => c.label))].filter((l) => !labels.includes(l)).sort();
  if (dropped.length) post({ type: 'log', message: `label(s) dropped, no clip of theirs gave features: ${dropped.join(', ')}` });
  if (labels.length < 2)
    throw new Error(`only ${labels.length} label(s) have clips with features (${labels.join(', ') || 'none'}); training needs at least 2 classes`);

  let split = makeSplit(clips, req.split);
  const inTrain = new Set(split.train);
  if (split.validation.some((i) => inTrain.has(i))) throw new Error('internal error: the split puts a clip in both training and validation');
  if (split.train.length === 0) throw new Error('the split leaves no clips for training');
  if (split.validation.length === 0) throw new Error('the split leaves no clips for validation');

  const channels = channelsOf(features[0].shape);
  let unseen: ReturnType<typeof calibrateValidation> | undefined;
  if (req.speakerNormalisation) {
    unseen = calibrateValidation(clips, features, split, req, channels);
    if (unseen.validation.length === 0) throw new Error('calibration leaves no clips for validation');
    split = { ...split, validation: unseen.validation };
  }

  // Augmented copies of the training clips: extra examples; a speaker's copies at one speed are a voice of their own.
  const train = [...split.train];
  const aug = req.augmentation;
  if (aug && aug.copies > 0) {
    const plan = planAugmentations(split.train.length, aug, req.seed);
    post({ type: 'stage', stage: 'features', detail: `${plan.length} augmented copies` });
    const results = await extractAll(
      plan.map((p) => ({ path: clips[split.train[p.clip]].path, augment: p.augmentation })),
      preset.featureSpec,
      { signal, onProgress },
    );
    reportFailures(results, 'augmented copies', post);
    results.forEach((r, k) => {
      if (!r.ok) return;
      const source = clips[split.train[plan[k].clip]];
      clips.push({ ...source, speaker: `${source.speaker}~${plan[k].augmentation.speed}` });
      features.push(r);
      train.push(clips.length - 1);
    });
  }

  let normalisation: (SpeakerNormalisation & { validation: ValidationCalibration[] }) | undefined;
  if (req.speakerNormalisation) {
    const fitted = fitSpeakerNormalisation(
      features.map((f) => f.data),
      clips,
      train,
      channels,
      req.speakerNormalisation.basis,
    );
    const statsFor = (i: number) => fitted.speakers[clips[i].speaker] ?? unseen!.stats.get(clips[i].speaker)!;
    for (const i of [...train, ...split.validation]) features[i] = { shape: features[i].shape, data: applyStats(features[i].data, statsFor(i)) };
    // Only the real speakers' statistics are the model's; the augmented voices were for training.
    const speakers = Object.fromEntries(Object.entries(fitted.speakers).filter(([s]) => !s.includes('~')));
    normalisation = { ...fitted, speakers, validation: unseen!.calibration };
    post({ type: 'log', message: `per-speaker normalisation (${fitted.basis} clips): ${Object.keys(fitted.speakers).length} training voice(s)` });
  }

  const y = clips.map((c) => labels.indexOf(c.label));
  const pack = (indices: number[]) => packExamples(features, y, presetInputShape(preset), labels.length, indices);
  return { labels, clips, failed, split, train: pack(train), validation: pack(split.validation), normalisation };
}
