/**
 * Data-parallel training: a batch's step made of two halves' gradients is the step trainOnBatch makes, and the
 * replica in its worker ends a run with exactly the training thread's weights. Needs the bundled replica worker.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../model/backend';
import { packExamples, type Examples } from '../model/dataset-tensors';
import { getPreset } from '../model/presets';
import { lossAndAccuracy, predictProbabilities, trainModel } from '../model/train';
import { SeededRandom } from '../model/train-random';
import { ReplicaClient } from './replica-client';

function examples(count: number, seed: number): Examples {
  const rng = new SeededRandom(seed);
  const features = Array.from({ length: count }, (_, i) => {
    const data = new Float32Array(40);
    for (let k = 0; k < 40; k++) data[k] = Math.exp(-(((k - [8, 20, 32][i % 3]!) / 5) ** 2)) + 0.3 * rng.gaussian();
    return { shape: [40], data };
  });
  return packExamples(
    features,
    features.map((_, i) => i % 3),
    [40, 1],
    3,
  );
}

/** A small dense classifier with no dropout, compiled as the presets compile (so two runs can be compared exactly). */
function denseModel(seed: number): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [40, 1] }),
      tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const flat = (ws: tf.Tensor[] | Float32Array[]) => ws.flatMap((w) => Array.from(w instanceof Float32Array ? w : (w.dataSync() as Float32Array)));

describe('data-parallel training with a replica', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  // 91 = 5 batches of 16 and one of 11, split 6 + 5: the halves are weighted by their sizes.
  const train = examples(91, 3);
  const opts = { epochs: 2, batchSize: 16, seed: 5, numClasses: 3 };

  it('makes the steps trainOnBatch makes, to float rounding, and the replica ends with the same weights', async () => {
    const alone = denseModel(11);
    const shared = denseModel(11);
    const replica = await ReplicaClient.start(shared, { backend: 'wasm', learningRate: 0.01 });
    try {
      const a = await trainModel(alone, train, undefined, opts);
      const b = await trainModel(shared, train, undefined, { ...opts, replica });
      const wa = flat(alone.getWeights());
      const wb = flat(shared.getWeights());
      expect(Math.max(...wa.map((v, i) => Math.abs(v - wb[i]!)))).toBeLessThan(1e-4);
      expect(b.history[1]!.loss).toBeCloseTo(a.history[1]!.loss, 4);
      expect(b.history[1]!.accuracy).toBeCloseTo(a.history[1]!.accuracy, 6);
      // Equal, not close: both sides applied the same gradients with the same optimizer.
      expect(flat(await replica.weights())).toEqual(wb);
    } finally {
      await replica.close();
    }
  }, 60_000);

  it('keeps a preset with seeded dropout in step, its replica drawing masks of its own', async () => {
    const model = getPreset('seed').build(3, 9, 0.001);
    const replica = await ReplicaClient.start(model, { backend: 'wasm', learningRate: 0.001 });
    try {
      const outcome = await trainModel(model, train, undefined, { ...opts, epochs: 1, replica });
      expect(outcome.history[0]!.loss).toBeGreaterThan(0);
      expect(flat(await replica.weights())).toEqual(flat(model.getWeights()));
    } finally {
      await replica.close();
    }
  }, 120_000);

  it('predicts the last half of the validation set in the replica: the epoch figures are the whole set’s', async () => {
    const model = denseModel(4);
    const validation = examples(33, 8);
    const replica = await ReplicaClient.start(model, { backend: 'wasm', learningRate: 0.01 }, validation);
    try {
      expect(replica.validationShare).toBe(16);
      const outcome = await trainModel(model, train, validation, { ...opts, replica });
      const whole = lossAndAccuracy(await predictProbabilities(model, validation, 3), validation.y, 3);
      expect(outcome.history[1]!.valAccuracy).toBe(whole.accuracy);
      expect(outcome.history[1]!.valLoss).toBeCloseTo(whole.loss, 6);
    } finally {
      await replica.close();
    }
  }, 60_000);

  it('fails the step with the replica’s reason when it has stopped', async () => {
    const model = denseModel(2);
    const replica = await ReplicaClient.start(model, { backend: 'wasm', learningRate: 0.01 });
    await replica.close();
    await expect(trainModel(model, train, undefined, { ...opts, replica })).rejects.toThrow(/training replica/);
  }, 60_000);
});
