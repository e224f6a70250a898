/**
 * A training job: runs the whole pipeline (scan → features → split → train → evaluate → save) in
 * a worker thread, so the thread that serves the UI or prints CLI progress stays responsive.
 * The one entry point the CLI and the api use.
 */
import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { parseTrainSettings, trainSettingsSchema, TrainSettingsError } from '../model/train-settings';
import { BACKEND_NAMES, type BackendName, type BatchProgress, type EpochMetrics, type TrainResult, type TrainSettings } from '../model/training-types';
import { MODEL_FILES } from '../model/store-folder';
import { workerUrl } from './worker-path';

export interface TrainRequest extends TrainSettings {
  corpusDir: string;
  /** The model folder to create (an existing model folder there is replaced when training succeeds). */
  outDir: string;
  cacheDir?: string;
  /** Force a backend (default: the ladder, or env SER_BACKEND). */
  backend?: BackendName;
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

/** A malformed training request: names each bad field. */
export { TrainSettingsError as TrainRequestError } from '../model/train-settings';

/** How long a cancelled worker may take before it is terminated. */
export const CANCEL_GRACE_MS = 1000;

const trainRequestSchema = trainSettingsSchema.extend({
  corpusDir: z.string('must be a folder path').min(1, 'must not be empty'),
  outDir: z.string('must be a folder path').min(1, 'must not be empty'),
  cacheDir: z.string('must be a folder path').min(1, 'must not be empty').optional(),
  backend: z.enum(BACKEND_NAMES, `must be one of ${BACKEND_NAMES.join(', ')}`).optional(),
});

/** Checks an untrusted request and returns it with absolute paths; throws TrainRequestError. */
export function validateTrainRequest(value: unknown, fieldName?: (path: string) => string): TrainRequest {
  const r = parseTrainSettings(trainRequestSchema, value, fieldName);
  return { ...r, corpusDir: resolve(r.corpusDir), outDir: resolve(r.outDir), ...(r.cacheDir ? { cacheDir: resolve(r.cacheDir) } : {}) };
}

/** Fails before any work when the output folder holds something other than a model (saving would refuse at the end). */
export async function checkOutDir(dir: string): Promise<void> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) return;
  if (!st.isDirectory()) throw new TrainSettingsError(`${dir} exists and is not a folder`);
  const foreign = (await readdir(dir)).filter((e) => !(Object.values(MODEL_FILES) as string[]).includes(e));
  if (foreign.length)
    throw new TrainSettingsError(`${dir} exists and is not a model folder (it holds ${foreign.slice(0, 3).join(', ')}); choose another --out`);
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
