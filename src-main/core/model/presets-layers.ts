/**
 * Custom layers the presets need. Importing this module registers them for (de)serialisation, so
 * any code that loads a saved model must import it first (the model store does).
 * - SeededDropout: tfjs's Dropout draws from Math.random (or, seeded, repeats one mask forever);
 *   this one draws a fresh mask per batch from a seeded stream, so fixed seeds give fixed runs.
 * - FrameConv1D: a 1-D convolution as shifted slices + one matmul (im2col). tfjs-backend-wasm has
 *   no Conv2DBackpropFilter kernel, so tf.layers.conv1d cannot train on wasm; this can.
 * - MaskedStatsPooling: mean, standard deviation and max over the *real* frames of each clip
 *   (the features zero-pad short clips at the end; pooling over the padding would let a model
 *   learn clip length, i.e. the speaker's speaking rate, instead of the emotion).
 * - FrameAugment: training-only, seeded augmentation of [batch, frames, channels] inputs (random
 *   time shift, time masks, whole-channel dropout, Gaussian noise); the identity at inference.
 */
import * as tf from '@tensorflow/tfjs';
import './orthogonal';
import { SeededRandom } from './train-random';

type Kwargs = Record<string, unknown>;
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

export interface SeededDropoutArgs extends LayerArgs {
  rate: number;
  seed: number;
}

export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private readonly rng: SeededRandom;

  constructor(args: SeededDropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`dropout rate must be in [0, 1) (got ${args.rate})`);
    this.rate = args.rate;
    this.seed = args.seed;
    this.rng = new SeededRandom(args.seed);
    this.supportsMasking = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = single(inputs);
    if (kwargs['training'] !== true || this.rate === 0) return tf.clone(x);
    const keep = 1 - this.rate;
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.rng.next() < keep ? 1 / keep : 0;
    return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, 'float32')));
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

export interface FrameConv1DArgs extends LayerArgs {
  filters: number;
  kernelSize: number;
  activation?: 'relu' | 'linear';
  seed: number;
}

/** 'same'-padded 1-D convolution over [batch, frames, channels]. */
export class FrameConv1D extends tf.layers.Layer {
  static className = 'FrameConv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly activation: 'relu' | 'linear';
  readonly seed: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: FrameConv1DArgs) {
    super(args);
    if (!(Number.isInteger(args.filters) && args.filters > 0)) throw new Error(`filters must be a positive integer (got ${args.filters})`);
    if (!(Number.isInteger(args.kernelSize) && args.kernelSize > 0)) throw new Error(`kernelSize must be a positive integer (got ${args.kernelSize})`);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.activation = args.activation ?? 'relu';
    this.seed = args.seed;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (shape.length !== 3 || channels == null) throw new Error(`FrameConv1D expects [batch, frames, channels] (got [${shape}])`);
    const fanIn = this.kernelSize * channels;
    // Keras's Conv1D glorot_uniform: fan_in = k·cin, fan_out = k·filters.
    const limit = Math.sqrt(6 / (fanIn + this.kernelSize * this.filters));
    this.kernel = this.addWeight('kernel', [fanIn, this.filters], 'float32', tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed: this.seed }));
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const [batch, frames, channels] = x.shape;
      const k = this.kernelSize;
      const left = Math.floor((k - 1) / 2);
      const padded = k > 1 ? tf.pad(x, [[0, 0], [left, k - 1 - left], [0, 0]]) : x;
      const parts: tf.Tensor3D[] = [];
      for (let j = 0; j < k; j++) parts.push(tf.slice(padded, [0, j, 0], [batch, frames, channels]));
      const columns = (k > 1 ? tf.concat(parts, 2) : parts[0]).reshape([batch * frames, k * channels]);
      const y = tf.fused.matMul({
        a: columns as tf.Tensor2D,
        b: this.kernel!.read() as tf.Tensor2D,
        bias: this.bias!.read(),
        activation: this.activation === 'relu' ? 'relu' : 'linear',
      });
      return y.reshape([batch, frames, this.filters]);
    });
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], shape[1], this.filters];
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, activation: this.activation, seed: this.seed };
  }
}
tf.serialization.registerClass(FrameConv1D);

