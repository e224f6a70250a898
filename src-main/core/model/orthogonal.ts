/**
 * Keras's default recurrent initialiser (orthogonal, gain 1), computed fast. tfjs's Orthogonal runs
 * tf.linalg.qr op by op and takes minutes for the LSTM's [256, 1024] recurrent kernel; this does
 * the same maths (QR of a Gaussian matrix, Q sign-corrected by diag(R)) in Float64 in ~0.1 s.
 */
import * as tf from '@tensorflow/tfjs';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { SeededRandom } from './train-random';

/**
 * Rows × cols matrix (row-major) with orthonormal rows (rows ≤ cols) or columns (rows > cols).
 * Modified Gram–Schmidt with one re-orthogonalisation pass: its R has a positive diagonal, which
 * is exactly Keras's `q * sign(diag(r))` normalisation of a Householder QR.
 */
export function orthogonalMatrix(rows: number, cols: number, seed: number, gain = 1): Float32Array {
  if (!(rows > 0 && cols > 0)) throw new Error(`orthogonal initialiser needs a non-empty 2-D shape (got ${rows}×${cols})`);
  const long = Math.max(rows, cols);
  const short = Math.min(rows, cols);
  const rng = new SeededRandom(seed);
  // Column j of the long × short Gaussian matrix is stored contiguously at q[j*long …].
  const q = new Float64Array(long * short);
  for (let i = 0; i < long; i++) for (let j = 0; j < short; j++) q[j * long + i] = rng.gaussian();
  for (let j = 0; j < short; j++) {
    const vj = j * long;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const vk = k * long;
        let dot = 0;
        for (let i = 0; i < long; i++) dot += q[vk + i] * q[vj + i];
        for (let i = 0; i < long; i++) q[vj + i] -= dot * q[vk + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < long; i++) norm += q[vj + i] * q[vj + i];
    norm = Math.sqrt(norm);
    if (norm < 1e-12) throw new Error('orthogonal initialiser: degenerate random matrix');
    for (let i = 0; i < long; i++) q[vj + i] /= norm;
  }
  const out = new Float32Array(rows * cols);
  if (rows >= cols) {
    // Q itself: rows = long, cols = short.
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = gain * q[j * long + i];
  } else {
    // Qᵀ: row r is column r of Q.
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = gain * q[r * long + c];
  }
  return out;
}

// tfjs-layers does not export its Initializer base class; every built-in initialiser extends it.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as new () => Initializer;

export interface SerOrthogonalArgs {
  seed?: number;
  gain?: number;
}

/** Serializable tf initialiser: `recurrentInitializer: new SerOrthogonal({ seed })`. */
export class SerOrthogonal extends InitializerBase {
  static className = 'SerOrthogonal';
  readonly seed: number;
  readonly gain: number;

  constructor(args: SerOrthogonalArgs = {}) {
    super();
    this.seed = args.seed ?? 0;
    this.gain = args.gain ?? 1;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new Error(`SerOrthogonal needs a shape of rank ≥ 2 (got [${shape}])`);
    if (dtype !== undefined && dtype !== 'float32') throw new Error(`SerOrthogonal supports float32 only (got ${dtype})`);
    // Like Keras: all leading dimensions flattened into rows.
    const cols = shape[shape.length - 1];
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    return tf.tensor(orthogonalMatrix(rows, cols, this.seed, this.gain), shape, 'float32');
  }

  getConfig(): tf.serialization.ConfigDict {
    return { seed: this.seed, gain: this.gain };
  }
}
// The base class was reached through a prototype, so its static fromConfig is not in the type.
tf.serialization.registerClass(SerOrthogonal as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
