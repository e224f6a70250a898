export { AudioDecodeError } from './errors';
export type { AudioErrorCode, AudioFormat, AudioInfo, DecodedAudio } from './errors';
export { HEAD_BYTES, decodeAudio, decodeAudioFile, decodeAudioFileRange, readAudioInfo, readAudioInfoFile } from './decode';
export type { DecodeOptions } from './decode';
export { resampleKaiserBest } from './resample';
export { librosaLoad, librosaLoadFile, loadRange } from './load';
export type { LoadOptions } from './load';
export { encodeWavPcm16 } from './encode';
