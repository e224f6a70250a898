/**
 * Examples for training and evaluation: features packed into one Float32Array (cheap to keep,
 * cheap to transfer between threads) and turned into tensors one batch at a time.
 */
import * as tf from '@tensorflow/tfjs';

export interface Examples {
  /** Shape of one example as the model takes it, e.g. [40, 1] or [128, 384]. */
  inputShape: number[];
  /** count × prod(inputShape) values, example after example. */
  x: Float32Array;
  /** Class index per example. */
  y: Int32Array;
  count: number;
}

export class ExamplesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExamplesError';
  }
}

/** Values in one example of the given shape. */
export const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Packs feature matrices (all of the same size) with their labels: all of them, or those at
 * `indices` in that order (a split's side, without an intermediate copy of the whole set).
 * `inputShape` may differ from the feature's own shape when the sizes agree (the seed feature [40]
 * is fed as [40, 1]).
 */
export function packExamples(
  features: { shape: number[]; data: Float32Array }[],
  labels: number[],
  inputShape: number[],
  numClasses: number,
  indices: ArrayLike<number> = Array.from(features.keys()),
): Examples {
  if (features.length !== labels.length) throw new ExamplesError(`${features.length} feature rows but ${labels.length} labels`);
  const size = sizeOf(inputShape);
  if (!(size > 0)) throw new ExamplesError(`bad input shape [${inputShape}]`);
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  for (let row = 0; row < indices.length; row++) {
    const i = indices[row];
    if (!(Number.isInteger(i) && i >= 0 && i < features.length)) throw new ExamplesError(`example index ${i} out of range (0…${features.length - 1})`);
    const f = features[i];
    if (f.data.length !== size)
      throw new ExamplesError(`example ${i} has ${f.data.length} values (shape [${f.shape}]), the model takes [${inputShape}] = ${size}`);
    for (let j = 0; j < size; j++) {
      if (!Number.isFinite(f.data[j])) throw new ExamplesError(`example ${i} contains a non-finite value at ${j}`);
    }
    x.set(f.data, row * size);
    const label = labels[i];
    if (!(Number.isInteger(label) && label >= 0 && label < numClasses))
      throw new ExamplesError(`label ${label} of example ${i} is not a class index below ${numClasses}`);
    y[row] = label;
  }
  return { inputShape: [...inputShape], x, y, count: indices.length };
}

/** Examples start … start+count of a set, sharing its arrays. */
export function sliceExamples(ex: Examples, start: number, count: number): Examples {
  const size = sizeOf(ex.inputShape);
  return { inputShape: ex.inputShape, x: ex.x.subarray(start * size, (start + count) * size), y: ex.y.subarray(start, start + count), count };
}

/**
 * x [n, …inputShape] and one-hot y [n, numClasses] for the examples order[start … start+n), as arrays (to
 * send to another thread) or tensors. `transform` may change the batch's copy of x in place (augmentation);
 * the examples stay as they are.
 */
export function batchArrays(
  ex: Examples,
  order: ArrayLike<number>,
  start: number,
  n: number,
  numClasses: number,
  transform?: (x: Float32Array, n: number) => void,
): { x: Float32Array; y: Float32Array; shape: number[] } {
  const size = sizeOf(ex.inputShape);
  const xb = new Float32Array(n * size);
  const yb = new Float32Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const k = order[start + i];
    xb.set(ex.x.subarray(k * size, (k + 1) * size), i * size);
    yb[i * numClasses + ex.y[k]] = 1;
  }
  transform?.(xb, n);
  return { x: xb, y: yb, shape: [n, ...ex.inputShape] };
}

export function batchTensors(...args: Parameters<typeof batchArrays>): { x: tf.Tensor; y: tf.Tensor2D } {
  const b = batchArrays(...args);
  const [, , , n, numClasses] = args;
  return { x: tf.tensor(b.x, b.shape, 'float32'), y: tf.tensor2d(b.y, [n, numClasses], 'float32') };
}
