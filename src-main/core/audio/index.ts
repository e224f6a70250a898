export { AudioDecodeError } from './errors';
export type { AudioInfo, DecodedAudio } from './errors';
export { HEAD_BYTES, TAIL_BYTES, decodeAudioFile, decodeAudioFileRange, notRegularFile, readAudioInfo, wantsTail } from './decode';
export { librosaLoad } from './load';
export { encodeWavPcm16 } from './encode';
