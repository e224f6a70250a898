/**
 * "Teach it your voice": fine-tunes a saved model on a person's labelled recordings into a new
 * model, and measures the source and the new model on recordings held out from the fine-tuning.
 * The source folder is only read. It stays close to its source by replaying a sample of the source's
 * training corpus when that is on disk, else by training only its last layers.
 */
import * as tf from '@tensorflow/tfjs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { APP_VERSION } from '../app-dirs';
import { initBackend } from './backend';
import type { Examples } from './dataset-tensors';
import { argmax, clipOutcomes, evaluatePredictions, type EvaluationReport } from './metrics';
import { compileClassifier } from './presets';
import { summarizeSplit } from './splits';
import { loadModel, ModelStoreError, saveModel, type ModelMeta } from './store';
import { REPLAY_PER_RECORDING, replaySample, teachExamples, type TeachClip } from './teach-examples';
import { scanRecordings } from './teach-recordings';
import { HELD_OUT_FRACTION, splitRecordings, TeachRecordingsError } from './teach-split';
import {
  DEFAULT_TEACH_BATCH_SIZE,
  DEFAULT_TEACH_EPOCHS,
  TEACH_LEARNING_RATE_FACTOR,
  TeachCancelledError,
  type TeachEvent,
  type TeachMethod,
  type TeachPlan,
  type TeachRequest,
  type TeachResult,
} from './teach-types';
import { predictProbabilities, trainModel } from './train';
import { DEFAULT_SEED } from './train-settings';

/** Layers (with weights) that train under 'frozen-layers', counted from the output: the output layer alone; every other weight, BatchNormalization's statistics included, stays the source's. */
export const TRAINED_LAST_LAYERS = 1;

export interface TeachOptions {
  /** Checked between batches and during scan and feature extraction; an abort throws TeachCancelledError and writes nothing. */
  signal?: AbortSignal;
  onEvent?: (e: TeachEvent) => void;
}

function checkWhole(name: string, v: number, lo: number, hi: number): void {
  if (!(Number.isInteger(v) && v >= lo && v <= hi)) throw new RangeError(`${name} must be a whole number from ${lo} to ${hi} (got ${v})`);
}

async function scoreHeldOut(model: tf.LayersModel, ex: Examples, labels: string[], paths: string[], signal?: AbortSignal): Promise<EvaluationReport> {
  const probs = await predictProbabilities(model, ex, labels.length, 128, signal);
  const yTrue = Array.from(ex.y);
  const yPred = yTrue.map((_, i) => argmax(probs, i * labels.length, labels.length));
  return { ...evaluatePredictions(labels, yTrue, yPred), ...clipOutcomes(labels, paths, yTrue, probs) };
}

/**
 * Freezes all but the last TRAINED_LAST_LAYERS layers that have weights. Returns the names of those
 * that train, and a function that puts the frozen layers' weights back after training: tfjs's
 * BatchNormalization updates its moving statistics in training even when it is not trainable.
 */
function freezeAllButLast(model: tf.LayersModel): { trained: string[]; restoreFrozen: () => void } {
  const weighted = model.layers.filter((l) => l.weights.length > 0);
  const trained = new Set(weighted.slice(-TRAINED_LAST_LAYERS));
  for (const l of model.layers) l.trainable = trained.has(l);
  const frozen = weighted.filter((l) => !trained.has(l)).map((l) => ({ layer: l, weights: l.getWeights().map((w) => w.clone()) }));
  return {
    trained: [...trained].map((l) => l.name),
    restoreFrozen: () => {
      for (const f of frozen) f.layer.setWeights(f.weights);
      tf.dispose(frozen.flatMap((f) => f.weights));
    },
  };
}

/**
 * Teaches the model in `req.modelDir` the voice of the recordings in `req.recordingsDir` and saves
 * the result as a new model in `req.outDir`. Throws TeachRecordingsError when the recordings cannot
 * teach it, ModelStoreError for a missing or broken source (or an existing outDir), RangeError for a
 * bad setting, TeachCancelledError on abort.
 */
