import { describe, expect, it } from 'vitest';
import { assembleModule, op, V128 } from '../wasm-module';
import { RUN_FIELDS, prepareDotRuns, simdAvailable, simdFused } from './simd-dot';

function series(n: number, f: (i: number) => number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

/** The plain float64 sum of one output of a run. */
function plain(w: Float32Array, from: number, len: number, x: Float32Array, at: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += w[from + i]! * (x[at + i] ?? 0);
  return s;
}

describe('resampler dot-product runs', () => {
  it('the WebAssembly SIMD kernel is available in Node', () => {
    expect(simdAvailable()).toBe(true);
  });

  it('multiplies and adds in one relaxed SIMD instruction exactly where this runtime validates one', () => {
    const madd = {
      name: 'madd',
      params: 0,
      locals: [[1, V128]] as [number, number][],
      code: [...op.f32Zero4, ...op.f32Zero4, ...op.f32Zero4, ...op.simd(op.F32X4_RELAXED_MADD), ...op.set(0)],
    };
    expect(simdFused()).toBe(WebAssembly.validate(assembleModule([madd])));
  });

  it('SIMD and JS give the plain sums for runs of every shape, reading zeros past the end of x', () => {
    const w = series(304, (i) => Math.sin(i * 0.37));
    const x = series(500, (i) => Math.cos(i * 0.11));
    for (const simd of [true, false]) {
      const y = new Float32Array(60).fill(NaN);
      const dots = prepareDotRuns(w, x, y, simd);
      dots.run(0, 8, 0, 1, 0, 1, 1);
      dots.run(8, 112, 17, 3, 1, 2, 5); // outputs 1, 3, 5, 7, 9
      dots.run(120, 184, 310, 1, 20, 1, 7); // the last run reads up to x[499] and 7 zeros past it
      dots.finish();
      const expected = new Float32Array(60).fill(NaN);
      expected[0] = plain(w, 0, 8, x, 0);
      for (let c = 0; c < 5; c++) expected[1 + 2 * c] = plain(w, 8, 112, x, 17 + 3 * c);
      for (let c = 0; c < 7; c++) expected[20 + c] = plain(w, 120, 184, x, 310 + c);
      for (let i = 0; i < 60; i++) {
        if (Number.isNaN(expected[i])) expect(y[i], `y[${i}] untouched (simd ${simd})`).toBeNaN();
        else expect(Math.abs(y[i]! - expected[i]!), `y[${i}] (simd ${simd})`).toBeLessThan(1e-5);
      }
    }
  });

  it('a run computes each output bit for bit as a run of one does (four at a time, then one at a time)', () => {
    const w = series(120, (i) => Math.sin(i * 0.7) / (i + 1));
    const x = series(4000, (i) => Math.cos(i * 0.013) * Math.sin(i * 0.29));
    const together = new Float32Array(11);
    const alone = new Float32Array(11);
    const dots = prepareDotRuns(w, x, together, true);
    dots.run(8, 112, 5, 331, 0, 1, 11);
    dots.finish();
    const single = prepareDotRuns(w, x, alone, true);
    for (let c = 0; c < 11; c++) single.run(8, 112, 5 + 331 * c, 331, c, 1, 1);
    single.finish();
    expect(Array.from(together)).toEqual(Array.from(alone));
    expect(together.every((v) => v !== 0)).toBe(true);
  });

  it('resident phases run with the counts of each call, as the same runs given one by one (SIMD and JS)', () => {
    const w = series(64, (i) => Math.cos(i * 0.21));
    const x = series(900, (i) => Math.sin(i * 0.05) * (1 + (i % 5)));
    // Two phases of 32 taps: outputs r + 2c read x from 3 + r·5 − 8 on, advancing 10 (reads x[-8…] as zeros).
    const phases = Int32Array.from([0, 32, -8, 10, 0, 2, 0, 32, 32, -3, 10, 1, 2, 0]);
    for (const simd of [true, false]) {
      for (const counts of [
        [5, 4],
        [80, 0],
        [1, 1],
      ]) {
        const [resident, oneByOne] = [new Float32Array(200).fill(NaN), new Float32Array(200).fill(NaN)];
        const dots = prepareDotRuns(w, x, resident, simd, 8, phases);
        dots.runPhases((i) => counts[i]!);
        dots.finish();
        const single = prepareDotRuns(w, x, oneByOne, simd, 8);
        for (let i = 0; i < 2; i++)
          single.run(...(Array.from(phases.subarray(i * RUN_FIELDS, i * RUN_FIELDS + 6)) as [number, number, number, number, number, number]), counts[i]!);
        single.finish();
        expect(Array.from(resident), `simd ${simd}, counts ${counts}`).toEqual(Array.from(oneByOne));
        expect(resident.filter((v) => !Number.isNaN(v)).length).toBe(counts[0]! + counts[1]!);
      }
    }
  });

  it('weights not padded to 8 are refused', () => {
    expect(() => prepareDotRuns(new Float32Array(12), new Float32Array(10), new Float32Array(1))).toThrow(/multiple of 8/);
  });

  it('switching weights and growing the memory for a long signal keep results right', () => {
    const a = series(1000, (i) => 1 / (i + 1));
    const b = series(1000, (i) => (i % 7) - 3);
    const long = series(3_000_000, (i) => (i % 13) / 13);
    for (const w of [a, b, a]) {
      const y = new Float32Array(2);
      const dots = prepareDotRuns(w, long, y, true);
      dots.run(16, 104, 2_999_000, 500, 0, 1, 2);
      dots.finish();
      expect(Math.abs(y[1]! - plain(w, 16, 104, long, 2_999_500))).toBeLessThan(1e-4);
    }
  });
});
