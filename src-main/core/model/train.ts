/**
 * The training loop: one trainOnBatch per batch, so progress is reported per batch, the order is
 * shuffled by our own seeded PRNG (tf's fit shuffles with Math.random) and a cancel request is
 * seen between two batches (well under a second).
 */
import * as tf from '@tensorflow/tfjs';
import { batchArrays, batchTensors, sliceExamples, type Examples } from './dataset-tensors';
import { applyGradients, batchGradients, combineGradients, type BatchGradients } from './gradient-step';
import { SeededRandom } from './train-random';
import type { BatchProgress, EpochMetrics } from './training-types';

export type { BatchProgress, EpochMetrics };

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  numClasses: number;
  /** Stop when validation loss (training loss without validation) has not improved for `patience` epochs; the best weights are restored. */
  earlyStopping?: { patience: number };
  /** Checked between batches. */
  signal?: { readonly aborted: boolean };
  onBatch?: (p: BatchProgress) => void;
  /** Changes each training batch's inputs in place (SpecAugment); validation batches are left alone. */
  augmentBatch?: (x: Float32Array, n: number) => void;
  onEpoch?: (m: EpochMetrics) => void;
  /** A copy of the model in another thread that takes the second half of every batch (data-parallel training). */
  replica?: GradientReplica;
}

/** What data-parallel training needs of the other thread (core/jobs/replica-client.ts). */
export interface GradientReplica {
  /** The gradients of x [shape] against one-hot y; the arrays are handed over (transferred). */
  gradients(x: Float32Array, y: Float32Array, shape: number[]): Promise<BatchGradients>;
  /** Applies the batch's combined gradients, as the training thread does: the two copies stay equal. */
  apply(grads: Float32Array[]): void;
  /** How many validation examples, the last ones (replicaValidationShare), the replica holds: it predicts those. */
  readonly validationShare: number;
  /** Its share's class probabilities with the weights of now. */
  validationProbabilities(): Promise<Float32Array>;
}

/** The validation examples a replica holds and predicts each epoch: the last half. */
export const replicaValidationShare = (count: number): number => Math.floor(count / 2);

export interface TrainOutcome {
  history: EpochMetrics[];
  /** 1-based epoch whose weights the model holds at the end. */
  bestEpoch: number;
  stoppedEarly: boolean;
}

export class TrainingCancelledError extends Error {
  constructor() {
    super('training was cancelled');
    this.name = 'TrainingCancelledError';
  }
}

/**
 * One batch split between this thread and the replica: the first half here, the rest there at the same time,
 * the gradients combined (weighted by the halves' sizes) and applied on both sides. Returns [loss, accuracy].
 */
async function sharedStep(
  model: tf.LayersModel,
  replica: GradientReplica,
  train: Examples,
  order: Int32Array,
  start: number,
  n: number,
  opts: TrainOptions,
): Promise<[number, number]> {
  const here = Math.ceil(n / 2);
  const there = n - here;
  const mine = batchTensors(train, order, start, here, opts.numClasses, opts.augmentBatch);
  let remote: Promise<BatchGradients> | undefined;
  if (there > 0) {
    const b = batchArrays(train, order, start + here, there, opts.numClasses, opts.augmentBatch);
    remote = replica.gradients(b.x, b.y, b.shape);
    // Awaited below; should this thread's half fail first, the replica's answer must not go unhandled.
    remote.catch(() => undefined);
  }
  let local: BatchGradients;
  try {
    local = await batchGradients(model, mine.x, mine.y);
  } finally {
    tf.dispose([mine.x, mine.y]);
  }
  const other = await remote;
  const grads = other ? combineGradients(local.grads, here, other.grads, there) : local.grads;
  replica.apply(grads);
  applyGradients(model, grads);
  return [(local.loss * here + (other?.loss ?? 0) * there) / n, (local.correct + (other?.correct ?? 0)) / n];
}

/** Lets queued messages (a cancel request) run: awaiting a resolved promise does not. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkOptions(o: TrainOptions, train: Examples): void {
  const positiveInt = (name: string, v: number) => {
    if (!(Number.isInteger(v) && v > 0)) throw new Error(`${name} must be a positive integer (got ${v})`);
  };
  positiveInt('epochs', o.epochs);
  positiveInt('batch size', o.batchSize);
  if (o.earlyStopping) positiveInt('early-stopping patience', o.earlyStopping.patience);
  if (train.count === 0) throw new Error('no training examples');
}

/** Mean categorical cross-entropy (Keras clips to [1e-7, 1 − 1e-7]) and accuracy of probabilities. */
export function lossAndAccuracy(probs: Float32Array, labels: Int32Array, numClasses: number): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = probs.subarray(i * numClasses, (i + 1) * numClasses);
    let sum = 0;
    let best = 0;
    for (let c = 0; c < numClasses; c++) {
      sum += row[c];
      if (row[c] > row[best]) best = c;
    }
    const p = Math.min(Math.max(row[labels[i]] / sum, 1e-7), 1 - 1e-7);
    loss -= Math.log(p);
    if (best === labels[i]) correct++;
  }
  return { loss: labels.length ? loss / labels.length : NaN, accuracy: labels.length ? correct / labels.length : NaN };
}

