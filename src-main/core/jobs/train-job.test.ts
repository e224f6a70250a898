import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWavPcm16 } from '../audio/encode';
import { initBackend } from '../model/backend';
import { loadModel, readModelMeta } from '../model/store';
import { makeToneCorpus as makeCorpus } from '../../testing/train-test-corpus';
import { startTraining, TrainRequestError, type TrainEvent, type TrainRequest } from './train-job';

describe('training job (worker thread, generated audio)', () => {
  let work: string;
  let corpus: string;
  const request = (over: Partial<TrainRequest>): TrainRequest => ({
    corpusDir: corpus,
    preset: 'seed',
    split: { kind: 'random', valFraction: 0.25, seed: 1 },
    epochs: 10,
    batchSize: 16,
    seed: 42,
    outDir: join(work, 'model'),
    cacheDir: join(work, 'cache'),
    backend: 'wasm',
    ...over,
  });

  beforeAll(async () => {
    await initBackend('cpu'); // for loading the saved model in this thread
    work = mkdtempSync(join(tmpdir(), 'ser-train-job-'));
    corpus = join(work, 'corpus');
    makeCorpus(corpus, 12);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('scans, extracts, trains, evaluates and saves a model that reaches ≥ 0.9 on 3 tone classes', async () => {
    const events: TrainEvent[] = [];
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const job = startTraining(request({}), (e) => events.push(e));
    const outcome = await job.done;
    delay.disable();
    if (outcome.type !== 'result') throw new Error(`training did not finish: ${JSON.stringify(outcome)}`);
    expect(outcome.labels).toEqual(['angry', 'neutral', 'sad']);
    expect(outcome.valAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(outcome.epochs).toHaveLength(10);
    expect(outcome.split.validationCount).toBe(18);
    expect(outcome.split.trainCount).toBe(54);
    expect(outcome.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(18);
    const stages = events.filter((e) => e.type === 'stage').map((e) => (e as { stage: string }).stage);
    expect(stages).toEqual(['scan', 'features', 'training', 'evaluating', 'saving']);
    expect(events.filter((e) => e.type === 'batch').length).toBe(10 * Math.ceil(54 / 16));
    expect(events.at(-1)).toBe(outcome);
    // The calling thread stays responsive while the worker trains.
    expect(delay.percentile(99) / 1e6).toBeLessThan(200);

    const meta = await readModelMeta(outcome.modelDir);
    expect(meta.preset).toBe('seed');
    expect(meta.featureSpec).toEqual({ kind: 'seed' });
    expect(meta.history).toEqual(outcome.epochs);
    expect(meta.split.validationPaths).toHaveLength(18);
    expect(meta.hyperParams).toMatchObject({ epochs: 10, batchSize: 16, seed: 42, learningRate: 1e-3 });
    const { model } = await loadModel(outcome.modelDir);
    expect(model.outputs[0].shape).toEqual([null, 3]);
    model.dispose();
  });

  it('normalises per speaker, calibrates a held-out speaker on neutral clips left out of the score, and augments outside the cache', async () => {
    const outDir = join(work, 'model-unseen');
    const cacheDir = join(work, 'cache-unseen');
    const events: TrainEvent[] = [];
    const job = startTraining(
      request({
        outDir,
        cacheDir,
        split: { kind: 'speaker', testSpeakers: ['YAF'] },
        epochs: 3,
        speakerNormalisation: { basis: 'neutral', calibrationClips: 4 },
        augmentation: { copies: 1, speed: [1.1], gainDb: [-3, 3] },
      }),
      (e) => events.push(e),
    );
    const outcome = await job.done;
    if (outcome.type !== 'result') throw new Error(`training did not finish: ${JSON.stringify(outcome)}`);
    // 36 YAF clips minus the 4 neutral calibration clips are scored; 36 OAF clips + 36 copies train.
    expect(outcome.split.validationCount).toBe(32);
    expect(events.filter((e) => e.type === 'batch' && e.epoch === 1).length).toBe(Math.ceil(72 / 16));
    const meta = await readModelMeta(outDir);
    const norm = meta.normalisation!;
    expect(norm).toMatchObject({ kind: 'per-speaker', basis: 'neutral', channels: 40 });
    expect(Object.keys(norm.speakers)).toEqual(['OAF']);
    expect(norm.validation).toHaveLength(1);
    const calibration = norm.validation![0];
    expect(calibration.speaker).toBe('YAF');
    expect(calibration.paths).toHaveLength(4);
    expect(calibration.paths.every((p) => p.includes('_neutral') && !meta.split.validationPaths.includes(p))).toBe(true);
    expect(meta.augmentation).toEqual({ copies: 1, speed: [1.1], gainDb: [-3, 3] });
    // Only the 72 clips themselves are cached, not their augmented copies.
    const cached = readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.f32'));
    expect(cached).toHaveLength(72);
  }, 240_000);

  it('cancels within a second and writes no model folder', async () => {
    const outDir = join(work, 'cancelled-model');
    let cancelledAt = 0;
    const job = startTraining(request({ epochs: 500, outDir }), (e) => {
      if (e.type === 'batch' && !cancelledAt) {
        cancelledAt = performance.now();
        job.cancel();
      }
    });
    const outcome = await job.done;
    expect(outcome.type).toBe('cancelled');
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(existsSync(outDir)).toBe(false);
  });

  it('reports a corpus with a single class as an error event', async () => {
    const one = join(work, 'one-class');
    makeCorpus(one, 2, ['sad']);
    const events: TrainEvent[] = [];
    const outcome = await startTraining(request({ corpusDir: one, outDir: join(work, 'm1') }), (e) => events.push(e)).done;
    expect(outcome.type).toBe('error');
    expect((outcome as { message: string }).message).toMatch(/at least 2 classes/);
    expect(existsSync(join(work, 'm1'))).toBe(false);
  });

  it('drops a label none of whose clips gave features from the output layer, and says so', async () => {
    const dir = join(work, 'with-short-label');
    makeCorpus(dir, 4);
    mkdirSync(join(dir, 'OAF_happy'));
    // 0.3 s: shorter than the seed feature's 0.5 s offset, so its features fail.
    for (const w of ['back', 'bar']) writeFileSync(join(dir, 'OAF_happy', `OAF_${w}_happy.wav`), encodeWavPcm16(new Float32Array(6615).fill(0.1), 22050));
    const events: TrainEvent[] = [];
    const outcome = await startTraining(request({ corpusDir: dir, outDir: join(work, 'm-dropped'), epochs: 1 }), (e) => events.push(e)).done;
    if (outcome.type !== 'result') throw new Error(`training did not finish: ${JSON.stringify(outcome)}`);
    expect(outcome.labels).toEqual(['angry', 'neutral', 'sad']);
    expect(outcome.confusionMatrix).toHaveLength(3);
    expect(events.some((e) => e.type === 'log' && /label\(s\) dropped.*: happy$/.test(e.message))).toBe(true);
  });

  it('refuses an output folder that is not a model folder before doing any work', async () => {
    const busy = join(work, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    const outcome = await startTraining(request({ outDir: busy }), () => {}).done;
    expect(outcome.type).toBe('error');
    expect((outcome as { message: string }).message).toMatch(/not a model folder/);
  });

  it('rejects malformed requests synchronously', () => {
    expect(() => startTraining({ ...request({}), epochs: 0 }, () => {})).toThrow(TrainRequestError);
    expect(() => startTraining({ ...request({}), preset: 'big' as never }, () => {})).toThrow(/preset/);
    expect(() => startTraining(null as never, () => {})).toThrow(/object/);
  });
});
