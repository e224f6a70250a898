/**
 * The training worker: scan → features → split → train → evaluate → save, posting TrainEvents.
 * A { type: 'cancel' } message aborts between two batches (or during scan/extraction).
 */
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { APP_VERSION } from '../app-dirs';
import { scanCorpus, type Clip } from '../dataset';
import { initBackend } from '../model/backend';
import { packExamples } from '../model/dataset-tensors';
import { argmax, clipOutcomes, evaluatePredictions } from '../model/metrics';
import { getPreset, presetInputShape, type Preset } from '../model/presets';
import { makeSplit, summarizeSplit } from '../model/splits';
import { saveModel, type ModelMeta } from '../model/store';
import { predictProbabilities, trainModel, TrainingCancelledError } from '../model/train';
import { extractAll } from './extract-pool';
import { countEdge, throttleProgress } from './throttle';
import type { TrainEvent, TrainRequest, TrainWorkerCommand } from './train-job';

const port = parentPort!;
const controller = new AbortController();
const { request: req } = workerData as { request: TrainRequest };
const post = (e: TrainEvent) => port.postMessage(e);
let saving = false;

port.on('message', (m: TrainWorkerCommand) => {
  if (m?.type === 'cancel' && !saving) controller.abort();
});

class Cancelled extends Error {}
const checkCancel = () => {
  if (controller.signal.aborted) throw new Cancelled();
};

/**
 * Features of the clips (those that fail are left out and reported), the split, and the two packed
 * sides of it. In a function of its own so that the per-clip feature arrays can be collected once
 * packed: frame features of a whole corpus are hundreds of megabytes.
 */
async function prepareExamples(all: Clip[], preset: Preset) {
  post({ type: 'stage', stage: 'features', detail: preset.featureSpec.kind });
  const extracted = await extractAll(
    all.map((c) => ({ path: c.path, size: c.size, mtimeMs: c.mtimeMs })),
    preset.featureSpec,
    {
      cacheDir: req.cacheDir,
      signal: controller.signal,
      onProgress: throttleProgress((done: number, total: number) => post({ type: 'features', done, total }), countEdge),
    },
  );
  checkCancel();
  const clips: Clip[] = [];
  const features: { shape: number[]; data: Float32Array }[] = [];
  const failed: { path: string; reason: string }[] = [];
  extracted.forEach((r, i) => {
    if (r.ok) {
      clips.push(all[i]);
      features.push(r);
    } else failed.push({ path: r.path, reason: r.reason });
  });
  if (failed.length)
    post({
      type: 'log',
      message: `${failed.length} clip(s) left out, features failed: ${failed
        .slice(0, 3)
        .map((f) => `${basename(f.path)}: ${f.reason}`)
        .join('; ')}`,
    });

  // A label whose clips all failed would keep an output unit that no example ever trains: drop it.
  const labels = [...new Set(clips.map((c) => c.label))].sort();
  const dropped = [...new Set(all.map((c) => c.label))].filter((l) => !labels.includes(l)).sort();
  if (dropped.length) post({ type: 'log', message: `label(s) dropped, no clip of theirs gave features: ${dropped.join(', ')}` });
  if (labels.length < 2)
    throw new Error(`only ${labels.length} label(s) have clips with features (${labels.join(', ') || 'none'}); training needs at least 2 classes`);

  const split = makeSplit(clips, req.split);
  const inTrain = new Set(split.train);
  if (split.validation.some((i) => inTrain.has(i))) throw new Error('internal error: the split puts a clip in both training and validation');
  if (split.train.length === 0) throw new Error('the split leaves no clips for training');
  if (split.validation.length === 0) throw new Error('the split leaves no clips for validation');
  const y = clips.map((c) => labels.indexOf(c.label));
  const pack = (indices: number[]) => packExamples(features, y, presetInputShape(preset), labels.length, indices);
  return { labels, clips, failed, split, train: pack(split.train), validation: pack(split.validation) };
}

