/**
 * "Teach it your voice": the request, its events and its result, free of tfjs so that the api, the
 * renderer and a job launcher can import them without loading TensorFlow.js.
 */
import type { EvaluationReport } from './metrics';
import type { TeachSplit } from './teach-split';
import type { BackendName, BatchProgress, EpochMetrics } from './training-types';

/** How a taught model is kept close to its source: replaying its training corpus, or training only its last layers. */
export const TEACH_METHODS = ['replay', 'frozen-layers'] as const;
export type TeachMethod = (typeof TEACH_METHODS)[number];

/** A few epochs: enough to move towards the new voice, few enough not to forget the old ones. */
export const DEFAULT_TEACH_EPOCHS = 5;
/** Small batches: a person has tens of recordings, and a few epochs of one big batch would be a handful of steps. */
export const DEFAULT_TEACH_BATCH_SIZE = 16;
/** Fine-tuning steps are this fraction of the source model's own learning rate. */
export const TEACH_LEARNING_RATE_FACTOR = 0.3;

export interface TeachRequest {
  /** The saved model to start from; it is read, never written. */
  modelDir: string;
  /** Labelled recordings, `<speaker>/<label>/<take>.wav` as the Live view saves them. */
  recordingsDir: string;
  /** The new model's folder; must not exist yet (a taught model is always a new one). */
  outDir: string;
  /** Display name of the new model (default: the folder's name). */
  name?: string;
  /** Default DEFAULT_TEACH_EPOCHS. */
  epochs?: number;
  /** Seeds the split, the replayed sample and the shuffling (default 42). */
  seed?: number;
  /** Default TEACH_LEARNING_RATE_FACTOR × the source model's learning rate. */
  learningRate?: number;
  /** Default DEFAULT_TEACH_BATCH_SIZE. */
  batchSize?: number;
  /** Feature cache folder, or false for none (default: the app's cache folder). */
  cacheDir?: string | false;
  /** Force a TensorFlow.js backend (default: the ladder, or env SER_BACKEND). */
  backend?: BackendName;
}

export type TeachStage = 'scan' | 'features' | 'before' | 'fine-tune' | 'after' | 'saving';

/** How the recordings were divided, and how the model is kept close to where it started. */
export interface TeachPlan {
  fineTune: number;
  heldOut: number;
  perLabel: TeachSplit<unknown>['perLabel'];
  unknownLabels: Record<string, number>;
  /** Clips of the source's training corpus mixed in (0 with 'frozen-layers'). */
  replayed: number;
  method: TeachMethod;
  /** Why this method: e.g. the training corpus is not on disk. */
  methodDetail: string;
}

export type TeachEvent =
  | { type: 'stage'; stage: TeachStage; detail?: string }
  | { type: 'features'; done: number; total: number }
  | ({ type: 'plan' } & TeachPlan)
  | ({ type: 'batch' } & BatchProgress)
  /** One epoch done of `epochs`; valLoss/valAccuracy are on the held-out recordings. */
  | ({ type: 'epoch'; epochs: number } & EpochMetrics)
  | { type: 'log'; message: string };

export interface TeachResult {
  modelDir: string;
  /** The new model's id: its folder name in the models folder. */
  modelId: string;
  name: string;
  plan: TeachPlan;
  /** The source model on the held-out recordings, then the taught one (same clips, same statistics). */
  before: EvaluationReport;
  after: EvaluationReport;
  epochs: EpochMetrics[];
  learningRate: number;
  backend: string;
}

export class TeachCancelledError extends Error {
  constructor() {
    super('teaching was cancelled; no model was written');
    this.name = 'TeachCancelledError';
  }
}

/** The plan in lines for a person: what is learnt from, what is held out, what is left out, and how. */
export function describeTeachPlan(p: TeachPlan): string[] {
  const labels = Object.entries(p.perLabel)
    .map(([l, n]) => `${l} ${n.fineTune}+${n.heldOut}`)
    .join(', ');
  const unknown = Object.entries(p.unknownLabels);
  const left = unknown.reduce((a, [, n]) => a + n, 0);
  return [
    `recordings: ${p.fineTune} to learn from, ${p.heldOut} held out (per label, learn+held out: ${labels})`,
    ...(left ? [`left out ${left} recording(s) with labels the model does not know: ${unknown.map(([l, n]) => `${l} (${n})`).join(', ')}`] : []),
    `keeping it close to the model: ${p.method === 'replay' ? 'replay' : 'frozen layers'} (${p.methodDetail})`,
  ];
}
