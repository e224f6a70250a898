/**
 * The training worker: scan → features → split → train → evaluate → save, posting TrainEvents.
 * A { type: 'cancel' } message aborts between two batches (or during scan/extraction).
 */
import { basename } from 'node:path';
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import type { Examples } from '../model/dataset-tensors';
import { APP_VERSION } from '../app-dirs';
import { scanCorpus } from '../dataset';
import { DEFAULT_LABEL_MAP, describeRelabelling, trainingCorpus } from '../dataset/corpora';
import { initBackend, type BackendName } from '../model/backend';
import { specAugment } from '../model/augment';
import { argmax, clipOutcomes, evaluatePredictions } from '../model/metrics';
import { getPreset, presetInputShape } from '../model/presets';
import { summarizeSplit } from '../model/splits';
import { saveModel, type ModelMeta } from '../model/store';
import { predictProbabilities, trainModel, TrainingCancelledError } from '../model/train';
import { SeededRandom } from '../model/train-random';
import { defaultTrainThreads } from '../model/training-types';
import { ReplicaClient } from './replica-client';
import { prepareExamples } from './train-examples';
import type { TrainEvent, TrainRequest } from './train-job';
import type { WorkerJobCommand } from './worker-job';

const port = parentPort!;
const controller = new AbortController();
const { request: req } = workerData as { request: TrainRequest };
const post = (e: TrainEvent) => port.postMessage(e);
let saving = false;

port.on('message', (m: WorkerJobCommand) => {
  if (m?.type === 'cancel' && !saving) controller.abort();
});

class Cancelled extends Error {}

/** The replica for data-parallel training, or undefined (and a log line saying why) when it cannot start. */
async function startReplica(model: tf.LayersModel, backend: BackendName, learningRate: number, validation: Examples): Promise<ReplicaClient | undefined> {
  try {
    const replica = await ReplicaClient.start(model, { backend, learningRate }, validation);
    post({ type: 'log', message: "training on 2 threads: each batch split in two, the halves' gradients combined" });
    return replica;
  } catch (err) {
    post({ type: 'log', message: `training on 1 thread: the second could not start (${err instanceof Error ? err.message : String(err)})` });
    return undefined;
  }
}
const checkCancel = () => {
  if (controller.signal.aborted) throw new Cancelled();
};

/** SpecAugment on each training batch of frame features, seeded from the run's seed; undefined when off. */
function maskBatch(): ((x: Float32Array, n: number) => void) | undefined {
  const masks = req.augmentation?.specAugment;
  const preset = getPreset(req.preset);
  if (!masks || preset.featureSpec.kind !== 'frames') return undefined;
  const rng = new SeededRandom(req.seed ^ 0x5a5a);
  const blocks = preset.featureSpec.deltas ? 3 : 1;
  return (x, n) => specAugment(x, n, presetInputShape(preset), masks, blocks, rng);
}

async function run(): Promise<void> {
  const preset = getPreset(req.preset);
  const backend = await initBackend(req.backend);
  post({ type: 'log', message: `backend: ${backend.name} (${backend.detail})` });

  post({ type: 'stage', stage: 'scan', detail: req.corpusDir });
  const manifests = [];
  for (const dir of [req.corpusDir, ...(req.extraCorpusDirs ?? [])]) {
    manifests.push(await scanCorpus(dir, { signal: controller.signal }));
    checkCancel();
  }
  const problems = manifests.reduce((n, m) => n + m.problems.length, 0);
  if (problems) post({ type: 'log', message: `${problems} file(s) skipped by the scan (unreadable or unlabelled)` });
  // One corpus keeps its labels and speakers as scanned unless a label map is given.
  const { clips: corpusClips, speakers, merged } = trainingCorpus(manifests, req.labelMap);
  if (merged) {
    for (const c of merged.corpora) post({ type: 'log', message: `corpus ${c.root} (${c.convention}): ${c.clips} clips` });
    const relabelling = describeRelabelling(merged);
    if (relabelling) post({ type: 'log', message: `labels mapped: ${relabelling}` });
  }
  const manifest = manifests[0]!;
  const scanned = [...new Set(corpusClips.map((c) => c.label))].sort();
  const where = merged && manifests.length > 1 ? `${manifests.length} corpora` : req.corpusDir;
  if (scanned.length < 2)
    throw new Error(`${where} has ${corpusClips.length} labelled clip(s) in ${scanned.length} class(es); training needs at least 2 classes`);
  post({
    type: 'log',
    message: `${corpusClips.length} clips (${manifests.map((m) => m.corpus).join(' + ')}), ${scanned.length} labels: ${scanned.join(', ')}; speakers: ${speakers.join(', ')}`,
  });

  const { labels, clips, failed, split, train, validation, normalisation } = await prepareExamples(corpusClips, preset, req, {
    signal: controller.signal,
    post,
  });
  checkCancel();
  const splitSummary = summarizeSplit(split, clips);
  post({ type: 'log', message: `split: ${split.train.length} training, ${split.validation.length} validation clips` });

  post({ type: 'stage', stage: 'training', detail: `${preset.name}, ${req.epochs} epochs, batch ${req.batchSize}` });
  const learningRate = req.learningRate ?? preset.defaults.learningRate;
  const model = preset.build(labels.length, req.seed, learningRate);
  await preset.adapt?.(model, train);
  const threads = req.threads ?? defaultTrainThreads(availableParallelism(), train.count, req.batchSize, preset.dataParallel);
  const replica = threads > 1 ? await startReplica(model, backend.name, learningRate, validation) : undefined;
  const outcome = await trainModel(model, train, validation, {
    replica,
    epochs: req.epochs,
    batchSize: req.batchSize,
    seed: req.seed,
    numClasses: labels.length,
    earlyStopping: req.earlyStopping,
    signal: controller.signal,
    onBatch: (p) => post({ type: 'batch', ...p }),
    onEpoch: (m) => post({ type: 'epoch', ...m }),
    augmentBatch: maskBatch(),
  }).finally(() => replica?.close());

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
    corpus: {
      root: manifest.root,
      convention: manifest.corpus,
      clips: corpusClips.length - failed.length,
      failed: failed.length,
      ...(merged && manifests.length > 1 ? { corpora: merged.corpora } : {}),
      ...(merged ? { labelMap: req.labelMap ?? DEFAULT_LABEL_MAP } : {}),
    },
    ...(normalisation ? { normalisation } : {}),
    ...(req.augmentation ? { augmentation: req.augmentation } : {}),
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
