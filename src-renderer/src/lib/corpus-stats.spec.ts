import { describe, expect, it } from 'vitest';
import { labelSpeakerMatrix, orderLabels, seriesColor } from './corpus-stats';

describe('corpus stats', () => {
  it('orders canonical labels first, then others alphabetically', () => {
    expect(orderLabels(['sad', 'zzz', 'neutral', 'angry', 'aaa', 'sad'])).toEqual(['neutral', 'sad', 'angry', 'aaa', 'zzz']);
  });
  it('lays out speaker × label counts densely, in label order', () => {
    const c = labelSpeakerMatrix(['sad', 'happy'], ['YAF', 'OAF'], { OAF: { sad: 2, happy: 1 }, YAF: { sad: 1 } });
    expect(c.labels).toEqual(['happy', 'sad']);
    expect(c.speakers).toEqual(['OAF', 'YAF']);
    expect(c.counts).toEqual([
      [1, 2],
      [0, 1],
    ]);
  });
  it('gives distinct colours to the first 24 series', () => {
    const colours = new Set(Array.from({ length: 24 }, (_, i) => seriesColor(i)));
    expect(colours.size).toBe(24);
  });
});
