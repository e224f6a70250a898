export type { Clip, Problem, Manifest } from './types';
export { detectConvention, type NamedFile } from './conventions';
export { scanCorpus, CorpusScanError } from './scan';
