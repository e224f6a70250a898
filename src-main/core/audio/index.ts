export { AudioDecodeError } from './errors';
export type { AudioInfo, DecodedAudio } from './errors';
export {
  HEAD_BYTES,
  TAIL_BYTES,
  decodeAudioFile,
  decodeAudioFileRange,
  notRegularFile,
  readAudioInfo,
  wantsTail,
  type DecodeOptions,
  type FileReads,
} from './decode';
export { librosaLoad, loadRange } from './load';
export { encodeWavPcm16 } from './encode';
