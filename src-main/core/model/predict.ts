/**
 * Prediction and evaluation with a saved model: the same extractFeatures as training, then the
 * model. Runs wherever tfjs has a backend (the inference worker in the app and the CLI).
 */
import * as tf from '@tensorflow/tfjs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DecodedAudio } from '../audio';
import { extractFeatures, featureShape, type FeatureMatrix } from '../features';
import type { ExtractItem, ExtractResult } from '../jobs/extract-pool';
import { sizeOf } from './dataset-tensors';
import { argmax, clipOutcomes, evaluatePredictions, type ClipPrediction, type EvaluationReport, type Misclassified } from './metrics';
import { evaluationStats, parseSpeakerNormalisation, SpeakerSession, applyStats, type FeatureStats, type PredictionNormalisation } from './normalise';
import { loadModel, ModelStoreError, type ModelMeta } from './store';

export interface LoadedModel {
  dir: string;
  model: tf.LayersModel;
  meta: ModelMeta;
  /** Per-example input shape of the model, e.g. [40, 1]. */
  inputShape: number[];
  /** Changes when the folder's files are replaced (a re-saved model is reloaded). */
  stamp: string;
  /** For a model trained with per-speaker normalisation: the statistics of the voice being heard (calibration or running). */
  session?: SpeakerSession;
}

interface CacheEntry {
  loading: Promise<LoadedModel>;
  /** Calls using the model right now; an evicted model is disposed when the last one ends. */
  users: number;
  evicted: boolean;
  /** When the folder was last found unchanged (the cache's clock). */
  checkedAt?: number;
}

export interface Prediction {
  label: string;
  confidence: number;
  probabilities: Record<string, number>;
  /** Where the time went, in milliseconds (decodeMs only when a file was decoded). */
  timings?: { decodeMs?: number; featuresMs: number; modelMs: number };
  /** For a per-speaker normalised model: whose statistics normalised the features, and over how many clips. */
  /** A per-speaker normalised model only. */
  normalisation?: PredictionNormalisation;
}

export class PredictionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PredictionError';
  }
}

async function folderStamp(dir: string): Promise<string> {
  const parts = await Promise.all(
    ['meta.json', 'weights.bin', 'model.json'].map((f) =>
      stat(join(dir, f)).then(
        (s) => `${s.ino}:${s.mtimeMs}:${s.size}`,
        () => 'missing',
      ),
    ),
  );
  return parts.join('|');
}

export interface ModelCacheOptions {
  /**
   * A model used again within this many ms is not checked against its folder: live prediction asks several
   * times a second, and a replaced folder (retrained, imported over) is seen within a second anyway.
   */
  recheckMs?: number;
  now?: () => number;
}

/** A few loaded models, least recently used evicted (and disposed once no call uses them) first. */
export class ModelCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly recheckMs: number;
  private readonly now: () => number;
  constructor(
    private readonly capacity = 3,
    { recheckMs = 1000, now = () => performance.now() }: ModelCacheOptions = {},
  ) {
    this.recheckMs = recheckMs;
    this.now = now;
  }

  /** The model for `modelDir`, loaded or reused. Eviction may dispose it later: long calls should go through `use`. */
  async get(modelDir: string): Promise<LoadedModel> {
    return (await this.entry(modelDir)).loading;
  }

  /** Runs `fn` with the model, which stays undisposed until `fn` settles even if evicted meanwhile. */
  async use<T>(modelDir: string, fn: (m: LoadedModel) => T | Promise<T>): Promise<T> {
    const entry = await this.entry(modelDir);
    entry.users++;
    try {
      return await fn(await entry.loading);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) dispose(entry);
    }
  }

  private async entry(modelDir: string): Promise<CacheEntry> {
    const dir = resolve(modelDir);
    const fresh = this.entries.get(dir);
    if (fresh?.checkedAt !== undefined && this.now() - fresh.checkedAt < this.recheckMs) return this.touch(dir, fresh);
    const checkedAt = this.now();
    const stamp = await folderStamp(dir);
    const cached = this.entries.get(dir);
    if (cached) {
      const loaded = await cached.loading.catch(() => undefined);
      if (loaded && loaded.stamp === stamp && this.entries.get(dir) === cached) {
        cached.checkedAt = checkedAt;
        return this.touch(dir, cached);
      }
      if (this.entries.get(dir) === cached) this.evict(dir);
    }
    const entry: CacheEntry = { loading: openModel(dir, stamp), users: 0, evicted: false, checkedAt };
    this.entries.set(dir, entry);
    entry.loading.catch(() => this.entries.get(dir) === entry && this.entries.delete(dir));
    while (this.entries.size > this.capacity) this.evict(this.entries.keys().next().value!);
    return entry;
  }

  /** Marks `dir` most recently used. */
  private touch(dir: string, entry: CacheEntry): CacheEntry {
    this.entries.delete(dir);
    this.entries.set(dir, entry);
    return entry;
  }

  private evict(dir: string): void {
    const entry = this.entries.get(dir);
    this.entries.delete(dir);
    if (!entry) return;
    entry.evicted = true;
    if (entry.users === 0) dispose(entry);
  }

  clear(): void {
    for (const dir of [...this.entries.keys()]) this.evict(dir);
  }
}

