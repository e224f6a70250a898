/**
 * Audio decoding by content (never by file extension): RIFF/WAVE and AIFF/AIFF-C here; FLAC, MP3,
 * Ogg Vorbis/Opus and WebM/Opus through compressed.ts. decodeAudioFileRange is the one entry point
 * for files of every format.
 *
 * Why a hand-written DataView parser rather than an npm decoder: wav-decoder, node-wav and wavefile
 * read WAV only (no AIFF, which TESS needs); audio-decode 2.x reads WAV through node-wav; its
 * successor @audio/decode 4.x adds AIFF but brings two dozen codec packages. None of them offers
 * what the app needs besides samples: a header-only parse of a 64 KiB prefix checked against the
 * real file size (the scanner), decoding of a frame range (seed loading), and typed errors naming
 * the exact reason. The formats are small, and libsndfile's float scaling (int16/32768, int24/2^23,
 * int32/2^31, (uint8−128)/128) is easiest to guarantee in our own code.
 *
 * Truncation policy (the same in readAudioInfo and decodeAudio): sample data shorter than the header
 * declares is an error ('truncated'), never a silent partial decode, so the scanner reports exactly
 * the files the decoder refuses. A partial last frame (a data size that is not a whole number of
 * frames) is dropped, as libsndfile does. A RIFF/FORM size that disagrees with the file is ignored.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { parseAiff } from './aiff';
import { decodeCompressed, readCompressedInfo, sniffContainer } from './compressed';
import { AudioDecodeError } from './errors';
import type { AudioInfo, DecodedAudio } from './errors';
import { fourcc, printable } from './layout';
import type { Layout, Source } from './layout';
import { TAIL_BYTES, type Tail } from './ogg-info';
import { decodeMono, NonFiniteSamplesError } from './pcm';
import { parseWav } from './wav';

/** How much of a file readAudioInfo is meant to see (the scanner reads this much per clip). */
export const HEAD_BYTES = 64 * 1024;
/** A file this small is read in one go: one read costs less than a header read and a data read. */
const WHOLE_READ_BYTES = 1024 * 1024;
/** Compressed files are decoded from memory; past this size they are refused rather than read. */
const MAX_COMPRESSED_BYTES = 512 * 1024 * 1024;

export interface DecodeOptions {
  /** first frame to decode (default 0); past the end gives an empty result */
  offsetFrames?: number;
  /** at most this many frames (default: to the end) */
  maxFrames?: number;
}

/**
 * Parses the header from the first bytes of a file and checks it against the file's size. An Ogg
 * stream's length is in its last page: pass the file's last bytes as `tail` (see wantsTail).
 */
export function readAudioInfo(head: Uint8Array, fileSize: number, path: string, tail?: Tail): AudioInfo {
  const src = { bytes: head.subarray(0, Math.min(head.length, fileSize)), fileSize, path };
  const container = fileSize > 0 ? sniffContainer(src.bytes) : null;
  if (container) return readCompressedInfo(container, src, tail).info;
  return parseLayout(src).info;
}

/** True when readAudioInfo of this head needs the file's last TAIL_BYTES as well (Ogg). */
export function wantsTail(head: Uint8Array, fileSize: number): boolean {
  return head.length < fileSize && sniffContainer(head) === 'ogg';
}
export { TAIL_BYTES };

/** Decodes a file held in memory, of any supported format (or only the requested frame range), to mono float32. */
export async function decodeAudioBytes(bytes: Uint8Array, path: string, pick: (info: AudioInfo) => DecodeOptions = () => ({})): Promise<DecodedAudio> {
  const container = bytes.length > 0 ? sniffContainer(bytes) : null;
  if (!container) return decodeAudio(bytes, path, pick(parseLayout({ bytes, fileSize: bytes.length, path }).info));
  const layout = readCompressedInfo(container, { bytes, fileSize: bytes.length, path });
  const { first, count } = rangeOf(layout.info.frames, pick(layout.info), true);
  const { samples, frames } = await decodeCompressed(layout, bytes, path, first, count);
  return { ...layout.info, frames, durationSeconds: frames / layout.info.sampleRate, samples, offsetFrames: first };
}

/** Decodes a WAV or AIFF file held in memory (or only the requested frame range) to mono float32. */
export function decodeAudio(bytes: Uint8Array, path: string, opts: DecodeOptions = {}): DecodedAudio {
  const layout = parseLayout({ bytes, fileSize: bytes.length, path });
  const { first, count } = frameRange(layout, opts);
  const samples = decodeSamples(path, bytes, layout.dataOffset + first * layout.blockAlign, count, layout, first);
  return { ...layout.info, samples, offsetFrames: first };
}