/** Inputs [x [B,T,F], raw [B,T,C]]: frames of `raw` that are all zeros are padding. Output [B, 3F]. */
export class MaskedStatsPooling extends tf.layers.Layer {
  static className = 'MaskedStatsPooling';

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, raw] = inputs as tf.Tensor[];
      const valid = tf.cast(tf.greater(tf.sum(tf.abs(raw), -1, true), 0), 'float32'); // [B,T,1]
      const count = tf.maximum(tf.sum(valid, 1), 1); // [B,1]
      const mean = tf.div(tf.sum(tf.mul(x, valid), 1), count); // [B,F]
      const centred = tf.sub(x, tf.expandDims(mean, 1));
      const variance = tf.div(tf.sum(tf.mul(tf.square(centred), valid), 1), count);
      const std = tf.sqrt(tf.add(variance, 1e-6));
      const max = tf.max(tf.add(x, tf.mul(tf.sub(valid, 1), 1e9)), 1);
      return tf.concat([mean, std, max], -1);
    });
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const x = (inputShape as tf.Shape[])[0];
    return [x[0], 3 * (x[2] as number)];
  }
}
tf.serialization.registerClass(MaskedStatsPooling);

export interface FrameAugmentArgs extends LayerArgs {
  seed: number;
  /** Largest shift in frames (either way, zero-filled). */
  maxShift: number;
  /** Number of time masks and the longest one, in frames. */
  timeMasks: number;
  maxMaskFrames: number;
  /** Probability of zeroing a whole channel (for the whole clip). */
  channelDrop: number;
  /** Standard deviation of added Gaussian noise. */
  noise: number;
}

export class FrameAugment extends tf.layers.Layer {
  static className = 'FrameAugment';
  readonly options: Omit<FrameAugmentArgs, keyof LayerArgs>;
  private readonly rng: SeededRandom;

  constructor(args: FrameAugmentArgs) {
    super(args);
    const { seed, maxShift, timeMasks, maxMaskFrames, channelDrop, noise } = args;
    this.options = { seed, maxShift, timeMasks, maxMaskFrames, channelDrop, noise };
    this.rng = new SeededRandom(seed);
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = single(inputs);
    if (kwargs['training'] !== true) return tf.clone(x);
    const [batch, frames, channels] = x.shape as [number, number, number];
    const { maxShift, timeMasks, maxMaskFrames, channelDrop, noise } = this.options;
    const rng = this.rng;
    const src = x.dataSync() as Float32Array;
    const out = new Float32Array(src.length);
    const keepChannel = new Float32Array(channels);
    const keepFrame = new Uint8Array(frames);
    for (let b = 0; b < batch; b++) {
      const shift = Math.round((rng.next() * 2 - 1) * maxShift);
      for (let c = 0; c < channels; c++) keepChannel[c] = rng.next() < channelDrop ? 0 : 1;
      keepFrame.fill(1);
      for (let m = 0; m < timeMasks; m++) {
        const len = Math.floor(rng.next() * (maxMaskFrames + 1));
        const start = Math.floor(rng.next() * Math.max(1, frames - len));
        keepFrame.fill(0, start, Math.min(frames, start + len));
      }
      const base = b * frames * channels;
      for (let t = 0; t < frames; t++) {
        const from = t - shift;
        if (from < 0 || from >= frames || !keepFrame[t]) continue;
        const o = base + t * channels;
        const i = base + from * channels;
        for (let c = 0; c < channels; c++) out[o + c] = keepChannel[c] * src[i + c];
      }
    }
    if (noise > 0) for (let i = 0; i < out.length; i++) out[i] += noise * rng.gaussian();
    return tf.tensor(out, x.shape, 'float32');
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.options };
  }
}
tf.serialization.registerClass(FrameAugment);
