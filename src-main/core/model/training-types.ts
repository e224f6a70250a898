/**
 * The training domain's plain types and names, free of tfjs: the api contract, the renderer and
 * the job launcher import these without loading TensorFlow.js (which costs the host ~0.5 s at start).
 */
import type { AugmentSettings } from './augment';
import type { EvaluationReport } from './metrics';
import type { StatsBasis } from './normalise';
import type { SplitSpec, SplitSummary } from './splits';

export const PRESET_NAMES = ['seed', 'sequence'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** TensorFlow.js backends, fastest first: the ladder the workers try. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface EpochMetrics {
  epoch: number;
  seconds: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  etaSeconds: number;
}

/** What a person chooses for a training run, wherever it is started (CLI, app). */
export interface TrainSettings {
  preset: PresetName;
  split: SplitSpec;
  epochs: number;
  batchSize: number;
  seed: number;
  learningRate?: number;
  earlyStopping?: { patience: number };
  /** Model name; default derived from the preset and the date. */
  name?: string;
  /**
   * Per-speaker feature normalisation (off when absent). A validation speaker the model does not
   * train on gets statistics from `calibrationClips` of their neutral clips, which are then left
   * out of the score (basis 'neutral'), or from all their validation clips (basis 'all').
   */
  speakerNormalisation?: { basis: StatsBasis; calibrationClips: number };
  /** Training-time augmentation (off when absent). */
  augmentation?: AugmentSettings;
}

/** What a finished training job reports (the last event of a job, and `ser train --json`'s last line). */
export interface TrainResult {
  type: 'result';
  modelDir: string;
  valAccuracy: number;
  uar: number;
  labels: string[];
  confusionMatrix: number[][];
  epochs: EpochMetrics[];
  backend: string;
  backendDetail: string;
  report: EvaluationReport;
  split: SplitSummary;
  stoppedEarly: boolean;
  bestEpoch: number;
}

/** Data-parallel training runs on at most this many threads (one training slot has two cores: api/jobs.ts). */
export const MAX_TRAIN_THREADS = 2;

/**
 * Threads a run trains on when not told: two where there are two cores and the preset gains from them, unless
 * the run is so small (under four batches an epoch) that starting the second thread costs more than it saves.
 */
export function defaultTrainThreads(cores: number, trainCount: number, batchSize: number, presetGains: boolean): number {
  return presetGains && cores >= 2 && trainCount >= 4 * batchSize ? MAX_TRAIN_THREADS : 1;
}
