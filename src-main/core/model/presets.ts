/**
 * Model presets: the notebook's `seed` LSTM, and `sequence`, a statistics-pooling model over
 * MFCC frames, meant to generalise across speakers.
 * Every random initialiser and dropout stream is derived from one seed.
 */
import * as tf from '@tensorflow/tfjs';
import { defaultFramesSpec, featureShape, SEED_SPEC, type FeatureSpec } from '../features/spec';
import { sizeOf, type Examples } from './dataset-tensors';
import { SerOrthogonal } from './orthogonal';
import { FrameStatsPooling, SeededDropout } from './presets-layers';
import { SeededRandom } from './train-random';
import { PRESET_NAMES, type PresetName } from './training-types';

export { PRESET_NAMES, type PresetName };

export interface Preset {
  name: PresetName;
  description: string;
  featureSpec: FeatureSpec;
  defaults: { epochs: number; batchSize: number; learningRate: number };
  /** Whether training on 2 threads (core/jobs/replica-client.ts) pays for this model; measured by bench-train. */
  dataParallel: boolean;
  /** A compiled model. `learningRate` defaults to `defaults.learningRate`. */
  build(numClasses: number, seed: number, learningRate?: number): tf.LayersModel;
  /** Sets state that depends on the training data (not learned by gradients) before training starts. */
  adapt?(model: tf.LayersModel, train: Examples): Promise<void>;
}

export class PresetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PresetError';
  }
}

