import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { getPreset, presetInputShape } from './presets';
import { FrameStatsPooling } from './presets-layers';
import { SeededRandom } from './train-random';

function randomInput(shape: number[], seed: number): tf.Tensor {
  const rng = new SeededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.gaussian()),
    shape,
  );
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
    expect(model.layers.map((l) => l.outputShape)).toEqual([
      [null, 256],
      [null, 256],
      [null, 128],
      [null, 128],
      [null, 64],
      [null, 64],
      [null, 7],
    ]);
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
    expect(shape).toEqual([128, 384]);
    expect(p.featureSpec).toMatchObject({ kind: 'frames', nMfcc: 128, deltas: true, normalize: false });
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

  it("sequence starts its standardisation at the training set's statistics (adapt)", async () => {
    const p = getPreset('sequence');
    const shape = presetInputShape(p);
    const model = p.build(3, 1);
    const count = 70; // more than one adapt batch
    const size = shape[0] * shape[1];
    const x = new Float32Array(count * size);
    const rng = new SeededRandom(2);
    for (let i = 0; i < x.length; i++) x[i] = 200 + 50 * rng.gaussian(); // MFCC-like scale, far from 0 ± 1
    await p.adapt!(model, { inputShape: shape, x, y: new Int32Array(count), count });
    const pooled = new FrameStatsPooling({}).apply(tf.tensor(x, [count, ...shape])) as tf.Tensor2D;
    const { mean, variance } = tf.moments(pooled, 0);
    const [, , movingMean, movingVariance] = model.getLayer('stats_norm').getWeights();
    const close = (a: tf.Tensor, b: tf.Tensor, tol: number) =>
      Array.from(a.dataSync()).forEach((v, i) => expect(Math.abs(v - b.dataSync()[i])).toBeLessThan(tol * (1 + Math.abs(v))));
    close(movingMean, mean, 1e-4);
    close(movingVariance, variance, 1e-3);
    expect(movingMean.dataSync()[0]).toBeGreaterThan(150);
    tf.dispose([pooled, mean, variance]);
    model.dispose();
  });

  it('FrameStatsPooling pools mean, std and extremes relative to the mean over the real frames only', () => {
    // Clip 0: 3 real frames + 1 padding frame; clip 1: 4 real frames; clip 2: padding only.
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, -2],
        [5, 0.5],
        [0, 0],
      ],
      [
        [1, 1],
        [1, 1],
        [1, 1],
        [-3, 1],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ]);
    const pooled = new FrameStatsPooling({}).apply(x) as tf.Tensor;
    const std = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length + 1e-6);
    };
    const m0 = [3, 0.5 / 3];
    const expected = [
      ...m0,
      std([1, 3, 5]),
      std([2, -2, 0.5]),
      5 - m0[0],
      2 - m0[1],
      1 - m0[0],
      -2 - m0[1],
      0,
      1,
      std([1, 1, 1, -3]),
      std([1, 1, 1, 1]),
      1,
      0,
      -3,
      0,
      0,
      0,
      Math.sqrt(1e-6),
      Math.sqrt(1e-6),
      0,
      0,
      0,
      0,
    ];
    expect(pooled.shape).toEqual([3, 8]);
    Array.from(pooled.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    tf.dispose([x, pooled]);
  });

  it('rejects unknown presets and too few classes', () => {
    expect(() => getPreset('huge')).toThrow(/unknown preset "huge"/);
    expect(() => getPreset('seed').build(1, 1)).toThrow(/at least 2 classes/);
  });
});
