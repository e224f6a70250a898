/**
 * A training job: runs the whole pipeline (scan → features → split → train → evaluate → save) in
 * a worker thread, so the thread that serves the UI or prints CLI progress stays responsive.
 * The one entry point the CLI and the api use.
 */
import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { labelMapSchema, MAX_CORPORA, repeatedCorpusError, type LabelMap } from '../dataset/corpora';
import { parseTrainSettings, trainSettingsSchema, TrainSettingsError } from '../model/train-settings';
import {
  BACKEND_NAMES,
  MAX_TRAIN_THREADS,
  type BackendName,
  type BatchProgress,
  type EpochMetrics,
  type TrainResult,
  type TrainSettings,
} from '../model/training-types';
import { MODEL_FILES } from '../model/store-folder';
import { runWorkerJob } from './worker-job';

export interface TrainRequest extends TrainSettings {
  corpusDir: string;
  /** More corpora trained on with it: speakers named with their corpus, labels mapped by `labelMap`. */
  extraCorpusDirs?: string[];
  /** Labels mapped onto one set (null: left out); default DEFAULT_LABEL_MAP when there are extra corpora. */
  labelMap?: LabelMap;
  /** The model folder to create (an existing model folder there is replaced when training succeeds). */
  outDir: string;
  cacheDir?: string;
  /** Force a backend (default: the ladder, or env SER_BACKEND). */
  backend?: BackendName;
  /** Threads to train on: 2 splits every batch between two copies of the model (default: defaultTrainThreads). */
  threads?: number;
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

/** A malformed training request: names each bad field. */
export { TrainSettingsError as TrainRequestError } from '../model/train-settings';

const trainRequestSchema = trainSettingsSchema.extend({
  corpusDir: z.string('must be a folder path').min(1, 'must not be empty'),
  outDir: z.string('must be a folder path').min(1, 'must not be empty'),
  extraCorpusDirs: z
    .array(z.string('must be a folder path').min(1, 'must not be empty'))
    .max(MAX_CORPORA - 1, `at most ${MAX_CORPORA} corpora in all`)
    .optional(),
  labelMap: labelMapSchema.optional(),
  cacheDir: z.string('must be a folder path').min(1, 'must not be empty').optional(),
  backend: z.enum(BACKEND_NAMES, `must be one of ${BACKEND_NAMES.join(', ')}`).optional(),
  threads: z.int('must be a whole number').min(1, 'must be at least 1').max(MAX_TRAIN_THREADS, `must be at most ${MAX_TRAIN_THREADS}`).optional(),
});

/** Checks an untrusted request and returns it with absolute paths; throws TrainRequestError. */
export function validateTrainRequest(value: unknown, fieldName?: (path: string) => string): TrainRequest {
  const r = parseTrainSettings(trainRequestSchema, value, fieldName);
  const dirs = [r.corpusDir, ...(r.extraCorpusDirs ?? [])].map((d) => resolve(d));
  const repeated = repeatedCorpusError(dirs);
  if (repeated) throw new TrainSettingsError(repeated);
  return {
    ...r,
    corpusDir: resolve(r.corpusDir),
    outDir: resolve(r.outDir),
    ...(r.extraCorpusDirs ? { extraCorpusDirs: r.extraCorpusDirs.map((d) => resolve(d)) } : {}),
    ...(r.cacheDir ? { cacheDir: resolve(r.cacheDir) } : {}),
  };
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
  return runWorkerJob<TrainEvent, TrainResult>(
    {
      worker: 'train',
      workerData: { request: req },
      what: 'training',
      before: () => checkOutDir(req.outDir),
      isSaving: (e) => e.type === 'stage' && e.stage === 'saving',
    },
    onEvent,
  );
}
