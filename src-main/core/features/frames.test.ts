import { describe, it, expect } from 'vitest';
import { delta, fitFrames, centreCropRange, stackPerFrame, standardizeColumns } from './frames';

/** Frame-major [T, 2]: column 0 = a t² + b t + c, column 1 = sin(t/3). */
function quadratic(T: number, a: number, b: number, c: number): Float64Array {
  const d = new Float64Array(T * 2);
  for (let t = 0; t < T; t++) {
    d[2 * t] = a * t * t + b * t + c;
    d[2 * t + 1] = Math.sin(t / 3);
  }
  return d;
}

describe('deltas (librosa.feature.delta, width 9, mode interp)', () => {
  const T = 20,
    a = 0.5,
    b = -2,
    c = 3;
  const x = quadratic(T, a, b, c);

  it('first-order delta of a quadratic is its slope inside, the first/last interior slope at the edges', () => {
    const d1 = delta(x, T, 2, 1);
    for (let t = 0; t < T; t++) {
      const tc = Math.min(Math.max(t, 4), T - 5); // interp edges hold the line fit of the first/last 9 frames
      expect(d1[2 * t]).toBeCloseTo(2 * a * tc + b, 10);
    }
  });

  it('second-order delta of a quadratic is 2a everywhere', () => {
    const d2 = delta(x, T, 2, 2);
    for (let t = 0; t < T; t++) expect(d2[2 * t]).toBeCloseTo(2 * a, 10);
  });

  it('matches the least-squares slope over 9 frames for a non-polynomial column', () => {
    const d1 = delta(x, T, 2, 1);
    const t = 10;
    let num = 0;
    for (let j = -4; j <= 4; j++) num += j * Math.sin((t + j) / 3);
    expect(d1[2 * t + 1]).toBeCloseTo(num / 60, 12);
  });

  it('shrinks the window for short clips and gives zeros below 3 frames', () => {
    const short = quadratic(5, a, b, c);
    const d1 = delta(short, 5, 2, 1);
    expect(d1[2 * 2]).toBeCloseTo(2 * a * 2 + b, 10); // width 5 centred on frame 2
    expect(d1[0]).toBeCloseTo(d1[4], 12);
    expect(Array.from(delta(quadratic(2, a, b, c), 2, 2, 1))).toEqual([0, 0, 0, 0]);
  });
});

describe('fixed number of frames', () => {
  it('centre-crops long inputs', () => {
    expect(centreCropRange(10, 4)).toEqual({ start: 3, count: 4 });
    expect(centreCropRange(3, 4)).toEqual({ start: 0, count: 3 });
    const d = Float64Array.from({ length: 10 }, (_, i) => i); // [10, 1]
    expect(Array.from(fitFrames(d, 10, 1, 4, false))).toEqual([3, 4, 5, 6]);
  });

  it('zero-pads short inputs at the end', () => {
    const d = Float64Array.from([1, 2, 3, 4, 5, 6]); // [3, 2]
    expect(Array.from(fitFrames(d, 3, 2, 5, false))).toEqual([1, 2, 3, 4, 5, 6, 0, 0, 0, 0]);
  });

  it('standardises each coefficient over the real frames only', () => {
    const d = Float64Array.from([1, 10, 2, 10, 3, 10]); // column 1 constant
    const out = fitFrames(d, 3, 2, 4, true);
    const s = Math.sqrt(2 / 3);
    expect(out[0]).toBeCloseTo(-1 / s, 6);
    expect(out[2]).toBeCloseTo(0, 6);
    expect(out[4]).toBeCloseTo(1 / s, 6);
    expect([out[1], out[3], out[5], out[6], out[7]]).toEqual([0, 0, 0, 0, 0]);
    const col = Float64Array.from([2, 4, 6, 8]);
    standardizeColumns(col, 4, 1);
    expect(col.reduce((p, v) => p + v, 0)).toBeCloseTo(0, 12);
    expect(col.reduce((p, v) => p + v * v, 0) / 4).toBeCloseTo(1, 12);
  });

  it('stacks parts per frame', () => {
    const p = Float64Array.from([1, 2, 3, 4]),
      q = Float64Array.from([5, 6, 7, 8]);
    expect(Array.from(stackPerFrame([p, q], 2, 2))).toEqual([1, 2, 5, 6, 3, 4, 7, 8]);
  });
});
