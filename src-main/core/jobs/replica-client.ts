/**
 * Data-parallel training on two threads: a replica of the model in a worker of its own computes the gradients
 * of half of each batch while the training thread computes the other half's; the training thread combines
 * them and both apply the same gradients with the same optimizer, so the two copies stay equal. Replies come
 * in the order of the requests (one worker, one queue).
 */
import { Worker } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../model/backend';
import { sliceExamples, type Examples } from '../model/dataset-tensors';
import type { BatchGradients } from '../model/gradient-step';
import { replicaValidationShare, type GradientReplica } from '../model/train';
import { workerUrl } from './worker-path';

export interface ReplicaInit {
  backend: BackendName;
  learningRate: number;
  /** The model's topology (`toJSON`) and every weight, trainable or not, as the training thread has them. */
  modelTopology: unknown;
  weights: { shape: number[]; data: Float32Array }[];
  /** The replica's share of the validation set (replicaValidationShare), inputs only. */
  validation?: { x: Float32Array; inputShape: number[]; count: number };
}

export type ReplicaRequest =
  | { type: 'gradients'; x: Float32Array; y: Float32Array; shape: number[] }
  | { type: 'apply'; grads: Float32Array[] }
  | { type: 'weights' }
  | { type: 'predict' };

export type ReplicaReply =
  | { type: 'ready' }
  | ({ type: 'gradients' } & BatchGradients)
  | { type: 'weights'; weights: Float32Array[] }
  | { type: 'probabilities'; probs: Float32Array }
  | { type: 'error'; message: string };

export class ReplicaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplicaError';
  }
}

export class ReplicaClient implements GradientReplica {
  readonly #worker: Worker;
  readonly #waiting: { resolve: (r: ReplicaReply) => void; reject: (e: Error) => void }[] = [];
  #failed: Error | undefined;
  readonly validationShare: number;

  private constructor(worker: Worker, validationShare: number) {
    this.#worker = worker;
    this.validationShare = validationShare;
    worker.on('message', (r: ReplicaReply) => {
      const next = this.#waiting.shift();
      if (r.type === 'error') this.#fail(new ReplicaError(`training replica: ${r.message}`), next);
      else next?.resolve(r);
    });
    worker.on('error', (err) => this.#fail(new ReplicaError(`training replica failed: ${err.message}`)));
    worker.on('exit', (code) => this.#fail(new ReplicaError(`training replica stopped (exit code ${code})`)));
  }

  #fail(err: Error, first?: { reject: (e: Error) => void }): void {
    this.#failed ??= err;
    first?.reject(err);
    for (const w of this.#waiting.splice(0)) w.reject(err);
  }

  #ask(m: ReplicaRequest | undefined, transfer: ArrayBuffer[] = []): Promise<ReplicaReply> {
    if (this.#failed) return Promise.reject(this.#failed);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      if (m) this.#worker.postMessage(m, transfer);
    });
  }

  /**
   * Starts a replica of `model` (after its data-dependent state is set) and waits until it is ready; given the
   * validation set, it holds its share and predicts it each epoch.
   */
  static async start(model: tf.LayersModel, opts: { backend: BackendName; learningRate: number }, validation?: Examples): Promise<ReplicaClient> {
    const weights = model.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }));
    const share = validation ? replicaValidationShare(validation.count) : 0;
    const init: ReplicaInit = { ...opts, modelTopology: model.toJSON(null, false), weights };
    if (validation && share > 0) {
      // A copy of just the share: a view would send the whole set's buffer to the worker.
      const held = sliceExamples(validation, validation.count - share, share);
      init.validation = { x: held.x.slice(), inputShape: held.inputShape, count: share };
    }
    const client = new ReplicaClient(new Worker(workerUrl('replica'), { workerData: init }), share);
    try {
      await client.#ask(undefined);
    } catch (err) {
      await client.close();
      throw err;
    }
    return client;
  }

  async gradients(x: Float32Array, y: Float32Array, shape: number[]): Promise<BatchGradients> {
    const r = await this.#ask({ type: 'gradients', x, y, shape }, [x.buffer as ArrayBuffer, y.buffer as ArrayBuffer]);
    if (r.type !== 'gradients') throw new ReplicaError(`training replica answered ${r.type} to gradients`);
    return r;
  }

  apply(grads: Float32Array[]): void {
    if (this.#failed) throw this.#failed;
    this.#worker.postMessage({ type: 'apply', grads } satisfies ReplicaRequest);
  }

  async validationProbabilities(): Promise<Float32Array> {
    const r = await this.#ask({ type: 'predict' });
    if (r.type !== 'probabilities') throw new ReplicaError(`training replica answered ${r.type} to predict`);
    return r.probs;
  }

  /** The replica's weights (its trainable and other weights, as getWeights orders them): to check it kept up. */
  async weights(): Promise<Float32Array[]> {
    const r = await this.#ask({ type: 'weights' });
    if (r.type !== 'weights') throw new ReplicaError(`training replica answered ${r.type} to weights`);
    return r.weights;
  }

  async close(): Promise<void> {
    this.#failed ??= new ReplicaError('training replica closed');
    await this.#worker.terminate();
  }
}
