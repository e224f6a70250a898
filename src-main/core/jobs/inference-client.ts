/**
 * The one entry for predictions and evaluations (CLI, api, live microphone): a persistent worker
 * thread keeps recently used models loaded. The worker is started on first use and does not keep
 * the process alive while idle.
 */
import { Worker } from 'node:worker_threads';
import type { BackendInfo, BackendName } from '../model/backend';
import type { EvaluationReport } from '../model/metrics';
import type { FeatureStats } from '../model/normalise';
import type { EvaluateClip, Prediction } from '../model/predict';
import type { ModelMeta } from '../model/store';
import type { LiveEventOut } from '../live/live-sessions';
import type { LiveOptions } from '../live/live-stream';
import { workerUrl } from './worker-path';
import type { DistributiveOmit } from '../type-utils';

export interface CalibrationResult {
  clips: number;
  failed: { path: string; reason: string }[];
}

/** A live session's calibration from its kept utterances: their statistics and how much speech they held. */
export interface LiveCalibration {
  stats: FeatureStats;
  seconds: number;
  utterances: number;
}

export interface InferenceWorkerData {
  backend?: BackendName;
  capacity?: number;
}

export type InferenceRequest =
  | { type: 'predict'; id: number; modelDir: string; path: string }
  | { type: 'predictSamples'; id: number; modelDir: string; samples: Float32Array; sampleRate: number }
  | { type: 'evaluate'; id: number; modelDir: string; clips: EvaluateClip[]; cacheDir?: string | false }
  | { type: 'load'; id: number; modelDir: string }
  | { type: 'calibrate'; id: number; modelDir: string; paths: string[] }
  | { type: 'cancel'; id: number; target: number }
  | { type: 'liveStart'; id: number; sessionId: string; modelDir: string; sampleRate: number; options: LiveOptions; calibration?: FeatureStats }
  | { type: 'liveCalibrate'; id: number; sessionId: string; utteranceIds: string[] }
  | { type: 'liveUncalibrate'; id: number; sessionId: string }
  | { type: 'liveEnd'; id: number; sessionId: string }
  | { type: 'liveStop'; id: number; sessionId: string }
  | { type: 'liveSave'; id: number; utteranceId: string; folder: string; speaker: string; label: string };

/** A microphone chunk: no reply (problems come back as live events). */
export interface LiveChunkMessage {
  type: 'liveChunk';
  sessionId: string;
  samples: Float32Array;
}

export type EvaluationStage = 'features' | 'predicting';

export type InferenceReply =
  | { type: 'ready'; backend?: BackendInfo; error?: string }
  | { type: 'progress'; id: number; stage: EvaluationStage; done: number; total: number }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; name: string; message: string }
  | { type: 'live'; event: LiveEventOut };

/** An error raised in the worker; `name` keeps its class name (ModelStoreError, AudioDecodeError, …). */
export class InferenceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (stage: EvaluationStage, done: number, total: number) => void;
}

export class InferenceClient {
  private worker?: Worker;
  private ready?: Promise<BackendInfo>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly liveListeners = new Set<(e: LiveEventOut) => void>();
  private liveSessions = 0;

  constructor(private readonly options: InferenceWorkerData = {}) {}

  /** The backend the worker runs on (starts the worker). */
  backend(): Promise<BackendInfo> {
    const w = this.start();
    w.ref();
    const ready = this.ready!;
    void ready.finally(() => this.pending.size === 0 && this.worker === w && w.unref()).catch(() => undefined);
    return ready;
  }

  /** Loads (and keeps) a model; resolves to its metadata. Fails with the store's reason. */
  load(modelDir: string): Promise<ModelMeta> {
    return this.call({ type: 'load', modelDir }) as Promise<ModelMeta>;
  }

  predict(modelDir: string, path: string): Promise<Prediction> {
    return this.call({ type: 'predict', modelDir, path }) as Promise<Prediction>;
  }

  /**
   * Sets the speaker statistics a per-speaker normalised model uses for every prediction after:
   * those of these clips (the speaker's own, neutral ones). Clips that cannot be read are listed.
   */
  calibrate(modelDir: string, paths: string[]): Promise<CalibrationResult> {
    return this.call({ type: 'calibrate', modelDir, paths }) as Promise<CalibrationResult>;
  }

  /** Live audio: mono float32 samples at their own rate (16–48 kHz from a microphone). The buffer is transferred. */
  predictSamples(modelDir: string, samples: Float32Array, sampleRate: number): Promise<Prediction> {
    return this.call({ type: 'predictSamples', modelDir, samples, sampleRate }, [samples.buffer as ArrayBuffer]) as Promise<Prediction>;
  }

