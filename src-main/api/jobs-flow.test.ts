/**
 * The whole job flow through the api, on a generated corpus: train (events per batch and epoch),
 * list, evaluate, live prediction from pushed chunks, export, delete. Needs the bundled workers.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTessCorpus } from '../../e2e/corpus';
import { testApiServer } from '../testing/api-server';
import { SPEECH_MISSING, speak } from '../testing/spoken';

// The workers run from dist-main, which the test setup builds (a failed build fails the run).
describe('training, evaluation and live prediction through the api', () => {
  const corpus = writeTessCorpus({ speakers: ['OAF', 'YAF'], labels: ['angry', 'sad'], words: ['back', 'bar', 'base', 'bath'], seconds: 1, sampleRate: 16000 });
  const { api, of, scratch, dispose } = testApiServer('ser-jobs-');
  afterAll(() => {
    dispose();
    corpus.remove();
  });
  let modelId = '';
  let validationClips = 0;

  it('trains a model as a job and reports batches, epochs and the result', async () => {
    await api.request('corpus.open', { path: corpus.root });
    const { jobId } = await api.request('train.start', {
      corpusDir: corpus.root,
      preset: 'seed',
      split: { kind: 'random', valFraction: 0.25, seed: 1 },
      epochs: 2,
      batchSize: 4,
      seed: 3,
      name: 'flow-test',
    });
    await expect.poll(() => of('job.state').find((s) => s.jobId === jobId && s.state !== 'running')?.state, { timeout: 120_000, interval: 200 }).toBe('done');
    const progress = of('job.progress').filter((p) => p.jobId === jobId);
    expect(progress.some((p) => p.type === 'batch')).toBe(true);
    expect(progress.filter((p) => p.type === 'epoch').map((p) => (p.type === 'epoch' ? p.epoch : 0))).toEqual([1, 2]);
    const result = of('job.result').find((r) => r.jobId === jobId);
    expect(result?.kind).toBe('train');
    if (result?.kind !== 'train') throw new Error('no train result');
    expect(result.result.labels.sort()).toEqual(['angry', 'sad']);
    expect(result.result.split.validation).toBeGreaterThan(0);
    modelId = result.result.modelId;
    validationClips = result.result.split.validation;
    expect(modelId).toBe('flow-test');
    const { models } = await api.request('model.list', {});
    expect(models.map((m) => m.id)).toEqual(['flow-test']);
    expect(models[0].history).toHaveLength(2);
    expect((await api.request('jobs.list', {})).jobs.find((j) => j.jobId === jobId)?.state).toBe('done');
  }, 180_000);

  it('evaluates the model on the corpus as a job: its training clips are left out unless asked for', async () => {
    const evaluate = async (includeTraining?: boolean) => {
      const { jobId } = await api.request('evaluate.start', { modelId, corpusDir: corpus.root, ...(includeTraining !== undefined && { includeTraining }) });
      await expect.poll(() => of('job.state').find((s) => s.jobId === jobId && s.state !== 'running')?.state, { timeout: 120_000, interval: 200 }).toBe('done');
      const result = of('job.result').find((r) => r.jobId === jobId);
      if (result?.kind !== 'evaluate') throw new Error('no evaluate result');
      return result.result;
    };
    const heldOut = await evaluate();
    expect(heldOut.report.total).toBe(validationClips);
    expect(heldOut.trainingClips).toEqual({ count: corpus.clips - validationClips, included: false });
    const all = await evaluate(true);
    expect(all.report.total).toBe(corpus.clips);
    expect(all.trainingClips).toEqual({ count: corpus.clips - validationClips, included: true });
    expect(all.report.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(corpus.clips);
    expect((await api.request('app.info', {})).mlBackend.state).toBe('ready');
  }, 180_000);

  it.skipIf(SPEECH_MISSING)(
    `predicts live from binary chunks: rolling predictions while speaking, one final prediction, saved as a WAV${SPEECH_MISSING ? ` (skipped: ${SPEECH_MISSING})` : ''}`,
    async () => {
      const spoken = speak('Say the word bite, and say it slowly, please.');
      const session = await api.request('live.start', { modelId, sampleRate: spoken.sampleRate });
      expect(session.labels.sort()).toEqual(['angry', 'sad']);
      // Silence, the sentence, silence.
      const audio = new Float32Array(spoken.samples.length + 2 * spoken.sampleRate);
      audio.set(spoken.samples, spoken.sampleRate);
      for (let i = 0; i < audio.length; i += 800) {
        api.pushAudio(session.sessionId, audio.slice(i, i + 800));
        await new Promise((r) => setTimeout(r, 5));
      }
      await api.request('live.end', { sessionId: session.sessionId });
      const finals = of('live.utterance').filter((u) => u.sessionId === session.sessionId);
      expect(finals).toHaveLength(1);
      const [u] = finals;
      expect(u.verdict).toBe('predicted');
      expect(u.probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(session.labels).toContain(u.label);
      expect(of('live.prediction').filter((p) => p.sessionId === session.sessionId).length).toBeGreaterThan(0);
      const saved = await api.request('live.save', { utteranceId: u.utteranceId, label: 'sad', speaker: 'tester' });
      expect(saved.folder).toBe(join(scratch, 'recordings'));
      expect(saved.path.startsWith(join(saved.folder, 'tester', 'sad'))).toBe(true);
      expect(existsSync(saved.path)).toBe(true);
      expect(await api.request('live.stop', { sessionId: session.sessionId })).toEqual({ stopped: true });
      api.pushAudio(session.sessionId, new Float32Array(10));
      expect(of('live.error').at(-1)).toMatchObject({ sessionId: session.sessionId, message: expect.stringMatching(/no live session/) });
    },
    120_000,
  );

  it('exports into an opened folder only, then deletes the model', async () => {
    await expect(api.request('model.export', { id: modelId, destination: join(scratch, 'out.zip') })).rejects.toMatchObject({ code: 'forbidden-path' });
    const { path } = await api.request('model.export', { id: modelId, destination: join(corpus.root, 'flow-test.zip') });
    expect(path).toBe(join(corpus.root, 'flow-test.zip'));
    expect(existsSync(path!)).toBe(true);
    await api.request('model.delete', { id: modelId });
    expect((await api.request('model.list', {})).models).toEqual([]);
    const imported = await api.request('model.import', { source: path! });
    expect(imported.model?.name).toBe('flow-test');
  });

  it('cancels a training job within a second or so', async () => {
    const { jobId } = await api.request('train.start', {
      corpusDir: corpus.root,
      preset: 'sequence',
      split: { kind: 'random', valFraction: 0.25, seed: 1 },
      epochs: 200,
      batchSize: 2,
      seed: 3,
      name: 'cancel-test',
    });
    await expect.poll(() => of('job.progress').some((p) => p.jobId === jobId && p.type === 'batch'), { timeout: 120_000, interval: 100 }).toBe(true);
    const t = performance.now();
    expect(await api.request('job.cancel', { jobId })).toEqual({ cancelled: true });
    await expect.poll(() => of('job.state').find((s) => s.jobId === jobId && s.state !== 'running')?.state, { timeout: 5000, interval: 50 }).toBe('cancelled');
    expect(performance.now() - t).toBeLessThan(2500);
    expect(of('job.error').find((e) => e.jobId === jobId)).toMatchObject({ cancelled: true });
  }, 180_000);
});
