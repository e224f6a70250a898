import { describe, expect, it } from 'vitest';
import { AudioRing, rmsOf } from './audio-ring';

const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);

describe('AudioRing', () => {
  it('cuts out samples by absolute index across the wrap', () => {
    const r = new AudioRing(10, 1); // 10 samples
    r.push(ramp(0, 7));
    r.push(ramp(7, 7)); // 14 pushed: 4..13 held
    expect(r.totalSamples).toBe(14);
    expect(r.oldest).toBe(4);
    expect(Array.from(r.slice(5, 12))).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(Array.from(r.slice(0, 6))).toEqual([4, 5]); // what is gone is clamped away
    expect(Array.from(r.slice(12, 40))).toEqual([12, 13]);
  });

  it('keeps only the newest ring-full of a chunk longer than the ring', () => {
    const r = new AudioRing(10, 1);
    r.push(ramp(0, 3));
    r.push(ramp(3, 25));
    expect(Array.from(r.slice(0, 28))).toEqual(Array.from(ramp(18, 10)));
  });

  it('measures RMS', () => {
    expect(rmsOf(new Float32Array([3, -4, 3, -4]))).toBeCloseTo(Math.sqrt(12.5));
    expect(rmsOf(new Float32Array())).toBe(0);
  });
});
