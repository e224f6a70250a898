import { describe, expect, it } from 'vitest';
import { SampleRing } from './live-ring';

const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);

describe('SampleRing', () => {
  it('cuts what was written by session index', () => {
    const ring = new SampleRing(10);
    ring.write(ramp(0, 4));
    ring.write(ramp(4, 3));
    expect(ring.written).toBe(7);
    expect([...ring.cut(2, 6)!]).toEqual([2, 3, 4, 5]);
  });

  it('keeps the newest samples across the wrap, and cuts across it', () => {
    const ring = new SampleRing(8);
    for (let i = 0; i < 5; i++) ring.write(ramp(i * 3, 3)); // 0..14
    expect(ring.oldest).toBe(7);
    expect([...ring.cut(7, 15)!]).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
    expect([...ring.cut(9, 12)!]).toEqual([9, 10, 11]);
  });

  it('refuses a cut that was overwritten, not yet written or empty', () => {
    const ring = new SampleRing(8);
    ring.write(ramp(0, 12));
    expect(ring.cut(3, 6)).toBeUndefined();
    expect(ring.cut(6, 13)).toBeUndefined();
    expect(ring.cut(6, 6)).toBeUndefined();
  });

  it('keeps only the tail of a chunk longer than the ring', () => {
    const ring = new SampleRing(4);
    ring.write(ramp(0, 3));
    ring.write(ramp(3, 9)); // 3..11
    expect(ring.written).toBe(12);
    expect([...ring.cut(8, 12)!]).toEqual([8, 9, 10, 11]);
  });

  it('starts again from index 0 after a reset (a new session)', () => {
    const ring = new SampleRing(4);
    ring.write(ramp(0, 3));
    ring.reset();
    ring.write(ramp(100, 2));
    expect([...ring.cut(0, 2)!]).toEqual([100, 101]);
  });
});
