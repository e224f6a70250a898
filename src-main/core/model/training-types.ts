/**
 * The training domain's plain types and names, free of tfjs: the api contract, the renderer and
 * the job launcher import these without loading TensorFlow.js (which costs the host ~0.5 s at start).
 */

export type PresetName = 'seed' | 'sequence';
export const PRESET_NAMES: PresetName[] = ['seed', 'sequence'];

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
