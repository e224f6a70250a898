import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { getPreset, presetInputShape } from './presets';
import { FrameAugment, FrameConv1D, MaskedStatsPooling } from './presets-layers';
import { SeededRandom } from './train-random';

function randomInput(shape: number[], seed: number): tf.Tensor {
  const rng = new SeededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.gaussian()), shape);
}

/** Saves to memory and loads back, as the model store does with files. */
async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

describe('presets', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('seed is the notebook model: LSTM(256) → dropout/dense 128/64 → softmax, Adam 1e-3', () => {
    const p = getPreset('seed');
    expect(p.defaults).toEqual({ epochs: 30, batchSize: 64, learningRate: 1e-3 });
    expect(p.featureSpec).toEqual({ kind: 'seed' });
    const model = p.build(7, 1);
    expect(model.inputs[0].shape).toEqual([null, 40, 1]);
    expect(model.layers.map((l) => l.getClassName())).toEqual(['LSTM', 'SeededDropout', 'Dense', 'SeededDropout', 'Dense', 'SeededDropout', 'Dense']);
    expect(model.layers.map((l) => l.outputShape)).toEqual([[null, 256], [null, 256], [null, 128], [null, 128], [null, 64], [null, 64], [null, 7]]);
    // Keras's parameter count for this model with 7 classes.
    expect(model.countParams()).toBe(4 * 256 * (1 + 256 + 1) + 256 * 128 + 128 + 128 * 64 + 64 + 64 * 7 + 7);
    const lstm = model.layers[0].getConfig();
    expect(lstm).toMatchObject({ activation: 'tanh', recurrentActivation: 'sigmoid', unitForgetBias: true });
    // unit forget bias: the forget gate's bias slice starts at 1.
    const bias = model.layers[0].getWeights()[2].dataSync();
    expect(Array.from(bias.slice(256, 512)).every((v) => v === 1)).toBe(true);
    expect(Array.from(bias.slice(0, 256)).every((v) => v === 0)).toBe(true);
    expect((model.optimizer as unknown as { learningRate: number }).learningRate).toBe(1e-3);
    model.dispose();
  });

  it('builds identical weights for the same seed', () => {
    const a = getPreset('seed').build(3, 9);
    const b = getPreset('seed').build(3, 9);
    const c = getPreset('seed').build(3, 10);
    const bytes = (m: tf.LayersModel) => Buffer.concat(m.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).slice().buffer)));
    expect(bytes(a).equals(bytes(b))).toBe(true);
    expect(bytes(a).equals(bytes(c))).toBe(false);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('sequence trains a step on wasm and survives a save/load round trip with identical predictions', async () => {
    const p = getPreset('sequence');
    const shape = presetInputShape(p);
    expect(shape).toEqual([128, 120]);
    const model = p.build(4, 3);
    const x = randomInput([8, ...shape], 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4);
    const [loss] = (await model.trainOnBatch(x, y)) as number[];
    expect(Number.isFinite(loss)).toBe(true);
    const loaded = await roundTrip(model);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    tf.dispose([x, y]);
    model.dispose();
    loaded.dispose();
  });

  it('FrameConv1D computes a same-padded 1-D convolution', () => {
    const layer = new FrameConv1D({ filters: 2, kernelSize: 3, activation: 'linear', seed: 1 });
    const x = randomInput([2, 5, 3], 4);
    const y = layer.apply(x) as tf.Tensor;
    const [kernel, bias] = layer.getWeights();
    // Reference: tf.conv1d with the kernel reshaped to [k, cin, filters], 'same' padding.
    const ref = tf.add(tf.conv1d(x as tf.Tensor3D, kernel.reshape([3, 3, 2]) as tf.Tensor3D, 1, 'same'), bias);
    const a = y.dataSync();
    const b = ref.dataSync();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    tf.dispose([x, y, ref]);
  });

  it('MaskedStatsPooling ignores the zero padding at the end of a clip', () => {
    // Clip 0: 3 real frames + 1 padding frame; clip 1: 4 real frames.
    const raw = tf.tensor3d([[[1, 2], [3, -2], [5, 0.5], [0, 0]], [[1, 1], [1, 1], [1, 1], [-3, 1]]]);
    const pooled = new MaskedStatsPooling({}).apply([raw, raw]) as tf.Tensor;
    const v = Array.from(pooled.dataSync());
    const std = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length + 1e-6);
    };
    const expected = [3, 0.5 / 3, std([1, 3, 5]), std([2, -2, 0.5]), 5, 2, 0, 1, std([1, 1, 1, -3]), std([1, 1, 1, 1]), 1, 1];
    expect(pooled.shape).toEqual([2, 6]);
    v.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 4));
    tf.dispose([raw, pooled]);
  });

  it('FrameAugment is seeded, changes inputs only in training, and keeps the shape', () => {
    const args = { seed: 3, maxShift: 4, timeMasks: 2, maxMaskFrames: 3, channelDrop: 0.2, noise: 0.1 };
    const x = randomInput([2, 20, 6], 5);
    const a = new FrameAugment(args).apply(x, { training: true }) as tf.Tensor;
    const b = new FrameAugment(args).apply(x, { training: true }) as tf.Tensor;
    const c = new FrameAugment({ ...args, seed: 4 }).apply(x, { training: true }) as tf.Tensor;
    const inference = new FrameAugment(args).apply(x) as tf.Tensor;
    expect(a.shape).toEqual([2, 20, 6]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    expect(Array.from(inference.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(x.dataSync()));
    tf.dispose([x, a, b, c, inference]);
  });

  it('rejects unknown presets and too few classes', () => {
    expect(() => getPreset('huge')).toThrow(/unknown preset "huge"/);
    expect(() => getPreset('seed').build(1, 1)).toThrow(/at least 2 classes/);
  });
});
