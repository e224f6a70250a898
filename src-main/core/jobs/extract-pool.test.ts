import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../audio';
import { encodeWav } from '../../testing/wav-fixtures';
import { extractFeatures, type FeatureSpec } from '../features';
import { ExtractionCancelledError, extractAll } from './extract-pool';

const seed: FeatureSpec = { kind: 'seed' };
let dir: string;
let clips: string[];

function tone(freq: number, seconds: number, sr: number): Float32Array {
  const y = new Float32Array(Math.round(seconds * sr));
  for (let i = 0; i < y.length; i++) y[i] = 0.3 * Math.sin((2 * Math.PI * freq * i) / sr) + 0.01 * Math.sin(i * 0.37);
  return y;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ser-pool-'));
  clips = [];
  for (let i = 0; i < 6; i++) {
    const path = join(dir, `clip${i}.wav`);
    await writeFile(path, encodeWav([tone(200 + 100 * i, 2, i % 2 ? 24414 : 22050)], i % 2 ? 24414 : 22050));
    clips.push(path);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('extractAll', () => {
  it('computes in workers exactly what extractFeatures computes here, then serves it from the cache', async () => {
    const cacheDir = join(dir, 'cache');
    const progress: number[] = [];
    const cold = await extractAll(
      clips.map((path) => ({ path })),
      seed,
      { cacheDir, workers: 2, onProgress: (d) => progress.push(d) },
    );
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [i, r] of cold.entries()) {
      expect(r.ok && r.path).toBe(clips[i]);
      if (!r.ok) continue;
      expect(r.cached).toBe(false);
      const here = extractFeatures(await decodeAudioFile(clips[i]), seed);
      expect(r.shape).toEqual([40]);
      expect(Array.from(r.data)).toEqual(Array.from(here.data));
    }
    const warm = await extractAll(
      clips.map((path) => ({ path })),
      seed,
      { cacheDir },
    );
    expect(warm.every((r) => r.ok && r.cached)).toBe(true);
    expect(warm.map((r) => (r.ok ? Array.from(r.data) : []))).toEqual(cold.map((r) => (r.ok ? Array.from(r.data) : [])));
  });

  it('computes an augmented copy outside the cache: never read from it, never written as the clip', async () => {
    const cacheDir = join(dir, 'cache-augment');
    const augment = { speed: 1.1, semitones: 0, gainDb: -3, snrDb: 20, seed: 5 };
    const [copy] = await extractAll([{ path: clips[0], augment }], seed, { cacheDir, workers: 1 });
    expect(copy.ok && copy.cached).toBe(false);
    const [clip] = await extractAll([{ path: clips[0] }], seed, { cacheDir, workers: 1 });
    // The clip itself was not in the cache (the copy did not go there), and it differs from the copy.
    expect(clip.ok && clip.cached).toBe(false);
    expect(copy.ok && clip.ok && Array.from(copy.data)).not.toEqual(clip.ok && Array.from(clip.data));
    const [again] = await extractAll([{ path: clips[0], augment }], seed, { cacheDir, workers: 1 });
    // Now the clip is cached, yet the copy is computed again (and, seeded, the same).
    expect(again.ok && again.cached).toBe(false);
    expect(again.ok && Array.from(again.data)).toEqual(copy.ok && Array.from(copy.data));
  });

  it('reports unreadable clips with their reason and carries on with the rest', async () => {
    const corrupt = join(dir, 'corrupt.wav');
    await writeFile(corrupt, new TextEncoder().encode('this is not audio at all, just text'));
    const missing = join(dir, 'missing.wav');
    const results = await extractAll([{ path: clips[0] }, { path: corrupt }, { path: missing }], seed, { cacheDir: false, workers: 1 });
    expect(results[0].ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, path: corrupt });
    expect(!results[1].ok && results[1].reason).toMatch(/\w/);
    expect(results[2]).toMatchObject({ ok: false, path: missing });
  });

  it('stops promptly when cancelled', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ path: clips[i % clips.length] }));
    const controller = new AbortController();
    const started = performance.now();
    const run = extractAll(many, seed, { cacheDir: false, signal: controller.signal, onProgress: (d) => d === 2 && controller.abort() });
    await expect(run).rejects.toBeInstanceOf(ExtractionCancelledError);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
