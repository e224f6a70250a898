/** `ser train` on several corpora at once: TESS- and RAVDESS-named folders of generated tones, labels mapped, speakers kept whole. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRavdessToneCorpus, makeToneCorpus } from '../testing/train-test-corpus';
import { runInProcess } from '../testing/run-in-process';
import { UsageError } from './command';
import { buildRequest, command } from './train';

describe('ser train on several corpora', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ser-cli-corpora-'));
    makeToneCorpus(join(work, 'tess'), 4);
    makeRavdessToneCorpus(join(work, 'ravdess'), 3);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('trains on both: calm is neutral, each speaker named with their corpus, a speaker split holds one out whole', async () => {
    const out = join(work, 'model');
    const r = await runInProcess(command, [
      join(work, 'tess'),
      join(work, 'ravdess'),
      '--split',
      'speaker:ravdess/03',
      '--epochs',
      '1',
      '--batch',
      '8',
      '--out',
      out,
      '--json',
      '--cache-dir',
      join(work, 'cache'),
      '--backend',
      'wasm',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.type === 'log' && l.message === 'labels mapped: calm → neutral 12')).toBe(true);
    const result = lines.at(-1);
    expect(result.labels).toEqual(['angry', 'neutral', 'sad']);
    // Actor 3's 16 takes (calm among them, as neutral) and nobody else's.
    expect(result.split.validationCount).toBe(16);
    expect(result.split.validationSpeakers).toEqual(['ravdess/03']);
    expect(result.split.trainSpeakers).toEqual(['ravdess/01', 'ravdess/02', 'tess/OAF', 'tess/YAF']);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta.corpus.corpora.map((c: { convention: string }) => c.convention)).toEqual(['tess', 'ravdess']);
    expect(meta.corpus.labelMap).toEqual({ calm: 'neutral' });
  }, 120_000);

  it('takes a label map, and refuses one it cannot read', () => {
    const { request } = buildRequest([join(work, 'tess'), join(work, 'ravdess'), '--label-map', 'calm=,sad=sad']);
    expect(request.extraCorpusDirs).toEqual([join(work, 'ravdess')]);
    expect(request.labelMap).toEqual({ calm: null, sad: 'sad' });
    expect(() => buildRequest([join(work, 'tess'), '--label-map', 'calm=relaxed'])).toThrow(UsageError);
    expect(() => buildRequest([])).toThrow(/takes a corpus folder/);
    expect(() => buildRequest([join(work, 'tess'), join(work, 'ravdess'), join(work, 'tess', '.')])).toThrow(/is given twice/);
  });
});
