import { describe, expect, it } from 'vitest';
import { StreamDecimator } from './stream-decimator';

describe('StreamDecimator', () => {
  it('gives one output sample per input interval, whatever the chunking', () => {
    const input = Float32Array.from({ length: 4800 }, (_, i) => Math.sin(i / 50));
    const whole = new StreamDecimator(48000, 16000).push(input);
    const d = new StreamDecimator(48000, 16000);
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += 137) parts.push(...d.push(input.subarray(i, i + 137)));
    expect(whole.length).toBe(1600);
    expect(parts).toEqual(Array.from(whole));
    // Averages of three: a slow sine passes nearly unchanged.
    expect(whole[100]).toBeCloseTo((input[300] + input[301] + input[302]) / 3, 6);
  });

  it('handles rates that are not a whole multiple (44.1 kHz)', () => {
    const d = new StreamDecimator(44100, 16000);
    const out = d.push(new Float32Array(44100).fill(0.5));
    expect(out.length).toBe(16000);
    expect(Math.min(...out)).toBeCloseTo(0.5, 6);
  });

  it('refuses to upsample', () => {
    expect(() => new StreamDecimator(8000, 16000)).toThrow(/cannot decimate 8000 Hz/);
  });
});
