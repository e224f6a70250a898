/**
 * Shared header-parsing pieces: where the samples are and how they are coded, plus the bounded
 * chunk walk that both RIFF/WAVE and FORM/AIFF use. Every size read from a header is checked
 * against the real file size before anything is read or allocated from it.
 */
import { AudioDecodeError } from './errors';
import type { AudioFormat, AudioInfo } from './errors';

export type SampleCoding = 'uint' | 'int' | 'float' | 'ulaw' | 'alaw';

/** Everything needed to decode: the public info plus the byte layout of the sample data. */
export interface Layout {
  info: AudioInfo;
  /** byte offset (in the file) of frame 0 */
  dataOffset: number;
  /** bytes per frame (all channels) */
  blockAlign: number;
  /** bytes per sample of one channel */
  sampleBytes: number;
  coding: SampleCoding;
  littleEndian: boolean;
}

/** A prefix of a file (or all of it) and the file's real size. */
export interface Source {
  bytes: Uint8Array;
  fileSize: number;
  path: string;
}

export const MAX_CHANNELS = 64;
export const MIN_SAMPLE_RATE = 1000;
export const MAX_SAMPLE_RATE = 1_000_000;

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function fourcc(bytes: Uint8Array, pos: number): string {
  return String.fromCharCode(bytes[pos]!, bytes[pos + 1]!, bytes[pos + 2]!, bytes[pos + 3]!);
}

/** A four-character code made safe to print (binary junk shown as \xNN). */
export function printable(code: string): string {
  return code.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Makes sure [pos, pos+len) can be read: past the end of the file the header lies ('bad-header');
 * inside the file but past the bytes we were given, the caller must read more ('incomplete-head').
 */
export function needBytes(src: Source, pos: number, len: number, what: string): void {
  if (pos + len > src.fileSize) {
    throw new AudioDecodeError(src.path, 'truncated', `truncated header: ${what} at byte ${pos} needs ${len} bytes but the file ends at byte ${src.fileSize}`);
  }
  if (pos + len > src.bytes.length) {
    throw new AudioDecodeError(src.path, 'incomplete-head', `${what} at byte ${pos} lies beyond the first ${src.bytes.length} bytes that were read`);
  }
}

/**
 * Walks the chunk list from `start`, calling `visit(id, bodyPos, size)` until it returns true or the
 * file ends. Each step advances by 8 + size (+1 pad byte for odd sizes), so it always terminates,
 * even for a chunk size of 0xFFFFFFFF. Throws 'truncated' when the file ends inside a chunk header
 * before `visit` was satisfied (a cut-off file, not one that lacks the chunk).
 */
export function walkChunks(
  src: Source,
  start: number,
  littleEndian: boolean,
  sampleChunk: string,
  visit: (id: string, body: number, size: number) => boolean,
): void {
  const dv = dataView(src.bytes);
  let pos = start;
  while (pos + 8 <= src.fileSize) {
    needBytes(src, pos, 8, 'a chunk header');
    const id = fourcc(src.bytes, pos);
    const size = dv.getUint32(pos + 4, littleEndian);
    if (visit(id, pos + 8, size)) return;
    if (pos + 8 + size > src.fileSize) {
      // We still need a chunk after this one, and this one claims to run past the end of the file.
      const sample = id === sampleChunk;
      throw new AudioDecodeError(
        src.path,
        sample ? 'truncated' : 'bad-header',
        `${sample ? 'truncated data: ' : ''}the '${printable(id)}' chunk at byte ${pos} declares ${size} bytes, ` +
          `past the end of the file (${src.fileSize} bytes)`,
      );
    }
    pos += 8 + size + (size & 1);
  }
  if (pos < src.fileSize) {
    throw new AudioDecodeError(
      src.path,
      'truncated',
      `truncated header: the file ends at byte ${src.fileSize}, inside a chunk header that starts at byte ${pos}, before the header was complete`,
    );
  }
}

export function checkChannels(src: Source, channels: number): void {
  if (channels <= 0) throw new AudioDecodeError(src.path, 'bad-header', `the header declares ${channels} channels`);
  if (channels > MAX_CHANNELS) {
    throw new AudioDecodeError(src.path, 'bad-header', `the header declares an absurd channel count (${channels}; at most ${MAX_CHANNELS} are accepted)`);
  }
}

export function checkSampleRate(src: Source, rate: number): void {
  if (!Number.isFinite(rate) || rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
    throw new AudioDecodeError(src.path, 'bad-header', `the header declares a sample rate of ${rate} Hz (accepted: ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz)`);
  }
}

/** Builds the layout once the coding is known; checks the sample data against the file size. */
export function finishLayout(
  src: Source,
  parts: {
    format: AudioFormat;
    encoding: string;
    sampleRate: number;
    channels: number;
    bitsPerSample: number;
    sampleBytes: number;
    coding: SampleCoding;
    littleEndian: boolean;
    dataOffset: number;
    /** bytes of sample data the header declares */
    declaredBytes: number;
    /** what declared the size, for the error message */
    declaredBy: string;
    /** end of the chunk that holds the samples, when it can be shorter than declaredBytes (AIFF SSND) */
    chunkEnd?: number;
  },
): Layout {
  const blockAlign = parts.channels * parts.sampleBytes;
  const frames = Math.floor(parts.declaredBytes / blockAlign);
  if (frames === 0) {
    throw new AudioDecodeError(src.path, 'empty', `${parts.declaredBy} holds no sample frames (zero-length data)`);
  }
  const end = Math.min(src.fileSize, parts.chunkEnd ?? Infinity);
  const present = Math.max(0, end - parts.dataOffset);
  if (frames * blockAlign > present) {
    throw new AudioDecodeError(
      src.path,
      'truncated',
      `truncated data: ${parts.declaredBy} declares ${frames} frames (${frames * blockAlign} bytes) ` + `but only ${present} bytes of sample data are present`,
    );
  }
  const { format, encoding, sampleRate, channels, bitsPerSample } = parts;
  return {
    info: { format, encoding, sampleRate, channels, bitsPerSample, frames, durationSeconds: frames / sampleRate },
    dataOffset: parts.dataOffset,
    blockAlign,
    sampleBytes: parts.sampleBytes,
    coding: parts.coding,
    littleEndian: parts.littleEndian,
  };
}
