export type { FeatureMatrix } from './types';
export { mfcc, mfccMean, mfccFrames, dctTable, type MfccOptions } from './mfcc';
export { melFilterbank, melSpectrogramDb, hzToMel, melToHz, powerToDbInPlace, type MelOptions } from './mel';
export { powerSpectrogram, hannPeriodic, stftFrameCount } from './stft';
export {
  type FeatureSpec,
  type FramesSpec,
  type MeydaMfccSpec,
  SEED_SPEC,
  SEED,
  FEATURE_ALGORITHM_VERSIONS,
  FeatureSpecError,
  defaultFramesSpec,
  defaultMeydaMfccSpec,
  parseFeatureSpec,
  normalizeFeatureSpec,
  featureSpecKey,
  featureShape,
  describeFeatureSpec,
} from './spec';
export { extractFeatures, FeatureExtractionError } from './extract';
export { delta } from './frames';
export { meydaMfccMean } from './meyda-mfcc';
export { frameDescriptors, type FrameDescriptors, type DescriptorOptions } from './descriptors';
