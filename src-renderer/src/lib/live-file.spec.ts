import { describe, expect, it } from 'vitest';
import { chunkRanges, fileEndTimeoutMs, mixdown } from './live-file';

describe('file through the live path', () => {
  it('mixes channels to their mean, to the shortest length', () => {
    expect([...mixdown([Float32Array.of(1, 0.5, 0.25), Float32Array.of(0, -0.5)])]).toEqual([0.5, 0]);
    const mono = Float32Array.of(0.1);
    expect(mixdown([mono])).toBe(mono);
    expect(mixdown([]).length).toBe(0);
  });

  it('cuts a file into chunks that cover it exactly', () => {
    expect(chunkRanges(10, 4)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(chunkRanges(8, 4)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(chunkRanges(0, 4)).toEqual([]);
  });

  it('gives long files more time to finish', () => {
    expect(fileEndTimeoutMs(0)).toBe(60_000);
    expect(fileEndTimeoutMs(100)).toBeGreaterThan(fileEndTimeoutMs(10));
  });
});
