import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { packExamples, type Examples } from './dataset-tensors';
import { getPreset } from './presets';
import { lossAndAccuracy, predictProbabilities, trainModel, TrainingCancelledError } from './train';
import { SeededRandom } from './train-random';

/**
 * An easy 3-class set shaped like the seed feature: 40 "MFCC means" whose profile depends on the
 * class (a low, mid or high bump), plus per-example gain, offset and noise.
 */
type FeatureRows = { features: { shape: number[]; data: Float32Array }[]; labels: number[] };

function easySet(count: number, seed: number): FeatureRows {
  const rng = new SeededRandom(seed);
  const features: { shape: number[]; data: Float32Array }[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    const centre = [8, 20, 32][label];
    const gain = 0.7 + 0.6 * rng.next();
    const offset = rng.gaussian() * 0.3;
    const data = new Float32Array(40);
    for (let k = 0; k < 40; k++) data[k] = gain * Math.exp(-(((k - centre) / 5) ** 2)) + offset + 0.25 * rng.gaussian();
    features.push({ shape: [40], data });
    labels.push(label);
  }
  return { features, labels };
}

function split({ features, labels }: FeatureRows, valEvery: number): { train: Examples; val: Examples } {
  const train: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < features.length; i++) (i % valEvery === 0 ? val : train).push(i);
  return { train: packExamples(features, labels, [40, 1], 3, train), val: packExamples(features, labels, [40, 1], 3, val) };
}

describe('training loop', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('trains the seed preset to ≥ 0.9 validation accuracy on an easy 3-class set, with per-batch progress', async () => {
    const { train, val } = split(easySet(150, 1), 5);
    const model = getPreset('seed').build(3, 42);
    const batches: number[] = [];
    const epochs: number[] = [];
    const out = await trainModel(model, train, val, {
      epochs: 10,
      batchSize: 32,
      seed: 7,
      numClasses: 3,
      onBatch: (p) => {
        expect(p.batches).toBe(Math.ceil(train.count / 32));
        expect(p.etaSeconds).toBeGreaterThanOrEqual(0);
        batches.push(p.batch);
      },
      onEpoch: (m) => epochs.push(m.epoch),
    });
    expect(epochs).toEqual([...Array(10).keys()].map((i) => i + 1));
    expect(batches.length).toBe(10 * Math.ceil(train.count / 32));
    const last = out.history[out.history.length - 1];
    expect(last.valAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(last.loss).toBeLessThan(out.history[0].loss);
    expect(last.seconds).toBeGreaterThan(0);
    // The reported validation figures are those of the final weights.
    const probs = await predictProbabilities(model, val, 3);
    expect(lossAndAccuracy(probs, val.y, 3).accuracy).toBeCloseTo(last.valAccuracy!, 10);
    model.dispose();
  });

  it('gives identical metrics for the same seed and different ones for another seed', async () => {
    const { train, val } = split(easySet(60, 2), 4);
    const run = async (seed: number) => {
      const model = getPreset('seed').build(3, seed);
      const out = await trainModel(model, train, val, { epochs: 2, batchSize: 16, seed, numClasses: 3 });
      model.dispose();
      return out.history.map(({ seconds: _s, ...m }) => m);
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });

  it('stops between batches when cancelled, well within a second', async () => {
    const { train } = split(easySet(300, 3), 10);
    const model = getPreset('seed').build(3, 1);
    const signal = { aborted: false };
    let cancelledAt = 0;
    const started = trainModel(model, train, undefined, {
      epochs: 50,
      batchSize: 32,
      seed: 1,
      numClasses: 3,
      signal,
      onBatch: (p) => {
        if (p.epoch === 1 && p.batch === 2) {
          signal.aborted = true;
          cancelledAt = performance.now();
        }
      },
    });
    await expect(started).rejects.toBeInstanceOf(TrainingCancelledError);
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    model.dispose();
  });

  it('stops early and restores the best weights', async () => {
    const { train, val } = split(easySet(90, 4), 3);
    const model = getPreset('seed').build(3, 5, 0.05); // a learning rate too high: validation loss gets worse
    const out = await trainModel(model, train, val, { epochs: 30, batchSize: 30, seed: 2, numClasses: 3, earlyStopping: { patience: 2 } });
    const best = out.history.reduce((b, m) => (m.valLoss! < b.valLoss! ? m : b));
    expect(out.bestEpoch).toBe(best.epoch);
    if (out.stoppedEarly) expect(out.history.length).toBe(best.epoch + 2);
    const probs = await predictProbabilities(model, val, 3);
    expect(lossAndAccuracy(probs, val.y, 3).loss).toBeCloseTo(best.valLoss!, 4);
    model.dispose();
  });

  it('rejects bad options and bad examples clearly', async () => {
    const { features, labels } = easySet(9, 5);
    const ex = packExamples(features, labels, [40, 1], 3);
    const model = getPreset('seed').build(3, 1);
    await expect(trainModel(model, ex, undefined, { epochs: 0, batchSize: 4, seed: 1, numClasses: 3 })).rejects.toThrow(/epochs/);
    await expect(trainModel(model, ex, undefined, { epochs: 1, batchSize: 1.5, seed: 1, numClasses: 3 })).rejects.toThrow(/batch size/);
    expect(() => packExamples([{ shape: [39], data: new Float32Array(39) }], [0], [40, 1], 3)).toThrow(/model takes \[40,1\]/);
    expect(() => packExamples([{ shape: [40], data: new Float32Array(40) }], [3], [40, 1], 3)).toThrow(/class index/);
    expect(() => packExamples([{ shape: [40], data: new Float32Array(40).fill(NaN) }], [0], [40, 1], 3)).toThrow(/non-finite/);
    expect(() => packExamples(features, labels, [40, 1], 3, [0, 9])).toThrow(/index 9 out of range/);
    expect(packExamples(features, labels, [40, 1], 3, [4, 1]).y).toEqual(Int32Array.from([labels[4], labels[1]]));
    model.dispose();
  });

  it('computes cross-entropy and accuracy like Keras', () => {
    const probs = new Float32Array([0.7, 0.2, 0.1, 0.1, 0.1, 0.8]);
    const r = lossAndAccuracy(probs, Int32Array.from([0, 1]), 3);
    expect(r.accuracy).toBe(0.5);
    expect(r.loss).toBeCloseTo((-Math.log(0.7) - Math.log(0.1)) / 2, 6);
  });

  it('leaves no tensors behind', async () => {
    const { train, val } = split(easySet(30, 6), 3);
    const model = getPreset('seed').build(3, 1);
    await trainModel(model, train, val, { epochs: 1, batchSize: 10, seed: 1, numClasses: 3 });
    const before = tf.memory().numTensors;
    await trainModel(model, train, val, { epochs: 2, batchSize: 10, seed: 1, numClasses: 3, earlyStopping: { patience: 1 } });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
