import { describe, expect, it } from 'vitest';
import { formatDbfs, isInaudible, measureChunk, meterFraction, toDbfs } from './live-level';

describe('level in dBFS', () => {
  it('reads a full-scale sine as about -3 dBFS RMS and 0 dBFS peak', () => {
    const sine = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 48000));
    const level = measureChunk(sine, { rms: 0, peak: 0 });
    expect(toDbfs(level.rms)).toBeCloseTo(-3.01, 1);
    expect(toDbfs(level.peak)).toBeCloseTo(0, 2);
  });

  it('takes the peak from negative samples too, and reads silence as -Infinity', () => {
    const level = measureChunk(Float32Array.of(0.1, -0.5, 0.25), { rms: 0, peak: 0 });
    expect(level.peak).toBe(0.5);
    expect(level.rms).toBeCloseTo(Math.sqrt((0.01 + 0.25 + 0.0625) / 3), 6);
    expect(toDbfs(measureChunk(new Float32Array(16), level).rms)).toBe(-Infinity);
    expect(toDbfs(0.1)).toBeCloseTo(-20, 6);
  });

  it('places levels on the meter between its floor and 0 dBFS', () => {
    expect(meterFraction(-Infinity)).toBe(0);
    expect(meterFraction(-60)).toBe(0);
    expect(meterFraction(-30)).toBeCloseTo(0.5, 6);
    expect(meterFraction(0)).toBe(1);
    expect(meterFraction(3)).toBe(1);
    expect(formatDbfs(-23.4)).toBe('-23 dBFS');
    expect(formatDbfs(-Infinity)).toBe('below -60 dBFS');
  });

  it('calls a chunk inaudible below the meter floor (nothing to redraw)', () => {
    expect(isInaudible(0)).toBe(true);
    expect(isInaudible(0.0009)).toBe(true);
    expect(isInaudible(0.0011)).toBe(false);
    expect(isInaudible(0.5)).toBe(false);
  });
});