/** Reads the header, then only the bytes of the requested frames. */
export async function decodeAudioFile(path: string, opts: DecodeOptions = {}, reads: FileReads = 'pool'): Promise<DecodedAudio> {
  return decodeAudioFileRange(path, () => opts, reads);
}

/**
 * How a decoder reads its file: 'pool' through libuv's thread pool, never blocking the calling thread
 * (the main process); 'blocking' on the calling thread, for a worker that decodes one clip at a time:
 * it saves the pool's round trips (TESS's 1427 clips read in 0.08 s instead of 0.5 s here).
 */
export type FileReads = 'pool' | 'blocking';

/** decodeAudioFile with the frame range chosen once the header is known (e.g. from the sample rate). */
export async function decodeAudioFileRange(path: string, pick: (info: AudioInfo) => DecodeOptions, reads: FileReads = 'pool'): Promise<DecodedAudio> {
  return withFile(path, reads, async (file, size) => {
    if (size <= WHOLE_READ_BYTES) return decodeAudioBytes(await readAt(file, 0, size), path, pick);
    const head = await readAt(file, 0, Math.min(HEAD_BYTES, size));
    if (size > 0 && sniffContainer(head)) return decodeAudioBytes(await readWhole(file, size, path), path, pick);
    let layout: Layout;
    try {
      layout = parseLayout({ bytes: head, fileSize: size, path });
    } catch (err) {
      if (err instanceof AudioDecodeError && err.code === 'incomplete-head') {
        const bytes = await readAt(file, 0, size);
        return decodeAudio(bytes, path, pick(parseLayout({ bytes, fileSize: bytes.length, path }).info));
      }
      throw err;
    }
    const { first, count } = frameRange(layout, pick(layout.info));
    const bytes = await readAt(file, layout.dataOffset + first * layout.blockAlign, count * layout.blockAlign);
    if (bytes.length < count * layout.blockAlign) {
      throw new AudioDecodeError(path, 'truncated', 'truncated data: the file shrank while it was being read');
    }
    return { ...layout.info, samples: decodeSamples(path, bytes, 0, count, layout, first), offsetFrames: first };
  });
}

/** Header info of a file on disk; reads more than the first 64 KiB only when the header needs it. */
export async function readAudioInfoFile(path: string): Promise<AudioInfo> {
  return withFile(path, 'pool', async (file, size) => {
    const head = await readAt(file, 0, Math.min(HEAD_BYTES, size));
    try {
      const tail = wantsTail(head, size) ? await readTail(file, size) : undefined;
      return readAudioInfo(head, size, path, tail);
    } catch (err) {
      if (err instanceof AudioDecodeError && err.code === 'incomplete-head') {
        return readAudioInfo(await readWhole(file, size, path), size, path);
      }
      throw err;
    }
  });
}

/** Recognises the container from its first 12 bytes. */
export function parseLayout(src: Source): Layout {
  const { bytes, fileSize, path } = src;
  if (fileSize === 0) throw new AudioDecodeError(path, 'empty', 'the file is empty (0 bytes)');
  if (bytes.length < Math.min(12, fileSize)) {
    throw new AudioDecodeError(path, 'incomplete-head', `only ${bytes.length} bytes of the header were given`);
  }
  if (fileSize < 12) {
    throw new AudioDecodeError(path, 'not-audio', `not an audio file: only ${fileSize} bytes long`);
  }
  const magic = fourcc(bytes, 0);
  const kind = fourcc(bytes, 8);
  if (magic === 'RIFF' && kind === 'WAVE') return parseWav(src);
  if (magic === 'FORM' && (kind === 'AIFF' || kind === 'AIFC')) return parseAiff(src, kind === 'AIFC');
  if (magic === 'RIFX' || magic === 'RF64') {
    const what = magic === 'RIFX' ? 'big-endian RIFX WAVE' : 'RF64 (64-bit WAVE)';
    throw new AudioDecodeError(path, 'unsupported-encoding', `unsupported encoding: ${what} files are not decoded`);
  }
  throw new AudioDecodeError(path, 'not-audio', `not a WAV, AIFF, FLAC, MP3, Ogg or WebM file: ${describeContent(bytes)}`);
}

function describeContent(bytes: Uint8Array): string {
  const magic = fourcc(bytes, 0);
  if (magic === 'RIFF' || magic === 'FORM') return `a ${magic} container of type '${printable(fourcc(bytes, 8))}'`;
  const container = sniffContainer(bytes);
  if (container) return `${container.toUpperCase()} content (decoded by decodeAudioBytes and decodeAudioFile, not here)`;
  if (fourcc(bytes, 4) === 'ftyp') return 'an MP4/M4A file (AAC and MP4 are not decoded)';
  if (bytes[0] === 0xff && (bytes[1]! & 0xf6) === 0xf0) return 'AAC audio in ADTS frames (not decoded)';
  return `unknown content starting with '${printable(magic)}'`;
}

