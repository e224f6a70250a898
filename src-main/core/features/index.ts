export type { FeatureMatrix } from './types';
export { type FeatureSpec, SEED_SPEC, parseFeatureSpec, featureSpecKey, featureShape } from './spec';
export { extractFeatures } from './extract';
