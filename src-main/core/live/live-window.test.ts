import { describe, expect, it } from 'vitest';
import { LIVE_HOP_SECONDS, LiveWindow } from './live-window';

const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);

describe('LiveWindow', () => {
  it('keeps the newest windowSeconds of audio, in order', () => {
    const w = new LiveWindow(10, 1); // 10 samples
    w.push(ramp(0, 6));
    w.push(ramp(6, 6));
    const { samples, atSeconds } = w.take();
    expect(Array.from(samples)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(atSeconds).toBe(1.2);
    w.push(ramp(100, 25)); // a chunk longer than the window
    expect(Array.from(w.take().samples)).toEqual(Array.from(ramp(115, 10)));
  });

  it('is due once a second is in and a hop has passed since the last take', () => {
    const sr = 100;
    const w = new LiveWindow(sr, 3);
    w.push(new Float32Array(sr - 1));
    expect(w.due).toBe(false);
    w.push(new Float32Array(1));
    expect(w.due).toBe(true);
    w.take();
    expect(w.due).toBe(false);
    w.push(new Float32Array(LIVE_HOP_SECONDS * sr - 1));
    expect(w.due).toBe(false);
    w.push(new Float32Array(1));
    expect(w.due).toBe(true);
    expect(w.bufferedSeconds).toBe(1.5);
  });

  it('reports the RMS level of what it hands out', () => {
    const w = new LiveWindow(4, 1);
    w.push(Float32Array.from([0.5, -0.5, 0.5, -0.5]));
    expect(w.take().rms).toBeCloseTo(0.5, 6);
  });
});