function decodeSamples(path: string, bytes: Uint8Array, start: number, frames: number, layout: Layout, first: number): Float32Array {
  try {
    return decodeMono(bytes, start, frames, layout);
  } catch (err) {
    if (!(err instanceof NonFiniteSamplesError)) throw err;
    const what = Number.isNaN(err.value) ? 'NaN' : 'infinite';
    throw new AudioDecodeError(
      path,
      'bad-samples',
      `corrupt samples: ${what === 'NaN' ? 'a' : 'an'} ${what} value at frame ${first + err.frame}; NaN and infinity are not audio`,
    );
  }
}

function frameRange(layout: Layout, opts: DecodeOptions): { first: number; count: number } {
  return rangeOf(layout.info.frames, opts, false);
}

/** The frames to decode; `open` when the header's frame count is an estimate (a compressed stream may run longer). */
function rangeOf(frames: number, opts: DecodeOptions, open: boolean): { first: number; count: number } {
  const offset = opts.offsetFrames ?? 0;
  const max = opts.maxFrames ?? Infinity;
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offsetFrames must be a whole number ≥ 0, got ${offset}`);
  if (max !== Infinity && (!Number.isInteger(max) || max < 0)) throw new RangeError(`maxFrames must be a whole number ≥ 0, got ${max}`);
  if (open) return { first: offset, count: max };
  const first = Math.min(offset, frames);
  return { first, count: Math.min(max, frames - first) };
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a folder in its path is not a directory',
};

/** An open file: positioned reads, through the pool or blocking (see FileReads). */
interface OpenFile {
  read(buf: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void> | void;
}

async function withFile<T>(path: string, reads: FileReads, body: (file: OpenFile, size: number) => Promise<T>): Promise<T> {
  let file: OpenFile;
  let stat: () => Promise<Stats> | Stats;
  try {
    // Non-blocking, so a named pipe called x.wav cannot hang the open; it then fails the isFile check.
    const flags = constants.O_RDONLY | constants.O_NONBLOCK;
    if (reads === 'blocking') {
      const fd = openSync(path, flags);
      file = { read: async (buf, offset, length, position) => readSync(fd, buf, offset, length, position), close: () => closeSync(fd) };
      stat = () => fstatSync(fd);
    } else {
      const handle = await open(path, flags);
      file = { read: async (...args) => (await handle.read(...args)).bytesRead, close: () => handle.close() };
      stat = () => handle.stat();
    }
  } catch (err) {
    throw unreadable(path, err);
  }
  try {
    let size: number;
    try {
      const st = await stat();
      if (!st.isFile()) throw new AudioDecodeError(path, 'unreadable', `cannot read the file: ${notRegularFile(st)}`);
      size = st.size;
    } catch (err) {
      throw unreadable(path, err);
    }
    return await body(file, size);
  } finally {
    await file.close();
  }
}

async function readAt(file: OpenFile, position: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const bytesRead = await file.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** A compressed file's bytes, read whole (within the size the decoder accepts). */
export async function readAudioWhole(path: string): Promise<Uint8Array> {
  return withFile(path, 'pool', (file, size) => readWhole(file, size, path));
}

/** The whole file, for the compressed formats (decoded from memory), within MAX_COMPRESSED_BYTES. */
async function readWhole(file: OpenFile, size: number, path: string): Promise<Uint8Array> {
  if (size > MAX_COMPRESSED_BYTES) {
    throw new AudioDecodeError(
      path,
      'unsupported-encoding',
      `the file is ${Math.round(size / 2 ** 20)} MiB; compressed files over ${MAX_COMPRESSED_BYTES / 2 ** 20} MiB are not decoded`,
    );
  }
  return readAt(file, 0, size);
}

async function readTail(file: OpenFile, size: number): Promise<Tail> {
  const offset = Math.max(0, size - TAIL_BYTES);
  return { bytes: await readAt(file, offset, size - offset), offset };
}

/** What a path that is not a regular file is, in words (a FIFO named x.wav, a device, a folder). */
export function notRegularFile(st: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isDirectory(): boolean;
}): string {
  if (st.isDirectory()) return 'it is a folder, not a file';
  if (st.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (st.isSocket()) return 'it is a socket, not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}

function unreadable(path: string, err: unknown): AudioDecodeError {
  if (err instanceof AudioDecodeError) return err;
  const e = err as NodeJS.ErrnoException;
  const why = e.code ? (ERRNO_TEXT[e.code] ?? e.code) : (e.message ?? String(err));
  return new AudioDecodeError(path, 'unreadable', `cannot read the file: ${why}`);
}
