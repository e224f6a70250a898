/**
 * Training on several corpora through the api, as the Train view does it: six generated corpora, one in each
 * naming convention, opened, summarised (train.corpora), previewed with a speaker split and trained on at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiServer } from '../testing/api-server';
import { makeConventionToneCorpus, makeRavdessToneCorpus, makeToneCorpus } from '../testing/train-test-corpus';

describe('train.corpora, train.preview and train.start on corpora of every convention', () => {
  const t = testApiServer('ser-api-corpora-');
  const dir = (name: string) => join(t.scratch, 'corpora', name);
  const extras = ['ravdess', 'crema-d', 'savee', 'emodb', 'folder-per-label'].map(dir);
  const settings = { preset: 'seed', epochs: 1, batchSize: 16, seed: 3 } as const;
  beforeAll(async () => {
    makeToneCorpus(dir('tess'), 3);
    makeRavdessToneCorpus(dir('ravdess'), 2);
    for (const c of ['crema-d', 'savee', 'emodb', 'folder-per-label'] as const) makeConventionToneCorpus(dir(c), c);
    for (const d of [dir('tess'), ...extras]) await t.api.request('corpus.open', { path: d });
  });
  afterAll(() => t.dispose());

  it('summarises each corpus, maps calm onto neutral by default and names every speaker with their corpus', async () => {
    const s = await t.api.request('train.corpora', { corpusDir: dir('tess'), extraCorpusDirs: extras });
    expect(s.corpora.map((c) => c.convention)).toEqual(['tess', 'ravdess', 'crema-d', 'savee', 'emodb', 'folder-per-label']);
    expect(s.corpora.map((c) => c.clips)).toEqual([18, 32, 18, 18, 24, 18]);
    expect(s.corpora[1]!.labelCounts).toEqual({ neutral: 8, calm: 8, sad: 8, angry: 8 });
    expect(s.labelMap).toEqual({ calm: 'neutral' });
    expect(s.relabelled).toEqual({ 'calm → neutral': 8 });
    expect(s.relabelling).toBe('calm → neutral 8');
    expect(s.sourceLabels).toEqual(['neutral', 'calm', 'sad', 'angry', 'boredom']);
    expect(s.labels).toEqual(['neutral', 'sad', 'angry', 'boredom']);
    // TESS, CREMA-D, SAVEE, EmoDB and the label folders 6 of each; RAVDESS 8, and its 8 calm takes as neutral.
    expect(s.labelCounts).toEqual({ neutral: 46, sad: 38, angry: 38, boredom: 6 });
    expect(s.clips).toBe(128);
    expect(s.speakers).toEqual([
      'crema-d/1001',
      'crema-d/1002',
      'emodb/03',
      'emodb/08',
      'folder-per-label/ann',
      'folder-per-label/bo',
      'ravdess/01',
      'ravdess/02',
      'savee/DC',
      'savee/JK',
      'tess/OAF',
      'tess/YAF',
    ]);
    expect(s.targets).toContain('surprise');

    const edited = await t.api.request('train.corpora', { corpusDir: dir('tess'), extraCorpusDirs: extras, labelMap: { calm: null, boredom: null } });
    expect(edited.labels).toEqual(['neutral', 'sad', 'angry']);
    expect(edited.dropped).toEqual({ calm: 8, boredom: 6 });
    expect(edited.relabelling).toBe('left out: calm 8, boredom 6');
    expect(edited.clips).toBe(128 - 14);
  });

  it('previews a speaker split across corpora and writes the command line with every folder and the map', async () => {
    const args = {
      corpusDir: dir('tess'),
      extraCorpusDirs: extras,
      labelMap: { calm: 'neutral' as const, boredom: null },
      split: { kind: 'speaker' as const, testSpeakers: ['emodb/08', 'tess/YAF'] },
      ...settings,
    };
    const { split, command } = await t.api.request('train.preview', args);
    expect(split.validation.speakers).toEqual(['emodb/08', 'tess/YAF']);
    // EmoDB's speaker 08 without boredom (9 takes) and TESS's YAF (9).
    expect(split.validation.clips).toBe(18);
    expect(split.sharedSpeakers).toEqual([]);
    expect(command).toContain(`train ${dir('tess')} ${extras.join(' ')} --preset seed --split speaker:emodb/08,tess/YAF`);
    expect(command).toContain('--label-map calm=neutral,boredom=');
  });

  it('trains on all of them: the model knows the merged labels and its meta lists the corpora and the map', async () => {
    const { jobId } = await t.api.request('train.start', {
      corpusDir: dir('tess'),
      extraCorpusDirs: extras,
      split: { kind: 'speaker', testSpeakers: ['savee/JK'] },
      ...settings,
    });
    await expect.poll(() => t.of('job.state').find((s) => s.jobId === jobId && s.state !== 'running')?.state, { timeout: 150_000, interval: 200 }).toBe('done');
    expect(t.of('job.state').find((j) => j.jobId === jobId)?.title).toBe('Train seed on tess + ravdess + crema-d + savee + emodb + folder-per-label');
    const result = t.of('job.result').find((r) => r.jobId === jobId);
    if (result?.kind !== 'train') throw new Error('no train result');
    expect(result.result.labels).toEqual(['angry', 'boredom', 'neutral', 'sad']);
    expect(result.result.split.validation).toBe(9);
    const meta = JSON.parse(readFileSync(join(result.result.modelDir, 'meta.json'), 'utf8'));
    expect(meta.corpus.corpora.map((c: { root: string }) => c.root)).toEqual([dir('tess'), ...extras]);
    expect(meta.corpus.labelMap).toEqual({ calm: 'neutral' });
  }, 180_000);

  it('refuses a folder twice, a folder never opened and a map it cannot read, saying which', async () => {
    const base = { corpusDir: dir('tess'), extraCorpusDirs: [dir('ravdess'), dir('ravdess')] };
    await expect(t.api.request('train.corpora', base)).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining('is given twice') });
    await expect(t.api.request('train.corpora', { ...base, extraCorpusDirs: [join(t.scratch, 'elsewhere')] })).rejects.toMatchObject({
      code: 'forbidden-path',
    });
    await expect(
      t.api.request('train.corpora', { corpusDir: dir('tess'), extraCorpusDirs: [dir('ravdess')], labelMap: { calm: 'relaxed' } as never }),
    ).rejects.toMatchObject({ code: 'invalid-args' });
  });
});
