/**
 * A training job: runs the whole pipeline (scan → features → split → train → evaluate → save) in
 * a worker thread, so the thread that serves the UI or prints CLI progress stays responsive.
 * The one entry point the CLI and the api use.
 */
import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PRESET_NAMES, type BatchProgress, type EpochMetrics, type PresetName, type TrainResult, type TrainSettings } from '../model/training-types';
import type { SplitSpec } from '../model/splits';
import { MODEL_FILES } from '../model/store-folder';
import { workerUrl } from './worker-path';

export interface TrainRequest extends TrainSettings {
  corpusDir: string;
  /** The model folder to create (an existing model folder there is replaced when training succeeds). */
  outDir: string;
  cacheDir?: string;
  /** Force a backend (default: the ladder, or env SER_BACKEND). */
  backend?: 'tensorflow' | 'wasm' | 'cpu';
}

export type TrainStage = 'scan' | 'features' | 'training' | 'evaluating' | 'saving';

export type { TrainResult };

export type TrainEvent =
  | { type: 'stage'; stage: TrainStage; detail?: string }
  | { type: 'features'; done: number; total: number }
  | ({ type: 'batch' } & BatchProgress)
  | ({ type: 'epoch' } & EpochMetrics)
  | { type: 'log'; message: string }
  | TrainResult
  | { type: 'error'; message: string }
  | { type: 'cancelled' };

export type TrainOutcome = Extract<TrainEvent, { type: 'result' | 'error' | 'cancelled' }>;

/** Messages to the worker. */
export type TrainWorkerCommand = { type: 'cancel' };

export class TrainRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainRequestError';
  }
}

/** How long a cancelled worker may take before it is terminated. */
export const CANCEL_GRACE_MS = 1000;

/** Checks an untrusted request and returns it with absolute paths; throws TrainRequestError. */
export function validateTrainRequest(value: unknown): TrainRequest {
  if (typeof value !== 'object' || value === null) throw new TrainRequestError('the training request must be an object');
  const r = value as Record<string, unknown>;
  const text = (name: string) => {
    if (typeof r[name] !== 'string' || (r[name] as string).trim() === '') throw new TrainRequestError(`${name} must be a non-empty string`);
    return r[name] as string;
  };
  const int = (name: string, lo: number, hi: number) => {
    const v = r[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new TrainRequestError(`${name} must be a whole number in [${lo}, ${hi}] (got ${JSON.stringify(v)})`);
    return v;
  };
  if (!PRESET_NAMES.includes(r.preset as PresetName)) throw new TrainRequestError(`preset must be one of ${PRESET_NAMES.join(', ')} (got ${JSON.stringify(r.preset)})`);
  if (typeof r.split !== 'object' || r.split === null || typeof (r.split as { kind?: unknown }).kind !== 'string') throw new TrainRequestError('split must be a split spec object');
  const out: TrainRequest = {
    corpusDir: resolve(text('corpusDir')),
    preset: r.preset as PresetName,
    split: r.split as SplitSpec,
    epochs: int('epochs', 1, 10000),
    batchSize: int('batchSize', 1, 65536),
    seed: int('seed', -(2 ** 31), 2 ** 32 - 1),
    outDir: resolve(text('outDir')),
  };
  if (r.learningRate !== undefined) {
    if (typeof r.learningRate !== 'number' || !(r.learningRate > 0 && r.learningRate < 10)) throw new TrainRequestError(`learningRate must be a number in (0, 10) (got ${JSON.stringify(r.learningRate)})`);
    out.learningRate = r.learningRate;
  }
  if (r.earlyStopping !== undefined) {
    const p = (r.earlyStopping as { patience?: unknown } | null)?.patience;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) throw new TrainRequestError('earlyStopping.patience must be a whole number ≥ 1');
    out.earlyStopping = { patience: p };
  }
  if (r.cacheDir !== undefined) out.cacheDir = resolve(text('cacheDir'));
  if (r.name !== undefined) out.name = text('name');
  if (r.backend !== undefined) {
    if (!['tensorflow', 'wasm', 'cpu'].includes(r.backend as string)) throw new TrainRequestError('backend must be tensorflow, wasm or cpu');
    out.backend = r.backend as TrainRequest['backend'];
  }
  return out;
}

/** Fails before any work when the output folder holds something other than a model (saving would refuse at the end). */
export async function checkOutDir(dir: string): Promise<void> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) return;
  if (!st.isDirectory()) throw new TrainRequestError(`${dir} exists and is not a folder`);
  const foreign = (await readdir(dir)).filter((e) => !(Object.values(MODEL_FILES) as string[]).includes(e));
  if (foreign.length) throw new TrainRequestError(`${dir} exists and is not a model folder (it holds ${foreign.slice(0, 3).join(', ')}); choose another --out`);
}

/**
 * Starts a training job. Events arrive through `onEvent` (the final one too); `done` resolves with
 * the final event (result, error or cancelled) and never rejects. Throws TrainRequestError for a
 * malformed request.
 */
export function startTraining(request: TrainRequest, onEvent: (e: TrainEvent) => void): { done: Promise<TrainOutcome>; cancel(): void } {
  const req = validateTrainRequest(request);
  let worker: Worker | undefined;
  let finished = false;
  let cancelRequested = false;
  let saving = false;
  let settle!: (e: TrainOutcome) => void;
  const done = new Promise<TrainOutcome>((resolve) => (settle = resolve));

  const finish = (e: TrainOutcome) => {
    if (finished) return;
    finished = true;
    onEvent(e);
    settle(e);
    void worker?.terminate();
  };

  const start = async () => {
    await checkOutDir(req.outDir);
    if (cancelRequested) return finish({ type: 'cancelled' });
    worker = new Worker(workerUrl('train'), { workerData: { request: req } });
    worker.on('message', (e: TrainEvent) => {
      if (finished) return;
      if (e.type === 'result' || e.type === 'error' || e.type === 'cancelled') return finish(e);
      if (e.type === 'stage' && e.stage === 'saving') saving = true;
      onEvent(e);
    });
    worker.on('error', (err) => finish({ type: 'error', message: `training worker failed: ${err.message}` }));
    worker.on('exit', (code) => {
      if (!finished) finish(cancelRequested ? { type: 'cancelled' } : { type: 'error', message: `training worker exited unexpectedly (code ${code})` });
    });
  };
  start().catch((err: unknown) => finish({ type: 'error', message: err instanceof Error ? err.message : String(err) }));

  return {
    done,
    cancel() {
      if (finished || cancelRequested) return;
      cancelRequested = true;
      if (!worker) return;
      worker.postMessage({ type: 'cancel' } satisfies TrainWorkerCommand);
      // The worker checks between batches; if it does not answer in time, stop it hard, except
      // while it saves (too late to cancel: stopping then could leave a stray temp folder).
      const timer = setTimeout(() => {
        if (!saving) finish({ type: 'cancelled' });
      }, CANCEL_GRACE_MS);
      timer.unref();
      void done.then(() => clearTimeout(timer));
    },
  };
}