  evaluate(
    modelDir: string,
    clips: EvaluateClip[],
    opts: { cacheDir?: string | false; signal?: AbortSignal; onProgress?: (stage: EvaluationStage, done: number, total: number) => void } = {},
  ): Promise<EvaluationReport> {
    return this.call({ type: 'evaluate', modelDir, clips, cacheDir: opts.cacheDir }, [], opts.onProgress, opts.signal) as Promise<EvaluationReport>;
  }

  /** Events of every live session (speech start, rolling and final predictions, errors). */
  onLive(listener: (e: LiveEventOut) => void): () => void {
    this.liveListeners.add(listener);
    return () => this.liveListeners.delete(listener);
  }

  /** Opens a live stream: VAD, rolling and final predictions with the model in `modelDir`. */
  async liveStart(sessionId: string, modelDir: string, sampleRate: number, options: LiveOptions, calibration?: FeatureStats): Promise<void> {
    await this.call({ type: 'liveStart', sessionId, modelDir, sampleRate, options, ...(calibration && { calibration }) });
    this.liveSessions++;
  }

  /** Hands a chunk to the worker (the buffer is transferred). */
  liveChunk(sessionId: string, samples: Float32Array): void {
    const w = this.start();
    w.postMessage({ type: 'liveChunk', sessionId, samples } satisfies LiveChunkMessage, [samples.buffer as ArrayBuffer]);
  }

  /** Ends the current utterance; resolves once its final prediction has been emitted. */
  liveEnd(sessionId: string): Promise<void> {
    return this.call({ type: 'liveEnd', sessionId }) as Promise<void>;
  }

  async liveStop(sessionId: string): Promise<boolean> {
    const stopped = (await this.call({ type: 'liveStop', sessionId })) as boolean;
    if (stopped) this.liveSessions--;
    if (this.liveSessions === 0 && this.pending.size === 0) this.worker?.unref();
    return stopped;
  }

  /** Calibrates a live session from its kept utterances (the speaker reading neutral sentences). */
  liveCalibrate(sessionId: string, utteranceIds: string[]): Promise<LiveCalibration> {
    return this.call({ type: 'liveCalibrate', sessionId, utteranceIds }) as Promise<LiveCalibration>;
  }

  /** Back to running statistics of the session (then the training corpus's). */
  liveUncalibrate(sessionId: string): Promise<void> {
    return this.call({ type: 'liveUncalibrate', sessionId }) as Promise<void>;
  }

  /** Saves a kept utterance as a WAV under `folder`; resolves to its path. */
  liveSave(utteranceId: string, folder: string, speaker: string, label: string): Promise<string> {
    return this.call({ type: 'liveSave', utteranceId, folder, speaker, label }) as Promise<string>;
  }

  /** Stops the worker; pending calls fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    this.failAll(new InferenceError('InferenceClosedError', 'the inference worker was closed'));
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(workerUrl('inference'), { workerData: this.options });
    this.worker = w;
    w.unref();
    this.ready = new Promise<BackendInfo>((resolve, reject) => {
      const onReady = (msg: InferenceReply) => {
        if (msg.type !== 'ready') return;
        w.off('message', onReady);
        if (msg.backend) resolve(msg.backend);
        else reject(new InferenceError('BackendError', msg.error ?? 'the inference worker could not start a backend'));
      };
      w.on('message', onReady);
    });
    this.ready.catch(() => undefined);
    w.on('message', (msg: InferenceReply) => this.onMessage(msg));
    w.on('error', (err) => this.onExit(w, new InferenceError('InferenceWorkerError', `the inference worker failed: ${err.message}`)));
    w.on('exit', (code) => this.onExit(w, new InferenceError('InferenceWorkerError', `the inference worker exited (code ${code})`)));
    return w;
  }

  private onExit(w: Worker, err: Error): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    this.ready = undefined;
    this.failAll(err);
    this.liveSessions = 0;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private onMessage(msg: InferenceReply): void {
    if (msg.type === 'ready') return;
    if (msg.type === 'live') {
      for (const l of this.liveListeners) l(msg.event);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') return p.onProgress?.(msg.stage, msg.done, msg.total);
    this.pending.delete(msg.id);
    // Idle: let the process exit even though the worker (and its loaded models) stays.
    if (this.pending.size === 0 && this.liveSessions === 0) this.worker?.unref();
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(new InferenceError(msg.name, msg.message));
  }

  private call(
    req: DistributiveOmit<Exclude<InferenceRequest, { type: 'cancel' }>, 'id'>,
    transfer: ArrayBuffer[] = [],
    onProgress?: Pending['onProgress'],
    signal?: AbortSignal,
  ): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new InferenceError('EvaluationCancelledError', 'evaluation was cancelled'));
    const w = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => w.postMessage({ type: 'cancel', id: this.nextId++, target: id } satisfies InferenceRequest);
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
        onProgress,
      });
      w.ref();
      w.postMessage({ ...req, id }, transfer);
    });
  }
}
