import { describe, expect, it } from 'vitest';
import { seedWindowSpan } from './analysis-window';
import { luminance, viridis } from './colormap';
import { formatDuration, formatPercent, formatSeconds } from './format';
import { heatmapPixels, rowsRange, valueRange } from './heatmap';

describe('viridis', () => {
  it('is monotonic in luminance (perceptual ordering) and hits its end points', () => {
    let prev = -1;
    for (let i = 0; i <= 100; i++) {
      const l = luminance(viridis(i / 100));
      expect(l).toBeGreaterThan(prev);
      prev = l;
    }
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });
});

describe('heatmapPixels', () => {
  it('puts row 0 at the bottom and maps min/max to the colour map ends', () => {
    const data = Float32Array.from([0, 1, 2, /* row 1 */ 3, 4, 5]);
    const range = valueRange(data);
    expect(range).toEqual({ min: 0, max: 5 });
    const px = heatmapPixels(data, 2, 3, range);
    expect(px.length).toBe(2 * 3 * 4);
    // bottom-left pixel (y = 1) is data[0] = min → viridis(0)
    expect([...px.slice((1 * 3 + 0) * 4, (1 * 3 + 0) * 4 + 3)]).toEqual(viridis(0));
    // top-right pixel (y = 0) is data[5] = max → viridis(1)
    expect([...px.slice(2 * 4, 2 * 4 + 3)]).toEqual(viridis(1));
  });
  it('can leave out the first rows (MFCC 0) when fitting the colour scale', () => {
    const data = Float32Array.from([-600, -500, /* row 1 */ 1, 2, /* row 2 */ 3, Number.NaN]);
    expect(rowsRange(data, 2, 1)).toEqual({ min: 1, max: 3 });
    expect(rowsRange(data, 2, 0)).toEqual({ min: -600, max: 3 });
    expect(rowsRange(data, 2, 9)).toEqual({ min: 0, max: 0 });
  });
  it('refuses a shape the data does not fill', () => {
    expect(() => heatmapPixels(new Float32Array(5), 2, 3, { min: 0, max: 1 })).toThrow(/do not fill/);
    expect(() => heatmapPixels(new Float32Array(0), 0, 3, { min: 0, max: 1 })).toThrow(/invalid shape/);
  });
});

describe('formatting', () => {
  it('formats durations, playback positions and percentages', () => {
    expect(formatDuration(2.345)).toBe('2.35 s');
    expect(formatDuration(64)).toBe('1 min 04 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatSeconds(61.5)).toBe('61.50 s');
    expect(formatSeconds(Number.NaN)).toBe('0.00 s');
    expect(formatPercent(0.456)).toBe('46 %');
    expect(formatPercent(7)).toBe('100 %');
  });
});

describe('seedWindowSpan', () => {
  it('draws the window the host sent, as it is', () => {
    expect(seedWindowSpan({ startSeconds: 0.5, endSeconds: 3.5 })).toEqual({ start: 0.5, end: 3.5 });
    expect(seedWindowSpan({ startSeconds: 0.5, endSeconds: 2.1 })).toEqual({ start: 0.5, end: 2.1 });
  });
  it('draws nothing for an empty window (a clip that ends before the window starts)', () => {
    expect(seedWindowSpan({ startSeconds: 0.4, endSeconds: 0.4 })).toBeUndefined();
    expect(seedWindowSpan({ startSeconds: Number.NaN, endSeconds: 1 })).toBeUndefined();
  });
});
