export type { EmotionLabel, CorpusConvention, Clip, Problem, Manifest, ScanOptions } from './types';
export { EMOTION_LABELS, canonicalLabel } from './labels';
export { CONVENTIONS, detectConvention, type NamedFile, type ParsedName } from './conventions';
export { scanCorpus, CorpusScanError } from './scan';
