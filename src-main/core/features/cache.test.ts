import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheEntryPath, decodeEntry, encodeEntry, readCacheEntry, removeStaleTempFiles, writeCacheEntry } from './cache';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ser-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const feature = { shape: [2, 3], data: Float32Array.from([1, -2.5, 3, 4e-7, 5, 6]) };

describe('feature cache', () => {
  it('round-trips an entry byte for byte', () => {
    const back = decodeEntry(encodeEntry(feature));
    expect(back?.shape).toEqual([2, 3]);
    expect(Array.from(back!.data)).toEqual(Array.from(feature.data));
  });

  it('keys on path, size and mtime, and on the spec', () => {
    const clip = { path: '/a.wav', size: 10, mtimeMs: 1000 };
    const key = cacheEntryPath(dir, 'seed-v1', clip);
    expect(cacheEntryPath(dir, 'seed-v1', { ...clip })).toBe(key);
    expect(cacheEntryPath(dir, 'seed-v1', { ...clip, size: 11 })).not.toBe(key);
    expect(cacheEntryPath(dir, 'seed-v1', { ...clip, mtimeMs: 2000 })).not.toBe(key);
    expect(cacheEntryPath(dir, 'seed-v1', { ...clip, path: '/b.wav' })).not.toBe(key);
    expect(cacheEntryPath(dir, 'frames-v1', clip)).not.toBe(key);
  });

  it('treats truncated, padded or foreign files as misses', async () => {
    const bytes = encodeEntry(feature);
    expect(decodeEntry(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodeEntry(Uint8Array.from([...bytes, 0, 0, 0, 0]))).toBeUndefined();
    expect(decodeEntry(new TextEncoder().encode('RIFF....WAVEfmt '))).toBeUndefined();
    const file = join(dir, 'x.f32');
    await writeFile(file, bytes.subarray(0, 10));
    expect(await readCacheEntry(file)).toBeUndefined();
    expect(await readCacheEntry(join(dir, 'missing.f32'))).toBeUndefined();
  });

  it('writes atomically: concurrent writers leave one whole entry and no temp files', async () => {
    const file = cacheEntryPath(dir, 'seed', { path: '/c.wav', size: 1, mtimeMs: 1 });
    const results = await Promise.all(Array.from({ length: 8 }, () => writeCacheEntry(file, feature)));
    expect(results.every(Boolean)).toBe(true);
    const back = await readCacheEntry(file);
    expect(Array.from(back!.data)).toEqual(Array.from(feature.data));
    const files = await readdir(join(file, '..'));
    expect(files).toEqual([file.split('/').pop()]);
  });

  it('never writes or returns non-finite features', async () => {
    const file = cacheEntryPath(dir, 'seed', { path: '/nan.wav', size: 1, mtimeMs: 1 });
    for (const bad of [NaN, Infinity]) {
      expect(await writeCacheEntry(file, { shape: [2], data: Float32Array.from([1, bad]) })).toBe(false);
      await expect(readdir(dir)).resolves.toEqual([]);
      expect(decodeEntry(encodeEntry({ shape: [2], data: Float32Array.from([bad, 1]) }))).toBeUndefined();
    }
  });

  it('removes temp files of writers that died before their rename, and keeps the files of a live writer', async () => {
    const shard = join(dir, 'seed', 'ab');
    await mkdir(shard, { recursive: true });
    await writeFile(join(shard, 'abc.f32'), encodeEntry(feature));
    await writeFile(join(shard, 'abc.f32.999999.0badf00d.tmp'), 'half');
    await writeFile(join(shard, `abd.f32.${process.pid}.00c0ffee.tmp`), 'being written');
    expect(await removeStaleTempFiles(dir, (pid) => pid === process.pid)).toBe(1);
    expect((await readdir(shard)).sort()).toEqual(['abc.f32', `abd.f32.${process.pid}.00c0ffee.tmp`]);
  });
});
