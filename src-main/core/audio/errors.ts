/** Types shared by the audio module and its one error class. */

/** Compressed formats, decoded by wasm decoders (see codecs.ts). */
export type CompressedFormat = 'flac' | 'mp3' | 'ogg-vorbis' | 'ogg-opus' | 'webm-opus';

export type AudioFormat = 'wav' | 'aiff' | CompressedFormat;

/** What the header says, validated against the file size (no sample is read). */
export interface AudioInfo {
  format: AudioFormat;
  /** e.g. 'pcm16', 'pcm24', 'float32', 'ulaw', 'aiff-pcm16', 'aiff-sowt-pcm16', 'aiff-float32', 'flac', 'mp3', 'vorbis', 'opus' */
  encoding: string;
  sampleRate: number;
  channels: number;
  /** bits per sample of PCM and FLAC; 0 for lossy codecs, which have none */
  bitsPerSample: number;
  /** whole frames in the file (for MP3 without a Xing/Info frame count and WebM without a decode, from the frames' headers) */
  frames: number;
  durationSeconds: number;
}

/** Mono samples (channels averaged), float32 scaled like soundfile/libsndfile (int16 / 32768, ...). */
export interface DecodedAudio extends AudioInfo {
  samples: Float32Array;
  /** File frame index of samples[0] when only a range was decoded (absent = 0). */
  offsetFrames?: number;
}

export type AudioErrorCode =
  | 'not-audio' // no RIFF/WAVE or FORM/AIFF(-C) signature
  | 'unsupported-encoding' // a known container with a compression we do not decode (ADPCM, MP3-in-WAV, ...)
  | 'bad-header' // a header that lies: impossible fields, chunks past the end of the file, inconsistent sizes
  | 'truncated' // the sample data ends before the header says it should
  | 'bad-samples' // float sample data holding NaN or infinity
  | 'corrupt' // compressed data a decoder rejected (names the frame and its byte offset)
  | 'empty' // a valid header with no whole frame of sample data
  | 'incomplete-head' // readAudioInfo needs bytes beyond the head it was given (read the whole file)
  | 'unreadable'; // the file could not be read at all (missing, permissions, a directory)

export class AudioDecodeError extends Error {
  readonly path: string;
  readonly reason: string;
  readonly code: AudioErrorCode;

  constructor(path: string, code: AudioErrorCode, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'AudioDecodeError';
    this.path = path;
    this.code = code;
    this.reason = reason;
  }
}
