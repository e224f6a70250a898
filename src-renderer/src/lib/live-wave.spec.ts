import { describe, expect, it } from 'vitest';
import { filePeaks, ScrollingPeaks } from './live-wave';

describe('scrolling waveform columns', () => {
  it('makes one column per samplesPerColumn, across chunk borders', () => {
    const peaks = new ScrollingPeaks(4, 3);
    peaks.add(Float32Array.of(0.1, -0.2));
    peaks.add(Float32Array.of(0.3, 0.5, -0.5, 0.0, 0.9));
    // columns: [0.1,-0.2,0.3] [0.5,-0.5,0] ; 0.9 pending
    expect(peaks.min[peaks.at(2)]).toBeCloseTo(-0.2);
    expect(peaks.max[peaks.at(2)]).toBeCloseTo(0.3);
    expect(peaks.min[peaks.at(3)]).toBeCloseTo(-0.5);
    expect(peaks.max[peaks.at(3)]).toBeCloseTo(0.5);
    expect(peaks.max[peaks.at(0)]).toBe(0);
  });

  it('scrolls: the newest column is last and the oldest falls off', () => {
    const peaks = new ScrollingPeaks(3, 1);
    peaks.add(Float32Array.of(0.1, 0.2, 0.3, 0.4));
    expect([0, 1, 2].map((i) => peaks.max[peaks.at(i)]!.toFixed(1))).toEqual(['0.2', '0.3', '0.4']);
    peaks.clear();
    expect([0, 1, 2].map((i) => peaks.max[peaks.at(i)])).toEqual([0, 0, 0]);
  });
});

describe('file waveform', () => {
  it('covers every sample once in equal spans', () => {
    const samples = Float32Array.of(0, 1, -1, 0.5, 0.25, -0.25);
    const { min, max } = filePeaks(samples, 3);
    expect([...max]).toEqual([1, 0.5, 0.25]);
    expect([...min]).toEqual([0, -1, -0.25]);
  });

  it('draws flat for an empty file and for more columns than samples', () => {
    expect([...filePeaks(new Float32Array(0), 2).max]).toEqual([0, 0]);
    const { max } = filePeaks(Float32Array.of(0.5, 0.75), 4);
    expect(max[3]).toBe(0.75);
  });
});
