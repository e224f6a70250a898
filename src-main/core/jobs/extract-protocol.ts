/** Messages between the extraction pool and its workers. */
import type { FeatureSpec } from '../features';

export interface ExtractTask {
  id: number;
  path: string;
  spec: FeatureSpec;
  /** Where the worker stores the result in the feature cache; absent when caching is off. */
  cacheFile?: string;
}

export type ExtractReply = { id: number; ok: true; shape: number[]; data: Float32Array } | { id: number; ok: false; reason: string };
