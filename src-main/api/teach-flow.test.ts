/**
 * Teach it your voice through the api: the recordings folder's takes, a teach job on a model trained on a
 * generated corpus (progress, the plan in the log, before and after on held-out recordings), the new model in
 * the list and the source untouched; refusals for an unknown model and for too few recordings. Needs the bundled workers.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiServer } from '../testing/api-server';
import { makeShiftedRecordings, makeToneCorpus } from '../testing/train-test-corpus';

describe('teaching a model a voice through the api', () => {
  const { api, of, scratch, recordings, dispose } = testApiServer('ser-teach-api-');
  afterAll(dispose);
  const corpus = join(scratch, 'corpus');
  let source = '';

  /** The job's final state (done, error or cancelled), once it has one. */
  const finished = async (jobId: string) => {
    const end = () => of('job.state').find((s) => s.jobId === jobId && !['running', 'queued'].includes(s.state))?.state;
    for (const t0 = Date.now(); !end() && Date.now() - t0 < 120_000;) await new Promise((r) => setTimeout(r, 200));
    return end();
  };

  beforeAll(async () => {
    makeToneCorpus(corpus, 12);
    await api.request('corpus.open', { path: corpus });
    const { jobId } = await api.request('train.start', {
      corpusDir: corpus,
      preset: 'seed',
      split: { kind: 'random', valFraction: 0.25, seed: 1 },
      epochs: 10,
      batchSize: 16,
      seed: 42,
      name: 'source',
    });
    expect(await finished(jobId)).toBe('done');
    source = 'source';
  }, 180_000);

  it('says the recordings folder is empty before anything is saved, and a teach job then fails with the reason', async () => {
    expect(await api.request('teach.recordings', {})).toEqual({
      folder: recordings,
      clips: 0,
      speakers: [],
      labelCounts: {},
      problems: 0,
      needs: { recordings: 6, labels: 2 },
    });
    const { jobId } = await api.request('teach.start', { modelId: source });
    expect(await finished(jobId)).toBe('error');
    expect(of('job.error').find((e) => e.jobId === jobId)?.message).toMatch(/recordings/);
    await expect(api.request('teach.start', { modelId: 'no-such-model' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(api.request('teach.start', { modelId: source, epochs: 0 })).rejects.toMatchObject({ code: 'invalid-args' });
  }, 60_000);

  it('teaches the model the recordings into a new model and reports before and after on the held-out ones', async () => {
    makeShiftedRecordings(recordings, 8);
    mkdirSync(join(recordings, 'me', 'happy'), { recursive: true }); // an empty label folder counts nothing
    expect(await api.request('teach.recordings', {})).toEqual({
      folder: recordings,
      clips: 24,
      speakers: ['me'],
      labelCounts: { neutral: 8, sad: 8, angry: 8 },
      problems: 0,
      needs: { recordings: 6, labels: 2 },
    });
    const { jobId } = await api.request('teach.start', { modelId: source, name: 'my voice', epochs: 8, seed: 3 });
    expect(await finished(jobId)).toBe('done');
    const result = of('job.result').find((r) => r.jobId === jobId);
    if (result?.kind !== 'teach') throw new Error('no teach result');
    const r = result.result;
    expect(r).toMatchObject({ modelId: 'my-voice', name: 'my voice', sourceModelId: 'source', plan: { method: 'replay', fineTune: 18, heldOut: 6 } });
    expect(r.after.accuracy).toBeGreaterThan(r.before.accuracy);
    expect(r.epochs).toHaveLength(8);
    const progress = of('job.progress').filter((p) => p.jobId === jobId);
    expect(progress.filter((p) => p.type === 'epoch').map((p) => (p.type === 'epoch' ? p.epochs : 0))).toEqual(Array(8).fill(8));
    expect(of('job.log').some((l) => l.jobId === jobId && /18 to learn from, 6 held out/.test(l.message))).toBe(true);
    const ids = (await api.request('model.list', {})).models.map((m) => m.id).sort();
    expect(ids).toEqual(['my-voice', 'source']);
  }, 180_000);
});
