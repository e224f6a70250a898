/**
 * Model presets: the notebook's `seed` LSTM, and `sequence`, a small convolutional model over
 * MFCC frames with statistics pooling, meant to generalise across speakers.
 * Every random initialiser and dropout stream is derived from one seed.
 */
import * as tf from '@tensorflow/tfjs';
import { defaultFramesSpec, featureShape, SEED_SPEC, type FeatureSpec } from '../features/spec';
import { SerOrthogonal } from './orthogonal';
import { FrameAugment, FrameConv1D, MaskedStatsPooling, SeededDropout } from './presets-layers';
import { SeededRandom } from './train-random';
import { PRESET_NAMES, type PresetName } from './training-types';

export { PRESET_NAMES, type PresetName };

export interface Preset {
  name: PresetName;
  description: string;
  featureSpec: FeatureSpec;
  defaults: { epochs: number; batchSize: number; learningRate: number };
  /** A compiled model. `learningRate` defaults to `defaults.learningRate`. */
  build(numClasses: number, seed: number, learningRate?: number): tf.LayersModel;
}

export class PresetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PresetError';
  }
}

function compile(model: tf.LayersModel, learningRate: number): tf.LayersModel {
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
    return compile(model, learningRate);
  },
};

export interface SequenceOptions {
  blocks: [filters: number, kernelSize: number][];
  dropout: number;
  headDropout: number;
  dense: number;
  augment?: { maxShift: number; timeMasks: number; maxMaskFrames: number; channelDrop: number; noise: number };
  /** Learn the input scaling (for features that are not standardised per clip). */
  inputBatchNorm?: boolean;
  /** Pool mean/std/max over real frames only (no time pooling between blocks then). */
  maskedPooling?: boolean;
}

/**
 * Chosen on TESS's speaker-independent splits (train on one speaker, test on the other): small
 * and heavily regularised, since with one training voice anything larger learns the voice.
 */
export const SEQUENCE_OPTIONS: SequenceOptions = {
  blocks: [
    [32, 5],
    [32, 5],
  ],
  dropout: 0.5,
  headDropout: 0.5,
  dense: 32,
  inputBatchNorm: true,
  maskedPooling: true,
};

/** The `sequence` architecture; options exist for experiments, the preset uses SEQUENCE_OPTIONS. */
export function buildSequenceModel(inputShape: number[], numClasses: number, seed: number, learningRate: number, o: SequenceOptions): tf.LayersModel {
  checkClasses(numClasses);
  const rng = new SeededRandom(seed);
  const input = tf.input({ shape: inputShape, name: 'frames' });
  let x: tf.SymbolicTensor = input;
  if (o.inputBatchNorm) x = tf.layers.batchNormalization({ name: 'input_norm' }).apply(x) as tf.SymbolicTensor;
  if (o.augment) x = new FrameAugment({ ...o.augment, seed: rng.fork(), name: 'augment' }).apply(x) as tf.SymbolicTensor;
  o.blocks.forEach(([filters, kernelSize], i) => {
    x = new FrameConv1D({ filters, kernelSize, seed: rng.fork(), name: `conv_${i + 1}` }).apply(x) as tf.SymbolicTensor;
    if (i < o.blocks.length - 1 && !o.maskedPooling) x = tf.layers.maxPooling1d({ poolSize: 2, name: `pool_${i + 1}` }).apply(x) as tf.SymbolicTensor;
    x = new SeededDropout({ rate: o.dropout, seed: rng.fork(), name: `dropout_${i + 1}` }).apply(x) as tf.SymbolicTensor;
  });
  let y: tf.SymbolicTensor;
  if (o.maskedPooling) {
    y = new MaskedStatsPooling({ name: 'stats_pool' }).apply([x, input]) as tf.SymbolicTensor;
  } else {
    const avg = tf.layers.globalAveragePooling1d({ name: 'avg_pool' }).apply(x) as tf.SymbolicTensor;
    const max = tf.layers.globalMaxPooling1d({ name: 'max_pool' }).apply(x) as tf.SymbolicTensor;
    y = tf.layers.concatenate({ name: 'pooled' }).apply([avg, max]) as tf.SymbolicTensor;
  }
  y = new SeededDropout({ rate: o.headDropout, seed: rng.fork(), name: 'dropout_head' }).apply(y) as tf.SymbolicTensor;
  y = dense(o.dense, 'relu', rng, 'dense_1').apply(y) as tf.SymbolicTensor;
  const output = dense(numClasses, 'softmax', rng, 'output').apply(y) as tf.SymbolicTensor;
  return compile(tf.model({ inputs: input, outputs: output, name: 'sequence' }), learningRate);
}

const sequencePreset: Preset = {
  name: 'sequence',
  description:
    'MFCC + deltas + delta-deltas frames (≤ 3 s) → learned input scaling → two small 1-D convolutions → mean, std and max over the real (unpadded) frames → dense. Small and heavily regularised, to be less tied to the training voices than seed.',
  featureSpec: { ...defaultFramesSpec(), normalize: false },
  defaults: { epochs: 30, batchSize: 32, learningRate: 1e-3 },
  build(numClasses, seed, learningRate = 1e-3) {
    return buildSequenceModel(featureShape(this.featureSpec), numClasses, seed, learningRate, SEQUENCE_OPTIONS);
  },
};

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