export function compileClassifier(model: tf.LayersModel, learningRate: number): tf.LayersModel {
  // Keras Adam defaults (beta1 0.9, beta2 0.999, epsilon 1e-7).
  model.compile({ optimizer: tf.train.adam(learningRate, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function checkClasses(numClasses: number): void {
  if (!(Number.isInteger(numClasses) && numClasses >= 2)) throw new PresetError(`a classifier needs at least 2 classes (got ${numClasses})`);
}

/** Keras Dense defaults: glorot_uniform kernel, zero bias. */
function dense(units: number, activation: 'relu' | 'softmax', rng: SeededRandom, name: string) {
  return tf.layers.dense({ units, activation, name, kernelInitializer: tf.initializers.glorotUniform({ seed: rng.fork() }), biasInitializer: 'zeros' });
}

const seedPreset: Preset = {
  name: 'seed',
  description: "The Kaggle notebook's model: LSTM(256) over the 40 mean MFCCs as a 40-step sequence, three dropout-separated dense layers.",
  featureSpec: SEED_SPEC,
  defaults: { epochs: 30, batchSize: 64, learningRate: 1e-3 },
  // The LSTM's products dominate a step: 2 threads train an epoch about 1.6x faster.
  dataParallel: true,
  build(numClasses, seed, learningRate = 1e-3) {
    checkClasses(numClasses);
    const rng = new SeededRandom(seed);
    const model = tf.sequential({ name: 'seed' });
    // Keras LSTM defaults: tanh, sigmoid gates, glorot_uniform / orthogonal / zeros, unit forget bias.
    model.add(
      tf.layers.lstm({
        units: 256,
        inputShape: [40, 1],
        name: 'lstm',
        activation: 'tanh',
        recurrentActivation: 'sigmoid',
        kernelInitializer: tf.initializers.glorotUniform({ seed: rng.fork() }),
        recurrentInitializer: new SerOrthogonal({ seed: rng.fork() }),
        biasInitializer: 'zeros',
        unitForgetBias: true,
      }),
    );
    model.add(new SeededDropout({ rate: 0.2, seed: rng.fork(), name: 'dropout_1' }));
    model.add(dense(128, 'relu', rng, 'dense_1'));
    model.add(new SeededDropout({ rate: 0.2, seed: rng.fork(), name: 'dropout_2' }));
    model.add(dense(64, 'relu', rng, 'dense_2'));
    model.add(new SeededDropout({ rate: 0.2, seed: rng.fork(), name: 'dropout_3' }));
    model.add(dense(numClasses, 'softmax', rng, 'output'));
    return compileClassifier(model, learningRate);
  },
};

/** Frame features of `sequence`: all 128 cepstral coefficients (the whole log-mel envelope) + deltas. */
const SEQUENCE_SPEC: FeatureSpec = Object.freeze({ ...defaultFramesSpec(), nMfcc: 128, normalize: false });

/**
 * `sequence`: statistics of the MFCC frames → standardisation → dropout → softmax.
 * Chosen on TESS's speaker-independent splits (train on one speaker, test on the other), where
 * anything that learns more from one training voice learns the voice: convolutions over the
 * frames, a hidden layer, per-clip standardised or augmented frames all did worse or no better.
 * What helped was more cepstral detail (all 128 coefficients of the 128 mel bands instead of 40) and
 * extremes taken relative to the clip's mean (see FrameStatsPooling).
 */
function buildSequenceModel(inputShape: number[], numClasses: number, seed: number, learningRate: number): tf.LayersModel {
  checkClasses(numClasses);
  const rng = new SeededRandom(seed);
  const input = tf.input({ shape: inputShape, name: 'frames' });
  let x = new FrameStatsPooling({ name: 'stats_pool' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'stats_norm' }).apply(x) as tf.SymbolicTensor;
  x = new SeededDropout({ rate: 0.5, seed: rng.fork(), name: 'dropout' }).apply(x) as tf.SymbolicTensor;
  const output = dense(numClasses, 'softmax', rng, 'output').apply(x) as tf.SymbolicTensor;
  return compileClassifier(tf.model({ inputs: input, outputs: output, name: 'sequence' }), learningRate);
}

const sequencePreset: Preset = {
  name: 'sequence',
  description:
    'All 128 MFCCs + deltas + delta-deltas per frame (≤ 3 s) → mean, std, max and min (relative to the mean) of each over the real frames → standardised → dropout → softmax. Made to carry over to voices it was not trained on better than seed.',
  featureSpec: SEQUENCE_SPEC,
  defaults: { epochs: 30, batchSize: 32, learningRate: 1e-3 },
  // A step is cheap next to copying its frames to the other thread (1.05x faster, 400 MB more), and each
  // copy's batch normalisation would follow only its own halves.
  dataParallel: false,
  build(numClasses, seed, learningRate = 1e-3) {
    return buildSequenceModel(featureShape(this.featureSpec), numClasses, seed, learningRate);
  },
  adapt: adaptStatsNorm,
};

/**
 * Starts the standardisation's moving mean and variance at the training set's. They are what
 * inference uses; left at 0 and 1 they take hundreds of batches to reach statistics of MFCCs in
 * the hundreds, and a short run (few epochs, early stopping) would predict one class for everything.
 */
async function adaptStatsNorm(model: tf.LayersModel, train: Examples): Promise<void> {
  const pool = model.getLayer('stats_pool');
  const norm = model.getLayer('stats_norm');
  const size = sizeOf(train.inputShape);
  const width = norm.getWeights()[0].shape[0];
  const sum = new Float64Array(width);
  const sumSq = new Float64Array(width);
  for (let start = 0; start < train.count; start += 64) {
    const n = Math.min(64, train.count - start);
    const x = tf.tensor(train.x.subarray(start * size, (start + n) * size), [n, ...train.inputShape]);
    const pooled = pool.apply(x) as tf.Tensor;
    const v = await pooled.data();
    tf.dispose([x, pooled]);
    for (let i = 0; i < v.length; i++) {
      sum[i % width] += v[i];
      sumSq[i % width] += v[i] * v[i];
    }
  }
  const mean = Float32Array.from(sum, (s) => s / train.count);
  const variance = Float32Array.from(sumSq, (s, i) => Math.max(s / train.count - mean[i] ** 2, 0));
  const [gamma, beta] = norm.getWeights();
  const moving = [tf.tensor1d(mean), tf.tensor1d(variance)];
  norm.setWeights([gamma, beta, ...moving]);
  tf.dispose(moving);
}

const PRESETS: Record<PresetName, Preset> = { seed: seedPreset, sequence: sequencePreset };

export function getPreset(name: string): Preset {
  const preset = (PRESETS as Record<string, Preset | undefined>)[name];
  if (!preset) throw new PresetError(`unknown preset "${name}" (expected ${PRESET_NAMES.join(' or ')})`);
  return preset;
}

/** The input shape a preset's model takes per example (e.g. [40, 1] for seed). */
export function presetInputShape(preset: Preset): number[] {
  return preset.name === 'seed' ? [40, 1] : featureShape(preset.featureSpec);
}
