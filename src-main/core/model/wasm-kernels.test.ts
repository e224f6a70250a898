import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { forgetTransposedOperands, registerWasmKernels, unregisterWasmKernels, wasmKernelsRegistered } from './wasm-kernels';

function randomArray(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

/** Shapes of a and b *as stored*, for every transpose combination. */
function operandShapes(batchA: number[], batchB: number[], m: number, k: number, n: number, tA: boolean, tB: boolean) {
  return { a: [...batchA, ...(tA ? [k, m] : [m, k])], b: [...batchB, ...(tB ? [n, k] : [k, n])] };
}

async function matMulOn(backend: string, a: number[], b: number[], tA: boolean, tB: boolean, seed: number) {
  await tf.setBackend(backend);
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  return tf.tidy(() => {
    const x = tf.tensor(randomArray(size(a), seed), a);
    const y = tf.tensor(randomArray(size(b), seed + 1), b);
    const z = tf.matMul(x, y, tA, tB);
    return { shape: z.shape, data: z.dataSync().slice() };
  });
}

describe('wasm BatchMatMul with pre-transposed operands', () => {
  beforeAll(async () => {
    await initBackend('cpu'); // the reference backend, initialised once (and without its banner)
    const info = await initBackend('wasm');
    expect(info.name).toBe('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('is registered by initBackend', () => {
    expect(wasmKernelsRegistered()).toBe(true);
  });

  const cases: { name: string; batchA: number[]; batchB: number[]; m: number; k: number; n: number }[] = [
    { name: 'unbatched', batchA: [], batchB: [], m: 7, k: 13, n: 5 },
    { name: 'LSTM-sized unbatched', batchA: [], batchB: [], m: 64, k: 256, n: 1024 },
    { name: 'batched', batchA: [3], batchB: [3], m: 4, k: 6, n: 9 },
    { name: 'broadcast batch', batchA: [2, 3], batchB: [1, 3], m: 5, k: 8, n: 2 },
    { name: 'broadcast against unbatched-like', batchA: [4], batchB: [1], m: 3, k: 11, n: 6 },
  ];
  for (const c of cases) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        it(`${c.name}: transposeA=${tA} transposeB=${tB} matches cpu`, async () => {
          const { a, b } = operandShapes(c.batchA, c.batchB, c.m, c.k, c.n, tA, tB);
          const ref = await matMulOn('cpu', a, b, tA, tB, 11);
          const got = await matMulOn('wasm', a, b, tA, tB, 11);
          expect(got.shape).toEqual(ref.shape);
          let maxDiff = 0;
          for (let i = 0; i < ref.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref.data[i] - got.data[i]));
          expect(maxDiff).toBeLessThan(1e-4 * Math.sqrt(c.k));
        });
      }
    }
  }

  it('gives the same values as the stock wasm kernel', async () => {
    await tf.setBackend('wasm');
    const { a, b } = operandShapes([2], [2], 9, 17, 12, true, true);
    const fast = await matMulOn('wasm', a, b, true, true, 5);
    unregisterWasmKernels();
    try {
      const stock = await matMulOn('wasm', a, b, true, true, 5);
      for (let i = 0; i < stock.data.length; i++) expect(Math.abs(stock.data[i] - fast.data[i])).toBeLessThan(1e-5);
    } finally {
      registerWasmKernels();
    }
  });

  const sliceCases: { shape: number[]; begin: number[]; size: number[] }[] = [
    { shape: [64, 1024], begin: [0, 256], size: [64, 256] },
    { shape: [10], begin: [3], size: [4] },
    { shape: [4, 6, 5], begin: [1, 2, 0], size: [2, 3, 5] },
    { shape: [4, 6, 5], begin: [1, 2, 1], size: [3, 4, 3] },
    { shape: [2, 3, 4, 5, 6], begin: [0, 1, 1, 2, 3], size: [2, 2, 3, 3, 2] },
  ];
  for (const c of sliceCases) {
    it(`slices [${c.shape}] at [${c.begin}] size [${c.size}] like cpu`, async () => {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() =>
          tf
            .slice(tf.tensor(randomArray(n, 3), c.shape), c.begin, c.size)
            .dataSync()
            .slice(),
        );
      };
      expect(await run('wasm')).toEqual(await run('cpu'));
    });
  }

  it('splits along any axis like cpu (the LSTM gate split)', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor(randomArray(8 * 12 * 3, 4), [8, 12, 3]);
        return [...tf.split(x, 4, 1), ...tf.split(x, [2, 6], 0), ...tf.split(x, 3, 2)].map((t) => ({ shape: t.shape, data: t.dataSync().slice() }));
      });
    };
    expect(await run('wasm')).toEqual(await run('cpu'));
  });

  it('clones by sharing the buffer, and the clone outlives the original', async () => {
    await tf.setBackend('wasm');
    const data = tf.backend().numDataIds();
    const a = tf.tensor([1, 2, 3]);
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
    expect(tf.backend().numDataIds()).toBe(data);
  });

  it('keeps one transposed copy of a right operand for the products after, at most 8, each matching cpu', async () => {
    await tf.setBackend('wasm');
    forgetTransposedOperands();
    const h = tf.tensor(randomArray(4 * 30, 7), [4, 30]);
    const before = tf.backend().numDataIds();
    const u = tf.tensor(randomArray(40 * 30, 8), [40, 30]);
    for (let i = 0; i < 5; i++) tf.matMul(h, u, false, true).dispose();
    // u and one transposed copy of it.
    expect(tf.backend().numDataIds()).toBe(before + 2);
    u.dispose();
    for (let i = 0; i < 20; i++) {
      // A new operand each time (as after every optimizer step): never the copy of an old one.
      const ui = tf.tensor(randomArray(40 * 30, 100 + i), [40, 30]);
      const got = tf.matMul(h, ui, false, true);
      const want = tf.tidy(() => tf.sum(tf.mul(tf.expandDims(h, 1), tf.expandDims(ui, 0)), 2));
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]!);
      expect(diff).toBeLessThan(1e-4);
      tf.dispose([ui, got, want]);
    }
    expect(tf.backend().numDataIds()).toBe(before + 8);
    forgetTransposedOperands();
    expect(tf.backend().numDataIds()).toBe(before);
    h.dispose();
  });

  it('leaks neither tensors nor backend data', async () => {
    await tf.setBackend('wasm');
    forgetTransposedOperands();
    const a = tf.tensor(randomArray(3 * 8 * 5, 1), [3, 8, 5]);
    const b = tf.tensor(randomArray(3 * 6 * 8, 2), [3, 6, 8]);
    const before = { tensors: tf.memory().numTensors, data: tf.backend().numDataIds() };
    for (let i = 0; i < 5; i++) tf.matMul(a, b, true, true).dispose();
    // Unbatched, every transpose combination.
    const u = tf.tensor(randomArray(40 * 30, 3), [40, 30]);
    const dz = tf.tensor(randomArray(4 * 40, 4), [4, 40]);
    const h = tf.tensor(randomArray(4 * 30, 5), [4, 30]);
    tf.matMul(dz, u, false, false).dispose();
    tf.matMul(h, u, false, true).dispose();
    tf.matMul(dz, h, true, false).dispose();
    tf.matMul(u, dz, true, true).dispose();
    tf.dispose([u, dz, h]);
    tf.split(a, [2, 3], 2).forEach((t) => t.dispose());
    tf.slice(a, [0, 1, 1], [2, 3, 3]).dispose();
    // Gradients go through transposed matmuls too.
    const g = tf.grad((x: tf.Tensor) => tf.matMul(x, b, true, true).sum());
    g(a).dispose();
    forgetTransposedOperands();
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(tf.backend().numDataIds()).toBe(before.data);
    a.dispose();
    b.dispose();
  });
});
