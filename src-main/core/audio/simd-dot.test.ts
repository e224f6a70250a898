import { describe, expect, it } from 'vitest';
import { jsDot, prepareDot, simdAvailable } from './simd-dot';

function series(n: number, f: (i: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => f(i));
}

describe('resampler dot products', () => {
  it('the WebAssembly SIMD kernel is available in Node', () => {
    expect(simdAvailable()).toBe(true);
  });

  it('SIMD and JS give the plain sum for every length and offset (tails of 0–3)', () => {
    const w = series(300, (i) => Math.sin(i * 0.37));
    const x = Float32Array.from({ length: 500 }, (_, i) => Math.cos(i * 0.11));
    const x64 = Float64Array.from(x);
    const simd = prepareDot(w, x, true);
    const js = prepareDot(w, x, false);
    for (const [from, len, first] of [
      [0, 0, 0],
      [3, 1, 5],
      [7, 2, 0],
      [1, 3, 9],
      [0, 4, 1],
      [5, 111, 17],
      [10, 290, 200],
    ] as const) {
      let plain = 0;
      for (let i = 0; i < len; i++) plain += w[from + i]! * x64[first + i]!;
      expect(simd(from, from + len, first)).toBeCloseTo(plain, 12);
      expect(js(from, from + len, first)).toBeCloseTo(plain, 12);
      expect(jsDot(w, from, from + len, x64, first)).toBeCloseTo(plain, 12);
    }
  });

  it('switching weights and growing the memory for a long signal keep results right', () => {
    const a = series(1000, (i) => 1 / (i + 1));
    const b = series(1000, (i) => (i % 7) - 3);
    const long = Float32Array.from({ length: 3_000_000 }, (_, i) => (i % 13) / 13);
    const long64 = Float64Array.from(long);
    for (const w of [a, b, a]) {
      const dot = prepareDot(w, long, true);
      expect(dot(10, 110, 2_999_000)).toBeCloseTo(jsDot(w, 10, 110, long64, 2_999_000), 10);
    }
  });
});