/** Class probabilities [count × numClasses], in batches so memory stays bounded and cancel is seen. */
export async function predictProbabilities(
  model: tf.LayersModel,
  ex: Examples,
  numClasses: number,
  batchSize = 128,
  signal?: { readonly aborted: boolean },
): Promise<Float32Array> {
  const out = new Float32Array(ex.count * numClasses);
  const order = Int32Array.from({ length: ex.count }, (_, i) => i);
  for (let start = 0; start < ex.count; start += batchSize) {
    if (signal?.aborted) throw new TrainingCancelledError();
    const n = Math.min(batchSize, ex.count - start);
    const { x, y } = batchTensors(ex, order, start, n, numClasses);
    const p = model.predict(x, { batchSize: n }) as tf.Tensor;
    out.set(await p.data(), start * numClasses);
    tf.dispose([x, y, p]);
    await yieldToEventLoop();
  }
  return out;
}

/** The validation set's probabilities after an epoch: the replica predicts its share while this thread predicts the rest. */
async function validationProbabilities(model: tf.LayersModel, validation: Examples, opts: TrainOptions): Promise<Float32Array> {
  const batch = Math.max(opts.batchSize, 128);
  const share = opts.replica?.validationShare ?? 0;
  if (share === 0) return predictProbabilities(model, validation, opts.numClasses, batch, opts.signal);
  const mine = validation.count - share;
  const theirs = opts.replica!.validationProbabilities();
  theirs.catch(() => undefined); // awaited below, unless this thread's part fails (or is cancelled) first
  const out = new Float32Array(validation.count * opts.numClasses);
  out.set(await predictProbabilities(model, sliceExamples(validation, 0, mine), opts.numClasses, batch, opts.signal));
  out.set(await theirs, mine * opts.numClasses);
  return out;
}

export async function trainModel(model: tf.LayersModel, train: Examples, validation: Examples | undefined, opts: TrainOptions): Promise<TrainOutcome> {
  checkOptions(opts, train);
  const { epochs, batchSize, numClasses, signal } = opts;
  const rng = new SeededRandom(opts.seed);
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const batches = Math.ceil(train.count / batchSize);
  const history: EpochMetrics[] = [];
  const hasVal = validation !== undefined && validation.count > 0;
  let best = { value: Infinity, epoch: 0, weights: undefined as tf.Tensor[] | undefined };
  let stoppedEarly = false;
  const started = performance.now();
  let batchesDone = 0;
  const totalBatches = epochs * batches;

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      rng.shuffle(order);
      let lossSum = 0;
      let correctSum = 0;
      for (let b = 0; b < batches; b++) {
        if (signal?.aborted) throw new TrainingCancelledError();
        const start = b * batchSize;
        const n = Math.min(batchSize, train.count - start);
        let result: number | number[];
        if (opts.replica) result = await sharedStep(model, opts.replica, train, order, start, n, opts);
        else {
          const { x, y } = batchTensors(train, order, start, n, numClasses, opts.augmentBatch);
          try {
            result = await model.trainOnBatch(x, y);
          } finally {
            tf.dispose([x, y]);
          }
        }
        const [loss, accuracy] = Array.isArray(result) ? result : [result, NaN];
        if (!Number.isFinite(loss)) throw new Error(`training diverged: loss is ${loss} at epoch ${epoch}, batch ${b + 1}`);
        lossSum += loss * n;
        correctSum += accuracy * n;
        batchesDone++;
        const seen = Math.min((b + 1) * batchSize, train.count);
        const perBatch = (performance.now() - started) / 1000 / batchesDone;
        opts.onBatch?.({
          epoch,
          batch: b + 1,
          batches,
          loss: lossSum / seen,
          accuracy: correctSum / seen,
          etaSeconds: perBatch * (totalBatches - batchesDone),
        });
        await yieldToEventLoop();
      }
      const metrics: EpochMetrics = { epoch, seconds: 0, loss: lossSum / train.count, accuracy: correctSum / train.count };
      if (hasVal) {
        const probs = await validationProbabilities(model, validation, opts);
        const v = lossAndAccuracy(probs, validation.y, numClasses);
        metrics.valLoss = v.loss;
        metrics.valAccuracy = v.accuracy;
      }
      metrics.seconds = (performance.now() - epochStart) / 1000;
      history.push(metrics);
      opts.onEpoch?.(metrics);

      if (opts.earlyStopping) {
        const monitored = hasVal ? metrics.valLoss! : metrics.loss;
        if (monitored < best.value) {
          tf.dispose(best.weights ?? []);
          best = { value: monitored, epoch, weights: model.getWeights().map((w) => w.clone()) };
        } else if (epoch - best.epoch >= opts.earlyStopping.patience) {
          stoppedEarly = true;
          break;
        }
      }
    }
    if (opts.earlyStopping && best.weights && best.epoch !== history.length) model.setWeights(best.weights);
    return { history, bestEpoch: opts.earlyStopping && best.epoch ? best.epoch : history.length, stoppedEarly };
  } finally {
    tf.dispose(best.weights ?? []);
  }
}