export async function teachModel(req: TeachRequest, opts: TeachOptions = {}): Promise<TeachResult> {
  const { signal } = opts;
  const post = (e: TeachEvent) => opts.onEvent?.(e);
  const epochs = req.epochs ?? DEFAULT_TEACH_EPOCHS;
  const seed = req.seed ?? DEFAULT_SEED;
  const batchSize = req.batchSize ?? DEFAULT_TEACH_BATCH_SIZE;
  checkWhole('epochs', epochs, 1, 1000);
  checkWhole('seed', seed, 0, 2 ** 32 - 1);
  checkWhole('batch size', batchSize, 1, 65_536);
  const modelDir = resolve(req.modelDir);
  const outDir = resolve(req.outDir);
  if (outDir === modelDir) throw new ModelStoreError(outDir, 'is the model being taught; a taught model is always a new one');
  if (await stat(outDir).catch(() => undefined)) throw new ModelStoreError(outDir, 'already exists; a taught model is always a new model folder');

  const backend = await initBackend(req.backend);
  post({ type: 'log', message: `backend: ${backend.name} (${backend.detail})` });
  const { model, meta } = await loadModel(modelDir);
  try {
    return await teach(model, meta, { ...req, modelDir, outDir, epochs, seed, batchSize }, backend.name, post, signal);
  } catch (err) {
    if (signal?.aborted) throw new TeachCancelledError();
    throw err;
  } finally {
    model.dispose();
  }
}

type Settled = TeachRequest & { epochs: number; seed: number; batchSize: number };