async function run(): Promise<void> {
  const preset = getPreset(req.preset);
  const backend = await initBackend(req.backend);
  post({ type: 'log', message: `backend: ${backend.name} (${backend.detail})` });

  post({ type: 'stage', stage: 'scan', detail: req.corpusDir });
  const manifest = await scanCorpus(req.corpusDir, { signal: controller.signal });
  checkCancel();
  if (manifest.problems.length) post({ type: 'log', message: `${manifest.problems.length} file(s) skipped by the scan (unreadable or unlabelled)` });
  const scanned = [...new Set(manifest.clips.map((c) => c.label))].sort();
  if (scanned.length < 2)
    throw new Error(`${req.corpusDir} has ${manifest.clips.length} labelled clip(s) in ${scanned.length} class(es); training needs at least 2 classes`);
  post({
    type: 'log',
    message: `${manifest.clips.length} clips (${manifest.corpus}), ${scanned.length} labels: ${scanned.join(', ')}; speakers: ${manifest.speakers.join(', ')}`,
  });

  const { labels, clips, failed, split, train, validation } = await prepareExamples(manifest.clips, preset);
  const splitSummary = summarizeSplit(split, clips);
  post({ type: 'log', message: `split: ${split.train.length} training, ${split.validation.length} validation clips` });

  post({ type: 'stage', stage: 'training', detail: `${preset.name}, ${req.epochs} epochs, batch ${req.batchSize}` });
  const learningRate = req.learningRate ?? preset.defaults.learningRate;
  const model = preset.build(labels.length, req.seed, learningRate);
  await preset.adapt?.(model, train);
  const outcome = await trainModel(model, train, validation, {
    epochs: req.epochs,
    batchSize: req.batchSize,
    seed: req.seed,
    numClasses: labels.length,
    earlyStopping: req.earlyStopping,
    signal: controller.signal,
    onBatch: (p) => post({ type: 'batch', ...p }),
    onEpoch: (m) => post({ type: 'epoch', ...m }),
  });

  post({ type: 'stage', stage: 'evaluating' });
  const probs = await predictProbabilities(model, validation, labels.length, 128, controller.signal);
  const yTrue = Array.from(validation.y);
  const yPred = yTrue.map((_, i) => argmax(probs, i * labels.length, labels.length));
  const report = {
    ...evaluatePredictions(labels, yTrue, yPred),
    ...clipOutcomes(
      labels,
      split.validation.map((i) => clips[i].path),
      yTrue,
      probs,
    ),
  };
  if (failed.length) report.failed = failed;
  checkCancel();

  saving = true;
  post({ type: 'stage', stage: 'saving', detail: req.outDir });
  const meta: ModelMeta = {
    format: 'ser-model',
    version: 1,
    name: req.name ?? basename(req.outDir),
    labels,
    featureSpec: preset.featureSpec,
    preset: preset.name,
    hyperParams: {
      epochs: req.epochs,
      batchSize: req.batchSize,
      learningRate,
      seed: req.seed,
      earlyStoppingPatience: req.earlyStopping?.patience ?? null,
      epochsRun: outcome.history.length,
      bestEpoch: outcome.bestEpoch,
    },
    split: splitSummary,
    history: outcome.history,
    report,
    backend: backend.name,
    createdAt: new Date().toISOString(),
    appVersion: APP_VERSION,
    corpus: { root: manifest.root, convention: manifest.corpus, clips: clips.length, failed: failed.length },
  };
  await saveModel(req.outDir, model, meta);
  model.dispose();
  post({
    type: 'result',
    modelDir: req.outDir,
    valAccuracy: report.accuracy,
    uar: report.uar,
    labels,
    confusionMatrix: report.confusionMatrix,
    epochs: outcome.history,
    backend: backend.name,
    backendDetail: backend.detail,
    report,
    split: splitSummary,
    stoppedEarly: outcome.stoppedEarly,
    bestEpoch: outcome.bestEpoch,
  });
}

// After the final event nothing should keep this thread alive (the parent terminates it anyway).
run().then(
  () => port.unref(),
  (err: unknown) => {
    const cancelled =
      err instanceof Cancelled || err instanceof TrainingCancelledError || (controller.signal.aborted && err instanceof Error && /cancel/i.test(err.message));
    post(cancelled ? { type: 'cancelled' } : { type: 'error', message: err instanceof Error ? err.message : String(err) });
    port.unref();
  },
);
