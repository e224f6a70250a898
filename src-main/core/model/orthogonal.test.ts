import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { orthogonalMatrix, SerOrthogonal } from './orthogonal';

/** max |(M Mᵀ or Mᵀ M) − I| for the short side. */
function maxOffIdentity(m: Float32Array, rows: number, cols: number): number {
  let worst = 0;
  if (rows <= cols) {
    for (let a = 0; a < rows; a++)
      for (let b = 0; b < rows; b++) {
        let dot = 0;
        for (let k = 0; k < cols; k++) dot += m[a * cols + k] * m[b * cols + k];
        worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
      }
  } else {
    for (let a = 0; a < cols; a++)
      for (let b = 0; b < cols; b++) {
        let dot = 0;
        for (let k = 0; k < rows; k++) dot += m[k * cols + a] * m[k * cols + b];
        worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
      }
  }
  return worst;
}

describe('orthogonal initialiser', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('gives the LSTM recurrent kernel [256, 1024] with orthonormal rows, fast', () => {
    const t0 = performance.now();
    const m = orthogonalMatrix(256, 1024, 42);
    const ms = performance.now() - t0;
    expect(m.length).toBe(256 * 1024);
    expect(maxOffIdentity(m, 256, 1024)).toBeLessThan(1e-5);
    expect(ms).toBeLessThan(3000);
  });

  it('handles tall and square shapes', () => {
    expect(maxOffIdentity(orthogonalMatrix(50, 20, 1), 50, 20)).toBeLessThan(1e-5);
    expect(maxOffIdentity(orthogonalMatrix(32, 32, 2), 32, 32)).toBeLessThan(1e-5);
  });

  it('is seeded: same seed same weights, other seed other weights', () => {
    const a = orthogonalMatrix(16, 64, 7);
    expect(orthogonalMatrix(16, 64, 7)).toEqual(a);
    const b = orthogonalMatrix(16, 64, 8);
    expect(b).not.toEqual(a);
  });

  it('applies the gain and has unit-variance-like entries', () => {
    const m = orthogonalMatrix(8, 8, 3, 2);
    expect(
      maxOffIdentity(
        m.map((v) => v / 2),
        8,
        8,
      ),
    ).toBeLessThan(1e-5);
  });

  it('is a serializable tf initialiser usable by an LSTM layer', () => {
    const init = new SerOrthogonal({ seed: 5 });
    const config = tf.serialization.SerializationMap.getMap().classNameMap['SerOrthogonal'];
    expect(config).toBeDefined();
    const layer = tf.layers.lstm({ units: 8, inputShape: [4, 3], recurrentInitializer: init });
    const model = tf.sequential({ layers: [layer] });
    const recurrent = layer.getWeights()[1];
    expect(recurrent.shape).toEqual([8, 32]);
    expect(maxOffIdentity(recurrent.dataSync() as Float32Array, 8, 32)).toBeLessThan(1e-5);
    // Round trip through the JSON config, as model.json does.
    const restored = tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as never);
    return restored.then((m) => {
      expect(m.layers[0].getWeights()[1].dataSync()).toEqual(recurrent.dataSync());
      m.dispose();
      model.dispose();
    });
  });

  it('rejects bad shapes clearly', () => {
    expect(() => orthogonalMatrix(0, 4, 1)).toThrow(/non-empty/);
    expect(() => new SerOrthogonal().apply([5])).toThrow(/rank/);
  });
});
