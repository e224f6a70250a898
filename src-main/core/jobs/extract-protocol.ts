/** Messages between the extraction pool and its workers. */
import type { FeatureSpec } from '../features';
import type { AudioAugmentation } from '../model/augment';

export interface ExtractTask {
  id: number;
  path: string;
  spec: FeatureSpec;
  /** Where the worker stores the result in the feature cache; absent when caching is off. */
  cacheFile?: string;
  /** Applied to the decoded audio before the features (never together with cacheFile). */
  augment?: AudioAugmentation;
}

export type ExtractReply = { id: number; ok: true; shape: number[]; data: Float32Array } | { id: number; ok: false; reason: string };
