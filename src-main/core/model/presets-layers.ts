/**
 * Custom layers the presets need. Importing this module registers them for (de)serialisation, so
 * any code that loads a saved model must import it first (the model store does).
 * - SeededDropout: tfjs's Dropout draws from Math.random (or, seeded, repeats one mask forever);
 *   this one draws a fresh mask per batch from a seeded stream, so fixed seeds give fixed runs.
 * - FrameStatsPooling: per-channel statistics over the *real* frames of each clip (the features
 *   zero-pad short clips at the end; pooling over the padding would let a model learn clip length,
 *   i.e. the speaker's speaking rate, instead of the emotion).
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
  private rng: SeededRandom;

  constructor(args: SeededDropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`dropout rate must be in [0, 1) (got ${args.rate})`);
    this.rate = args.rate;
    this.seed = args.seed;
    this.rng = new SeededRandom(args.seed);
    this.supportsMasking = true;
  }

  /** Draws the masks from another seeded stream from now on (a training replica's own; the saved seed stays). */
  reseed(seed: number): void {
    this.rng = new SeededRandom(seed);
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

/**
 * [B, T, C] frames → [B, 4C]: mean, standard deviation, max − mean and min − mean of each channel
 * over the clip's real frames (all-zero frames are padding). The extremes are taken relative to
 * the clip's mean so that they describe the clip's excursions (pitch and energy peaks), not the
 * voice's overall timbre, which is what differs most between speakers.
 */
export class FrameStatsPooling extends tf.layers.Layer {
  static className = 'FrameStatsPooling';

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const valid = tf.cast(tf.greater(tf.sum(tf.abs(x), -1, true), 0), 'float32'); // [B,T,1]
      const frames = tf.sum(valid, 1); // [B,1]
      const count = tf.maximum(frames, 1);
      const mean = tf.div(tf.sum(tf.mul(x, valid), 1), count); // [B,C]
      const centred = tf.sub(x, tf.expandDims(mean, 1));
      const variance = tf.div(tf.sum(tf.mul(tf.square(centred), valid), 1), count);
      const std = tf.sqrt(tf.add(variance, 1e-6));
      // Padding is pushed out of reach of max/min; a clip with no real frame gets 0, not ±1e9.
      const far = tf.mul(tf.sub(1, valid), 1e9);
      const any = tf.cast(tf.greater(frames, 0), 'float32');
      const max = tf.mul(tf.max(tf.sub(centred, far), 1), any);
      const min = tf.mul(tf.min(tf.add(centred, far), 1), any);
      return tf.concat([mean, std, max, min], -1);
    });
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 3 || shape[2] == null) throw new Error(`FrameStatsPooling expects [batch, frames, channels] (got [${shape}])`);
    return [shape[0], 4 * shape[2]];
  }
}
tf.serialization.registerClass(FrameStatsPooling);
