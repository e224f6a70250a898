import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheEntryPath, writeCacheEntry } from './cache';
import { cacheUsage, clearCache } from './cache-usage';

const dir = mkdtempSync(join(tmpdir(), 'ser-cache-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('feature cache size and clearing', () => {
  it('counts the entries, clears exactly them, and leaves anything else in the folder alone', async () => {
    const feature = { shape: [40], data: new Float32Array(40) };
    for (let i = 0; i < 3; i++) await writeCacheEntry(cacheEntryPath(dir, 'seed-abc', { path: `/c/${i}.wav`, size: i, mtimeMs: 1 }), feature);
    await writeCacheEntry(cacheEntryPath(dir, 'frames-def', { path: '/c/x.wav', size: 9, mtimeMs: 1 }), feature);
    // Not the cache's: a note beside it and a file of another shape two folders down.
    writeFileSync(join(dir, 'README.txt'), 'mine');
    mkdirSync(join(dir, 'photos', 'ab'), { recursive: true });
    writeFileSync(join(dir, 'photos', 'ab', 'holiday.jpg'), 'jpeg');

    const entryBytes = 4 * 3 + 4 * 40; // header (magic, rank, one dim) + 40 floats
    expect(await cacheUsage(dir)).toEqual({ files: 4, bytes: 4 * entryBytes });
    expect(await clearCache(dir)).toEqual({ files: 4, bytes: 4 * entryBytes });
    expect(await cacheUsage(dir)).toEqual({ files: 0, bytes: 0 });
    expect(readdirSync(dir).sort()).toEqual(['README.txt', 'photos']);
    expect(existsSync(join(dir, 'photos', 'ab', 'holiday.jpg'))).toBe(true);
  });

  it('treats a missing folder as an empty cache', async () => {
    expect(await cacheUsage(join(dir, 'nope'))).toEqual({ files: 0, bytes: 0 });
    expect(await clearCache(join(dir, 'nope'))).toEqual({ files: 0, bytes: 0 });
  });
});
