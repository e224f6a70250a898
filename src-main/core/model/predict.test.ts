import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../audio';
import { encodeWav } from '../../testing/wav-fixtures';
import { extractFeatures, SEED_SPEC } from '../features';
import { InferenceClient } from '../jobs/inference-client';
import { argmax } from './metrics';
import { applyStats, fitSpeakerNormalisation, statsOf } from './normalise';
import { audioFromSamples, calibrateModel, evaluateClips, ModelCache, predictAudio, predictBatch, type EvaluateClip } from './predict';
import { saveModel, type ModelMeta } from './store';

const LABELS = ['angry', 'happy', 'sad'];
let root: string;
let modelDir: string;
let model: tf.LayersModel;
const clips: EvaluateClip[] = [];

function tone(freq: number, seconds: number, sr: number, seed: number): Float32Array {
  const y = new Float32Array(Math.round(seconds * sr));
  let s = seed;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    y[i] = 0.3 * Math.sin((2 * Math.PI * freq * i) / sr) * (1 + 0.5 * Math.sin(i / 900)) + 0.02 * (s / 2 ** 32 - 0.5);
  }
  return y;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  // The cpu backend's tfjs-node banner is noise here.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  root = await mkdtemp(join(tmpdir(), 'ser-predict-'));
  const m = tf.sequential();
  m.add(
    tf.layers.lstm({
      units: 8,
      inputShape: [40, 1],
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  model = m;
  const meta: ModelMeta = {
    format: 'ser-model',
    version: 1,
    name: 'tones',
    labels: LABELS,
    featureSpec: SEED_SPEC,
    preset: 'seed',
    hyperParams: { epochs: 0, batchSize: 8, learningRate: 1e-3, seed: 1 },
    split: {
      spec: { kind: 'random', valFraction: 0.2, seed: 1 },
      trainCount: 0,
      validationCount: 0,
      trainLabelCounts: {},
      validationLabelCounts: {},
      trainSpeakers: [],
      validationSpeakers: [],
      validationPaths: [],
    },
    history: [],
    backend: 'cpu',
    createdAt: new Date().toISOString(),
    appVersion: 'test',
  };
  modelDir = join(root, 'tones');
  await saveModel(modelDir, m, meta);
  for (let i = 0; i < 9; i++) {
    const path = join(root, `clip${i}.wav`);
    await writeFile(path, encodeWav([tone(120 + 60 * i, 1.6, 24414, i + 1)], 24414));
    clips.push({ path, label: LABELS[i % 3] });
  }
  const calm = join(root, 'calm.wav');
  await writeFile(calm, encodeWav([tone(300, 1.6, 24414, 99)], 24414));
  clips.push({ path: calm, label: 'calm' });
  const broken = join(root, 'broken.wav');
  await writeFile(broken, 'RIFF....WAVEjunk');
  clips.push({ path: broken, label: 'sad' });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What the model says for a file, computed here step by step. */
async function expectedProbabilities(path: string): Promise<Float32Array> {
  const f = extractFeatures(await decodeAudioFile(path), SEED_SPEC);
  return tf.tidy(() => (model.predict(tf.tensor(f.data, [1, 40, 1])) as tf.Tensor).dataSync() as Float32Array);
}

describe('in-process prediction', () => {
  it('predicts a file as decode + seed features + model', async () => {
    const m = await new ModelCache().get(modelDir);
    const p = predictAudio(m, await decodeAudioFile(clips[0].path));
    const want = await expectedProbabilities(clips[0].path);
    LABELS.forEach((l, j) => expect(p.probabilities[l]).toBeCloseTo(want[j], 6));
    expect(p.label).toBe(LABELS[argmax(want)]);
    expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('keeps an evicted model usable until the call using it ends', async () => {
    const other = join(root, 'tones-copy');
    await saveModel(other, model, { ...(await new ModelCache().get(modelDir)).meta, name: 'tones-copy' });
    const cache = new ModelCache(1);
    const zero = [{ shape: [40], data: new Float32Array(40) }];
    let held: Awaited<ReturnType<ModelCache['get']>> | undefined;
    const probs = await cache.use(modelDir, async (m) => {
      held = m;
      await cache.get(other); // evicts modelDir from a cache of one
      return predictBatch(m, zero);
    });
    expect(probs.length).toBe(3);
    expect(() => predictBatch(held!, zero)).toThrow(/disposed/);
  });

  it('reuses a loaded model, reloads it when its folder is replaced, and rejects bad samples', async () => {
    let clock = 0;
    const cache = new ModelCache(1, { recheckMs: 1000, now: () => clock });
    const first = await cache.get(modelDir);
    expect(await cache.get(modelDir)).toBe(first);
    expect(() => audioFromSamples(new Float32Array(10), 1000)).toThrow(/sample rate/);
    expect(() => audioFromSamples(new Float32Array(0), 16000)).toThrow(/no samples/);
    const probs = predictBatch(first, [{ shape: [40], data: new Float32Array(40) }]);
    expect(probs.length).toBe(3);
    await saveModel(modelDir, model, first.meta);
    clock = 999;
    expect(await cache.get(modelDir)).toBe(first); // used again within a second: not checked
    clock = 2000;
    const second = await cache.get(modelDir);
    expect(second).not.toBe(first);
    expect(predictBatch(second, [{ shape: [40], data: new Float32Array(40) }])).toEqual(probs);
  });

  it('evaluates clips: excludes unknown labels, lists unreadable clips and misclassifications', async () => {
    const m = await new ModelCache().get(modelDir);
    const extract = async (items: { path: string }[]) =>
      Promise.all(
        items.map(async ({ path }) => {
          try {
            const f = extractFeatures(await decodeAudioFile(path), SEED_SPEC);
            return { path, ok: true as const, shape: f.shape, data: f.data, cached: false };
          } catch (err) {
            return { path, ok: false as const, reason: (err as Error).message };
          }
        }),
      );
    const report = await evaluateClips(m, clips, { extract });
    // Chunked extraction (bounded memory) gives the same report.
    expect(await evaluateClips(m, clips, { extract, chunkSize: 4, batchSize: 3 })).toEqual(report);
    expect(report.excluded).toBe(1);
    expect(report.failed?.map((f) => f.path)).toEqual([clips[10].path]);
    expect(report.total).toBe(9);
    let correct = 0;
    const wrong: string[] = [];
    for (const c of clips.slice(0, 9)) {
      const predicted = LABELS[argmax(await expectedProbabilities(c.path))];
      if (predicted === c.label) correct++;
      else wrong.push(c.path);
    }
    expect(report.accuracy).toBeCloseTo(correct / 9, 12);
    expect(report.misclassified?.map((x) => x.path)).toEqual(wrong);
    expect(report.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(9);
  });
});

describe('a per-speaker normalised model', () => {
  let normDir: string;
  const featuresOf = async (path: string) => extractFeatures(await decodeAudioFile(path), SEED_SPEC).data;
  const modelSays = (data: Float32Array) => tf.tidy(() => (model.predict(tf.tensor(data, [1, 40, 1])) as tf.Tensor).dataSync() as Float32Array);

  beforeAll(async () => {
    const features = await Promise.all(clips.slice(0, 6).map((c) => featuresOf(c.path)));
    const speakers = features.map((_, i) => ({ speaker: i < 3 ? 'A' : 'B', label: 'neutral' }));
    const normalisation = fitSpeakerNormalisation(features, speakers, [0, 1, 2, 3, 4, 5], 40, 'neutral', 2);
    normDir = join(root, 'tones-normalised');
    await saveModel(normDir, model, { ...(await new ModelCache().get(modelDir)).meta, name: 'tones-normalised', normalisation });
  });

  it('normalises with the training statistics, then the session’s, then a calibration, and says which', async () => {
    const m = await new ModelCache().get(normDir);
    const f = await featuresOf(clips[7].path);
    const first = predictAudio(m, await decodeAudioFile(clips[7].path));
    expect(first.normalisation).toEqual({ source: 'training', clips: 6 });
    expect(first.probabilities.angry).toBeCloseTo(modelSays(applyStats(f, m.meta.normalisation!.pooled))[0], 6);
    predictAudio(m, await decodeAudioFile(clips[8].path));
    expect(predictAudio(m, await decodeAudioFile(clips[7].path)).normalisation).toEqual({ source: 'session', clips: 2 });

    const calibration = await Promise.all([clips[6], clips[8]].map((c) => decodeAudioFile(c.path)));
    expect(calibrateModel(m, calibration).clips).toBe(2);
    const calibrated = predictAudio(m, await decodeAudioFile(clips[7].path));
    expect(calibrated.normalisation).toEqual({ source: 'calibration', clips: 2 });
    const stats = statsOf(await Promise.all([clips[6], clips[8]].map((c) => featuresOf(c.path))), 40);
    LABELS.forEach((l, j) => expect(calibrated.probabilities[l]).toBeCloseTo(modelSays(applyStats(f, stats))[j], 6));
  });

  it('leaves a model without normalisation as it was, and refuses to calibrate it', async () => {
    const m = await new ModelCache().get(modelDir);
    expect(predictAudio(m, await decodeAudioFile(clips[0].path)).normalisation).toBeUndefined();
    expect(() => calibrateModel(m, [])).toThrow(/not trained with per-speaker normalisation/);
  });

  it('calibrates through the inference worker', async () => {
    const client = new InferenceClient({ backend: 'cpu' });
    try {
      expect((await client.predict(normDir, clips[0].path)).normalisation?.source).toBe('training');
      const c = await client.calibrate(normDir, [clips[1].path, clips[2].path, join(root, 'broken.wav')]);
      expect(c.clips).toBe(2);
      expect(c.failed.map((f) => f.path)).toEqual([join(root, 'broken.wav')]);
      expect((await client.predict(normDir, clips[0].path)).normalisation).toEqual({ source: 'calibration', clips: 2 });
    } finally {
      await client.close();
    }
  });
});

describe('inference worker', () => {
  const client = new InferenceClient({ backend: 'cpu' });
  afterAll(() => client.close());

  it('predicts files and live samples like the in-process path', async () => {
    expect((await client.backend()).name).toBe('cpu');
    const p = await client.predict(modelDir, clips[4].path);
    const want = await expectedProbabilities(clips[4].path);
    LABELS.forEach((l, j) => expect(p.probabilities[l]).toBeCloseTo(want[j], 5));
    const audio = await decodeAudioFile(clips[4].path);
    const live = await client.predictSamples(modelDir, Float32Array.from(audio.samples), audio.sampleRate);
    expect(live.label).toBe(p.label);
    LABELS.forEach((l) => expect(live.probabilities[l]).toBeCloseTo(p.probabilities[l], 6));
  });

  it('reports a bad file or model folder with its reason and keeps serving', async () => {
    await expect(client.predict(modelDir, clips[10].path)).rejects.toThrow(/broken.wav/);
    await expect(client.predict(join(root, 'nope'), clips[0].path)).rejects.toMatchObject({
      name: 'ModelStoreError',
      message: expect.stringMatching(/no such model folder/),
    });
    expect((await client.predict(modelDir, clips[0].path)).label).toBeTypeOf('string');
  });

  it('evaluates with progress events', async () => {
    const stages = new Set<string>();
    const report = await client.evaluate(modelDir, clips, { cacheDir: false, onProgress: (stage) => stages.add(stage) });
    expect(report.total).toBe(9);
    expect(report.excluded).toBe(1);
    expect(report.failed).toHaveLength(1);
    expect([...stages].sort()).toEqual(['features', 'predicting']);
  });

  it('fails the calls in flight when the worker dies, then starts a fresh one', async () => {
    const pending = client.predict(modelDir, clips[1].path);
    await (client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(pending).rejects.toThrow(/inference worker exited/);
    expect((await client.predict(modelDir, clips[1].path)).label).toBeTypeOf('string');
  });

  it('cancels an evaluation', async () => {
    const controller = new AbortController();
    const many = Array.from({ length: 60 }, (_, i) => clips[i % 9]);
    const run = client.evaluate(modelDir, many, { cacheDir: false, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toThrow(/cancelled/);
  });
});