async function teach(model: tf.LayersModel, meta: ModelMeta, req: Settled, backend: string, post: (e: TeachEvent) => void, signal?: AbortSignal) {
  post({ type: 'stage', stage: 'scan', detail: req.recordingsDir });
  const recordings = await scanRecordings(req.recordingsDir, signal);
  if (recordings.problems.length) {
    const skipped = `${recordings.problems.length} file(s) skipped (first: ${recordings.problems[0].path}: ${recordings.problems[0].reason})`;
    if (recordings.clips.length === 0)
      throw new TeachRecordingsError(`${recordings.root} holds no recordings in <speaker>/<label>/ folders as the Live view saves them; ${skipped}`);
    post({ type: 'log', message: `recordings: ${skipped}` });
  }
  const split = splitRecordings(recordings.clips, meta.labels, req.seed);
  const replay = await replaySample(meta, Math.ceil((REPLAY_PER_RECORDING * split.fineTune.length) / meta.labels.length), req.seed, signal);

  post({ type: 'stage', stage: 'features', detail: meta.featureSpec.kind });
  const clips: TeachClip[] = [
    ...split.fineTune.map((c) => ({ ...c, role: 'fine-tune' as const })),
    ...split.heldOut.map((c) => ({ ...c, role: 'held-out' as const })),
    ...replay.clips.map((c) => ({ ...c, role: 'replay' as const })),
  ];
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const ex = await teachExamples(clips, meta, inputShape, { cacheDir: req.cacheDir, signal, post });
  // Decided on what could be read: replayed clips whose features all failed replay nothing.
  const method: TeachMethod = ex.counts.replayed > 0 ? 'replay' : 'frozen-layers';
  const plan: TeachPlan = {
    ...ex.counts,
    perLabel: split.perLabel,
    unknownLabels: split.unknownLabels,
    method,
    methodDetail:
      method === 'replay'
        ? `${ex.counts.replayed} clips of its training ${replay.roots.length > 1 ? 'corpora' : 'corpus'} ${replay.roots.join(' + ')} mixed in`
        : `its training corpus ${typeof meta.corpus?.root === 'string' ? `(${meta.corpus.root}) is not on disk` : 'is not recorded'}: only its last ${TRAINED_LAST_LAYERS === 1 ? 'layer trains' : `${TRAINED_LAST_LAYERS} layers train`}`,
  };
  post({ type: 'plan', ...plan });

  post({ type: 'stage', stage: 'before' });
  const before = await scoreHeldOut(model, ex.heldOut, meta.labels, ex.heldOutPaths, signal);

  const learningRate = req.learningRate ?? meta.hyperParams.learningRate * TEACH_LEARNING_RATE_FACTOR;
  const frozen = method === 'frozen-layers' ? freezeAllButLast(model) : undefined;
  compileClassifier(model, learningRate);
  post({ type: 'stage', stage: 'fine-tune', detail: `${req.epochs} epochs, learning rate ${learningRate}` });
  let outcome;
  try {
    outcome = await trainModel(model, ex.train, ex.heldOut, {
      epochs: req.epochs,
      batchSize: req.batchSize,
      seed: req.seed,
      numClasses: meta.labels.length,
      signal,
      onBatch: (p) => post({ type: 'batch', ...p }),
      onEpoch: (m) => post({ type: 'epoch', epochs: req.epochs, ...m }),
    });
  } finally {
    frozen?.restoreFrozen();
  }
  for (const l of model.layers) l.trainable = true;

  post({ type: 'stage', stage: 'after' });
  const after = await scoreHeldOut(model, ex.heldOut, meta.labels, ex.heldOutPaths, signal);
  if (signal?.aborted) throw new TeachCancelledError();

  post({ type: 'stage', stage: 'saving', detail: req.outDir });
  const name = req.name ?? basename(req.outDir);
  const scored = new Set(ex.heldOutPaths);
  const taught: ModelMeta = {
    ...meta,
    name,
    hyperParams: {
      epochs: req.epochs,
      batchSize: req.batchSize,
      learningRate,
      seed: req.seed,
      epochsRun: outcome.history.length,
      bestEpoch: outcome.bestEpoch,
    },
    // Held-out recordings as its validation clips: `ser evaluate` on the recordings then scores only those.
    split: summarizeSplit(
      {
        spec: { kind: 'random', valFraction: HELD_OUT_FRACTION, seed: req.seed },
        train: clips.flatMap((c, i) => (c.role === 'held-out' ? [] : [i])),
        validation: clips.flatMap((c, i) => (c.role === 'held-out' && scored.has(c.path) ? [i] : [])),
      },
      clips,
    ),
    history: outcome.history,
    report: after,
    backend,
    createdAt: new Date().toISOString(),
    appVersion: APP_VERSION,
    corpus: { root: resolve(req.recordingsDir), convention: 'folder-per-label', clips: ex.counts.fineTune + ex.counts.heldOut },
    ...(ex.normalisation ? { normalisation: ex.normalisation } : {}),
    teach: {
      sourceModel: { id: basename(req.modelDir), name: meta.name },
      recordingsDir: resolve(req.recordingsDir),
      method,
      ...(replay.roots.length && method === 'replay' ? { replayCorpora: replay.roots } : {}),
      ...(frozen ? { trainedLayers: frozen.trained } : {}),
      counts: {
        fineTune: ex.counts.fineTune,
        heldOut: ex.counts.heldOut,
        replayed: ex.counts.replayed,
        unknownLabel: Object.values(split.unknownLabels).reduce((a, b) => a + b, 0),
      },
      epochs: outcome.history.length,
      learningRate,
      seed: req.seed,
      heldOutPaths: ex.heldOutPaths,
      before: { accuracy: before.accuracy, uar: before.uar },
      after: { accuracy: after.accuracy, uar: after.uar },
    },
  };
  delete taught.augmentation;
  await saveModel(req.outDir, model, taught);
  return {
    modelDir: req.outDir,
    modelId: basename(req.outDir),
    name,
    plan,
    before,
    after,
    epochs: outcome.history,
    learningRate,
    backend,
  } satisfies TeachResult;
}
