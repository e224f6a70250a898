/**
 * A speaker's calibration through the api: a per-speaker normalised model calibrates a live session
 * from utterances of neutral sentences, uses them for every prediction after, keeps them for the
 * speaker's next session, reports a damaged profile, and forgets them. Needs the bundled workers.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTessCorpus } from '../../e2e/corpus';
import { testApiServer } from '../testing/api-server';
import { SPEECH_MISSING, speak } from '../testing/spoken';
import type { LiveSessionInfo } from './contract';

const SENTENCES = [
  'The birch canoe slid on the smooth planks, and the boat drifted along the quiet shore.',
  'Glue the sheet to the dark blue background, then hang the picture beside the window.',
  'It is easy to tell the depth of a well when you drop a small stone into the water.',
  'These days a chicken leg is a rare dish, so we bought some bread and a little cheese.',
];

describe.skipIf(SPEECH_MISSING)(`live calibration through the api${SPEECH_MISSING ? ` (skipped: ${SPEECH_MISSING})` : ''}`, () => {
  const corpus = writeTessCorpus({ speakers: ['OAF', 'YAF'], labels: ['angry', 'sad'], words: ['back', 'bar', 'base', 'bath'], seconds: 1, sampleRate: 16000 });
  const { api, of, recordings, dispose } = testApiServer('ser-calibrate-');
  afterAll(() => {
    dispose();
    corpus.remove();
  });
  const spoken = SENTENCES.map((s) => speak(s));

  async function train(name: string, normalised: boolean): Promise<string> {
    const { jobId } = await api.request('train.start', {
      corpusDir: corpus.root,
      preset: 'seed',
      split: { kind: 'random', valFraction: 0.25, seed: 1 },
      epochs: 1,
      batchSize: 8,
      seed: 3,
      name,
      ...(normalised && { speakerNormalisation: { basis: 'all' as const, calibrationClips: 2 } }),
    });
    await expect.poll(() => of('job.state').find((s) => s.jobId === jobId && s.state !== 'running')?.state, { timeout: 120_000, interval: 200 }).toBe('done');
    return name;
  }

  /** Speaks sentence `i` into the session (silence either side); resolves to its final utterance. */
  async function say(session: LiveSessionInfo, i: number) {
    const { samples, sampleRate } = spoken[i];
    const before = of('live.utterance').length;
    const audio = new Float32Array(samples.length + sampleRate);
    audio.set(samples, sampleRate / 2);
    for (let at = 0; at < audio.length; at += 1600) {
      api.pushAudio(session.sessionId, audio.slice(at, at + 1600));
      await new Promise((r) => setTimeout(r, 2));
    }
    await api.request('live.end', { sessionId: session.sessionId });
    const heard = of('live.utterance')
      .slice(before)
      .filter((u) => u.sessionId === session.sessionId && u.verdict === 'predicted');
    expect(heard.length).toBeGreaterThan(0);
    return heard;
  }

  let modelId = '';
  const profileDir = join(recordings, 'tester', '.calibration');

  it('refuses a calibration for a model trained without per-speaker normalisation', async () => {
    await api.request('corpus.open', { path: corpus.root });
    const plain = await train('plain', false);
    const session = await api.request('live.start', { modelId: plain, sampleRate: 16000, speaker: 'tester' });
    expect(session.normalisation).toBeNull();
    await expect(api.request('live.calibrate', { sessionId: session.sessionId, utteranceIds: ['u'], speaker: 'tester' })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringMatching(/not trained with per-speaker normalisation/),
    });
    await api.request('live.stop', { sessionId: session.sessionId });
  }, 180_000);

  it('calibrates from neutral sentences, predicts with them, and keeps them for the speaker', async () => {
    modelId = await train('normalised', true);
    const session = await api.request('live.start', { modelId, sampleRate: 16000, speaker: 'tester' });
    expect(session.normalisation).toMatchObject({ speaker: 'tester', calibration: null });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(...(await say(session, i)).map((u) => u.utteranceId));
    expect(of('live.utterance').find((u) => u.utteranceId === ids[0])?.normalisation?.source).toBe('training');

    await expect(api.request('live.calibrate', { sessionId: session.sessionId, utteranceIds: ids.slice(0, 1), speaker: 'tester' })).rejects.toMatchObject({
      code: 'invalid-args',
      message: expect.stringMatching(/at least 3 sentences/),
    });
    await expect(api.request('live.calibrate', { sessionId: session.sessionId, utteranceIds: ids, speaker: '../x' })).rejects.toMatchObject({
      code: 'invalid-args',
    });
    await expect(api.request('live.calibrate', { sessionId: session.sessionId, utteranceIds: ['gone'], speaker: 'tester' })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(existsSync(profileDir)).toBe(false);

    const { normalisation } = await api.request('live.calibrate', { sessionId: session.sessionId, utteranceIds: ids, speaker: 'tester' });
    expect(normalisation.speaker).toBe('tester');
    expect(normalisation.calibration?.utterances).toBe(ids.length);
    expect(normalisation.calibration!.seconds).toBeGreaterThanOrEqual(10);
    expect(readdirSync(profileDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const after = await say(session, 3);
    expect(after.every((u) => u.normalisation?.source === 'calibration')).toBe(true);
    const rolling = of('live.prediction').filter((p) => p.sessionId === session.sessionId);
    expect(rolling.at(-1)?.normalisation?.source).toBe('calibration');
    await api.request('live.stop', { sessionId: session.sessionId });
  }, 240_000);

  it("uses the speaker's saved calibration in the next session, and only theirs", async () => {
    const next = await api.request('live.start', { modelId, sampleRate: 16000, speaker: 'tester' });
    expect(next.normalisation?.calibration?.utterances).toBeGreaterThanOrEqual(3);
    expect((await say(next, 0)).every((u) => u.normalisation?.source === 'calibration')).toBe(true);
    await api.request('live.stop', { sessionId: next.sessionId });
    const other = await api.request('live.start', { modelId, sampleRate: 16000, speaker: 'someone else' });
    expect(other.normalisation).toMatchObject({ speaker: 'someone else', calibration: null });
    await api.request('live.stop', { sessionId: other.sessionId });
  }, 120_000);

  it('reports a damaged saved calibration and runs without it; forgetting deletes it', async () => {
    const [file] = readdirSync(profileDir);
    writeFileSync(join(profileDir, file), '{"speaker": "tester", "stats": [1, 2');
    const session = await api.request('live.start', { modelId, sampleRate: 16000, speaker: 'tester' });
    expect(session.normalisation?.calibration).toBeNull();
    expect(session.normalisation?.problem).toMatch(/damaged/);
    const forgot = await api.request('live.forgetCalibration', { sessionId: session.sessionId });
    expect(forgot).toMatchObject({ deleted: true, normalisation: { speaker: 'tester', calibration: null } });
    expect(forgot.normalisation.problem).toBeUndefined();
    expect(readdirSync(profileDir)).toEqual([]);
    expect((await api.request('live.forgetCalibration', { sessionId: session.sessionId })).deleted).toBe(false);
    await api.request('live.stop', { sessionId: session.sessionId });
  }, 60_000);
});
