/**
 * A training replica (see replica-client.ts): the model rebuilt from the training thread's topology and weights,
 * with the same optimizer; computes the gradients of the half-batches it is sent and applies the combined
 * gradients it is sent, in the order they come.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../model/backend';
import type { Examples } from '../model/dataset-tensors';
import { applyGradients, batchGradients } from '../model/gradient-step';
import { compileClassifier } from '../model/presets';
import { SeededDropout } from '../model/presets-layers';
import { predictProbabilities } from '../model/train';
import type { ReplicaInit, ReplicaReply, ReplicaRequest } from './replica-client';

const port = parentPort!;
const init = workerData as ReplicaInit;
const reply = (r: ReplicaReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);

/** Dropout masks of its own: the same stream as the training thread's would drop the same units in both halves. */
const REPLICA_DROPOUT_SEED = 0x2545f491;

/** Its share of the validation set; labels are not needed to predict. */
const held: Examples | undefined = init.validation && { ...init.validation, y: new Int32Array(init.validation.count) };

async function build(): Promise<tf.LayersModel> {
  await initBackend(init.backend);
  const model = await tf.models.modelFromJSON({ modelTopology: init.modelTopology as tf.io.ModelJSON['modelTopology'] });
  compileClassifier(model, init.learningRate);
  const weights = init.weights.map((w) => tf.tensor(w.data, w.shape, 'float32'));
  model.setWeights(weights);
  tf.dispose(weights);
  for (const layer of model.layers) if (layer instanceof SeededDropout) layer.reseed(layer.seed ^ REPLICA_DROPOUT_SEED);
  return model;
}

async function handle(model: tf.LayersModel, m: ReplicaRequest): Promise<void> {
  switch (m.type) {
    case 'gradients': {
      const x = tf.tensor(m.x, m.shape, 'float32');
      const y = tf.tensor2d(m.y, [m.shape[0]!, m.y.length / m.shape[0]!], 'float32');
      try {
        const g = await batchGradients(model, x, y);
        return reply(
          { type: 'gradients', ...g },
          g.grads.map((a) => a.buffer as ArrayBuffer),
        );
      } finally {
        tf.dispose([x, y]);
      }
    }
    case 'apply':
      return applyGradients(model, m.grads);
    case 'weights':
      return reply({ type: 'weights', weights: model.getWeights().map((w) => w.dataSync() as Float32Array) });
    case 'predict': {
      if (!held) throw new Error('it holds no validation examples');
      const classes = (model.outputs[0]!.shape.at(-1) ?? 0) as number;
      const probs = await predictProbabilities(model, held, classes);
      return reply({ type: 'probabilities', probs }, [probs.buffer as ArrayBuffer]);
    }
  }
}

const ready = build();
ready.then(
  () => reply({ type: 'ready' }),
  (err: unknown) => reply({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
);
// One message at a time, in order: an apply must land before the next batch's gradients.
let queue: Promise<void> = ready.then(() => undefined);
port.on('message', (m: ReplicaRequest) => {
  queue = queue
    .then(async () => handle(await ready, m))
    .catch((err: unknown) => reply({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
});