function dispose(entry: CacheEntry): void {
  void entry.loading.then(
    (m) => m.model.dispose(),
    () => undefined,
  );
}

async function openModel(dir: string, stamp: string): Promise<LoadedModel> {
  const { model, meta } = await loadModel(dir);
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const want = featureShape(meta.featureSpec);
  if (inputShape.some((d) => d == null) || sizeOf(inputShape) !== sizeOf(want)) {
    model.dispose();
    throw new ModelStoreError(dir, `the model's input [${inputShape}] does not fit its feature spec's shape [${want}]`);
  }
  let session: SpeakerSession | undefined;
  try {
    if (meta.normalisation) session = new SpeakerSession(parseSpeakerNormalisation(meta.normalisation));
  } catch (err) {
    model.dispose();
    throw new ModelStoreError(dir, `meta.json's normalisation is invalid: ${err instanceof Error ? err.message : String(err)}`);
  }
  const loaded = { dir, model, meta, inputShape, stamp, session };
  // One prediction now compiles the backend's kernels, so the first real one is fast.
  predictBatch(loaded, [{ shape: want, data: new Float32Array(sizeOf(want)) }]);
  return loaded;
}

/** Class probabilities for each feature matrix, row-major [n, labels]. */
export function predictBatch(m: LoadedModel, features: FeatureMatrix[]): Float32Array {
  const per = sizeOf(m.inputShape);
  const x = new Float32Array(features.length * per);
  features.forEach((f, i) => {
    if (f.data.length !== per) throw new PredictionError(`feature has ${f.data.length} values, the model takes ${per}`);
    x.set(f.data, i * per);
  });
  return tf.tidy(() => {
    const out = m.model.predict(tf.tensor(x, [features.length, ...m.inputShape])) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

function toPrediction(labels: string[], probs: Float32Array, offset = 0): Prediction {
  const best = argmax(probs, offset, labels.length);
  const probabilities: Record<string, number> = {};
  labels.forEach((l, j) => (probabilities[l] = probs[offset + j]));
  return { label: labels[best], confidence: probs[offset + best], probabilities };
}

export interface PredictOptions {
  /** The speaker's own statistics (from their calibration clips); else the session's statistics. */
  calibration?: FeatureStats;
  /** Whose statistics a normalised model uses (a live stream has its own); default the model's shared one. */
  session?: SpeakerSession;
  /** Whether the session's running statistics take this clip in (default true; live rolling windows do not). */
  learn?: boolean;
}

/**
 * Decoded (or assembled) audio → features under the model's spec → prediction. A model trained
 * with per-speaker normalisation normalises with `opts.calibration`, else with its session's
 * calibration or running statistics (see SpeakerSession), and says which.
 */
export function predictAudio(m: LoadedModel, audio: DecodedAudio, opts: PredictOptions = {}): Prediction {
  const t0 = performance.now();
  let feature = extractFeatures(audio, m.meta.featureSpec);
  let normalisation: Prediction['normalisation'];
  const session = m.session && (opts.session ?? m.session);
  if (session && opts.calibration) {
    feature = { shape: feature.shape, data: applyStats(feature.data, opts.calibration) };
    normalisation = { source: 'calibration', clips: opts.calibration.clips };
  } else if (session) {
    const n = session.normalise(feature.data, opts.learn ?? true);
    feature = { shape: feature.shape, data: n.data };
    normalisation = { source: n.source, clips: n.clips };
  }
  const t1 = performance.now();
  const p = toPrediction(m.meta.labels, predictBatch(m, [feature]));
  return { ...p, timings: { featuresMs: t1 - t0, modelMs: performance.now() - t1 }, ...(normalisation ? { normalisation } : {}) };
}

/** Statistics of a speaker's calibration clips under the model's spec; sets them as `session`'s calibration (default the model's). */
export function calibrateModel(m: LoadedModel, audios: DecodedAudio[], session = m.session): FeatureStats {
  if (!m.session || !session) throw new PredictionError(`model ${m.meta.name} was not trained with per-speaker normalisation: it takes no calibration`);
  if (audios.length === 0) throw new PredictionError('calibration needs at least one clip');
  return session.calibrateFrom(audios.map((a) => extractFeatures(a, m.meta.featureSpec).data));
}

/** Live microphone audio as a DecodedAudio (mono float32 at its own rate); features resample it. */
export function audioFromSamples(samples: Float32Array, sampleRate: number): DecodedAudio {
  if (!(samples instanceof Float32Array)) throw new PredictionError('samples must be a Float32Array');
  if (!(Number.isInteger(sampleRate) && sampleRate >= 8000 && sampleRate <= 192000))
    throw new PredictionError(`sample rate must be a whole number of Hz from 8000 to 192000, got ${sampleRate}`);
  if (samples.length === 0) throw new PredictionError('no samples');
  if (samples.length > sampleRate * 600)
    throw new PredictionError(`too long for one prediction (${(samples.length / sampleRate).toFixed(0)} s; at most 600 s)`);
  return {
    format: 'wav',
    encoding: 'float32',
    sampleRate,
    channels: 1,
    bitsPerSample: 32,
    frames: samples.length,
    durationSeconds: samples.length / sampleRate,
    samples,
  };
}

export interface EvaluateClip {
  path: string;
  label: string;
  /** Groups clips for a per-speaker normalised model (absent: one unknown speaker). */
  speaker?: string;
}

export interface EvaluateOptions {
  /** Feature extraction for many clips (extractAll in the app; injectable for tests). */
  extract: (items: ExtractItem[], onProgress: (done: number, total: number) => void) => Promise<ExtractResult[]>;
  onProgress?: (stage: 'features' | 'predicting', done: number, total: number) => void;
  batchSize?: number;
  /** Clips whose features are held in memory at once (default 1024). */
  chunkSize?: number;
  signal?: AbortSignal;
}

export class EvaluationCancelledError extends Error {
  constructor() {
    super('evaluation was cancelled');
    this.name = 'EvaluationCancelledError';
  }
}

/**
 * Scores a model on labelled clips. Clips whose label the model does not know are excluded and
 * counted; clips that cannot be read are listed under `failed`.
 */
export async function evaluateClips(m: LoadedModel, clips: EvaluateClip[], opts: EvaluateOptions): Promise<EvaluationReport> {
  const labels = m.meta.labels;
  const index = new Map(labels.map((l, i) => [l, i]));
  const known = clips.filter((c) => index.has(c.label));
  const excluded = clips.length - known.length;
  const excludedLabels: Record<string, number> = {};
  for (const c of clips) if (!index.has(c.label)) excludedLabels[c.label] = (excludedLabels[c.label] ?? 0) + 1;
  if (known.length === 0) {
    const seen = [...new Set(clips.map((c) => c.label))].join(', ') || 'none';
    throw new PredictionError(`none of the ${clips.length} clips has a label this model knows (model: ${labels.join(', ')}; clips: ${seen})`);
  }
  // Features are extracted and scored a chunk at a time, so memory stays bounded on a large corpus;
  // a per-speaker normalised model needs each speaker's clips together, so it takes them all at once.
  const chunk = m.session ? Infinity : (opts.chunkSize ?? 1024);
  const batch = opts.batchSize ?? 128;
  const failed: { path: string; reason: string }[] = [];
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const misclassified: Misclassified[] = [];
  const predictions: ClipPrediction[] = [];
  for (let from = 0; from < known.length; from += chunk) {
    const clipsHere = known.slice(from, from + chunk);
    const results = await opts.extract(
      clipsHere.map((c) => ({ path: c.path })),
      (done) => opts.onProgress?.('features', from + done, known.length),
    );
    const usable: { clip: EvaluateClip; feature: FeatureMatrix }[] = [];
    results.forEach((r, i) => {
      if (r.ok) usable.push({ clip: clipsHere[i], feature: { shape: r.shape, data: r.data } });
      else failed.push({ path: r.path, reason: r.reason });
    });
    if (m.meta.normalisation) normaliseForEvaluation(m, usable);
    for (let start = 0; start < usable.length; start += batch) {
      if (opts.signal?.aborted) throw new EvaluationCancelledError();
      const part = usable.slice(start, start + batch);
      const probs = predictBatch(
        m,
        part.map((u) => u.feature),
      );
      const truth = part.map((u) => index.get(u.clip.label)!);
      const outcome = clipOutcomes(
        labels,
        part.map((u) => u.clip.path),
        truth,
        probs,
      );
      yTrue.push(...truth);
      yPred.push(...outcome.predictions.map((p) => index.get(p.predicted)!));
      predictions.push(...outcome.predictions);
      misclassified.push(...outcome.misclassified);
      opts.onProgress?.('predicting', yTrue.length + failed.length, known.length);
      // Let cancel messages in between batches.
      await new Promise((r) => setImmediate(r));
    }
  }
  if (yTrue.length === 0)
    throw new PredictionError(`none of the ${known.length} clips could be read (first problem: ${failed[0]?.path}: ${failed[0]?.reason})`);
  return { ...evaluatePredictions(labels, yTrue, yPred), misclassified, predictions, excluded, excludedLabels, failed };
}

/**
 * Each speaker's features standardised by their statistics: the model's own for a training speaker,
 * else those of their evaluated clips (their neutral ones under a 'neutral' basis), as a calibration would give.
 */
function normaliseForEvaluation(m: LoadedModel, usable: { clip: EvaluateClip; feature: FeatureMatrix }[]): void {
  const stats = evaluationStats(
    m.meta.normalisation!,
    usable.map((u) => ({ speaker: u.clip.speaker ?? 'unknown', label: u.clip.label, data: u.feature.data })),
  );
  for (const u of usable) u.feature = { shape: u.feature.shape, data: applyStats(u.feature.data, stats.get(u.clip.speaker ?? 'unknown')!) };
}
