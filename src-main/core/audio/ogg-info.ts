/**
 * Ogg (Vorbis, Opus) and FLAC header facts without decoding. Ogg: the identification header in the
 * first page, the length from the last page's granule position (minus Opus's pre-skip), and a stream
 * that stops without its end-of-stream page is truncated. FLAC: STREAMINFO.
 */
import { AudioDecodeError } from './errors';
import type { AudioInfo } from './errors';
import type { Source } from './layout';

/** The file's last bytes (or all of it) and where they start. */
export interface Tail {
  bytes: Uint8Array;
  offset: number;
}

export const TAIL_BYTES = 64 * 1024;

const ascii = (b: Uint8Array, p: number, n: number) => String.fromCharCode(...b.subarray(p, p + n));

export interface OggPage {
  flags: number;
  granule: number;
  serial: number;
  sequence: number;
  /** byte offset of the body, and its length */
  body: number;
  bodyLength: number;
  /** offset of the next page */
  end: number;
}

/** The page at `pos`, or null when it is not one or does not end within `b`. */
export function oggPageAt(b: Uint8Array, pos: number): OggPage | null {
  if (pos + 27 > b.length || ascii(b, pos, 4) !== 'OggS' || b[pos + 4] !== 0) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const segments = b[pos + 26]!;
  if (pos + 27 + segments > b.length) return null;
  let bodyLength = 0;
  for (let i = 0; i < segments; i++) bodyLength += b[pos + 27 + i]!;
  const body = pos + 27 + segments;
  if (body + bodyLength > b.length) return null;
  const lo = dv.getUint32(pos + 6, true);
  const hi = dv.getInt32(pos + 10, true);
  return {
    flags: b[pos + 5]!,
    granule: hi * 2 ** 32 + lo,
    serial: dv.getUint32(pos + 14, true),
    sequence: dv.getUint32(pos + 18, true),
    body,
    bodyLength,
    end: body + bodyLength,
  };
}

export interface OggLayout {
  info: AudioInfo;
  preSkip: number;
}

/** An Ogg Vorbis or Ogg Opus stream's facts; `tail` gives the last page when `bytes` is only the head. */
export function parseOgg(src: Source, tail?: Tail): OggLayout {
  const first = oggPageAt(src.bytes, 0);
  if (!first) {
    if (src.bytes.length < src.fileSize) throw new AudioDecodeError(src.path, 'incomplete-head', 'the first Ogg page lies beyond the bytes read');
    throw new AudioDecodeError(src.path, 'truncated', `truncated: the first Ogg page runs past the end of the file (${src.fileSize} bytes)`);
  }
  const b = src.bytes;
  const p = first.body;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let head: { format: 'ogg-vorbis' | 'ogg-opus'; encoding: string; sampleRate: number; channels: number; preSkip: number };
  if (first.bodyLength >= 19 && ascii(b, p, 8) === 'OpusHead') {
    if (b[p + 8]! >> 4 !== 0) throw new AudioDecodeError(src.path, 'unsupported-encoding', `unsupported encoding: Opus header version ${b[p + 8]}`);
    head = { format: 'ogg-opus', encoding: 'opus', sampleRate: 48000, channels: b[p + 9]!, preSkip: dv.getUint16(p + 10, true) };
  } else if (first.bodyLength >= 30 && b[p] === 1 && ascii(b, p + 1, 6) === 'vorbis') {
    head = { format: 'ogg-vorbis', encoding: 'vorbis', sampleRate: dv.getUint32(p + 12, true), channels: b[p + 11]!, preSkip: 0 };
  } else {
    const what =
      ascii(b, p + 1, 4) === 'FLAC'
        ? 'FLAC in Ogg'
        : ascii(b, p, 8) === 'Speex   '
          ? 'Speex'
          : ascii(b, p + 1, 6) === 'theora'
            ? 'Theora video'
            : 'an unknown codec';
    throw new AudioDecodeError(src.path, 'unsupported-encoding', `unsupported encoding: an Ogg stream of ${what} (Ogg Vorbis and Ogg Opus are decoded)`);
  }
  if (head.channels < 1 || head.channels > 8) throw new AudioDecodeError(src.path, 'bad-header', `the header declares ${head.channels} channels`);
  if (head.sampleRate < 1000 || head.sampleRate > 384000)
    throw new AudioDecodeError(src.path, 'bad-header', `the header declares a sample rate of ${head.sampleRate} Hz`);
  const last = lastPage(src.bytes.length === src.fileSize ? { bytes: src.bytes, offset: 0 } : tail, first.serial);
  if (!last) {
    if (src.bytes.length < src.fileSize && !tail) throw new AudioDecodeError(src.path, 'incomplete-head', 'the last Ogg page is needed for the length');
    throw new AudioDecodeError(src.path, 'truncated', 'truncated: no complete Ogg page with a position near the end of the file');
  }
  if (!(last.page.flags & 4)) {
    throw new AudioDecodeError(
      src.path,
      'truncated',
      `truncated: the Ogg stream stops after page ${last.page.sequence} (ending at byte ${last.endAt} of ${src.fileSize}) without its end-of-stream page`,
    );
  }
  const frames = Math.max(0, last.page.granule - head.preSkip);
  if (frames === 0) throw new AudioDecodeError(src.path, 'empty', 'the Ogg stream holds no audio frames');
  const { format, encoding, sampleRate, channels } = head;
  return { info: { format, encoding, sampleRate, channels, bitsPerSample: 0, frames, durationSeconds: frames / sampleRate }, preSkip: head.preSkip };
}

/** The last complete page of stream `serial` whose granule position is set, searching back from the end. */
function lastPage(tail: Tail | undefined, serial: number): { page: OggPage; endAt: number } | null {
  if (!tail) return null;
  const b = tail.bytes;
  for (let pos = b.length - 27; pos >= 0; pos--) {
    if (b[pos] !== 0x4f || b[pos + 1] !== 0x67) continue;
    const page = oggPageAt(b, pos);
    if (page && page.serial === serial && page.granule >= 0) return { page, endAt: tail.offset + page.end };
  }
  return null;
}

/** FLAC's STREAMINFO (the first metadata block). A total of 0 means "unknown": the caller decodes to count. */
export function parseFlac(src: Source): { info: AudioInfo; totalKnown: boolean } {
  const b = src.bytes;
  if (src.fileSize < 42)
    throw new AudioDecodeError(src.path, 'truncated', `truncated header: a FLAC file needs 42 bytes for its STREAMINFO, this one has ${src.fileSize}`);
  if (b.length < 42) throw new AudioDecodeError(src.path, 'incomplete-head', 'STREAMINFO lies beyond the bytes read');
  const type = b[4]! & 0x7f;
  const length = (b[5]! << 16) | (b[6]! << 8) | b[7]!;
  if (type !== 0 || length !== 34)
    throw new AudioDecodeError(src.path, 'bad-header', `the first FLAC metadata block is not a STREAMINFO of 34 bytes (type ${type}, ${length} bytes)`);
  const sampleRate = (b[18]! << 12) | (b[19]! << 4) | (b[20]! >> 4);
  const channels = ((b[20]! >> 1) & 7) + 1;
  const bitsPerSample = (((b[20]! & 1) << 4) | (b[21]! >> 4)) + 1;
  const frames = (b[21]! & 0x0f) * 2 ** 32 + (((b[22]! << 24) | (b[23]! << 16) | (b[24]! << 8) | b[25]!) >>> 0);
  if (sampleRate < 1000 || sampleRate > 655350) throw new AudioDecodeError(src.path, 'bad-header', `STREAMINFO declares a sample rate of ${sampleRate} Hz`);
  if (bitsPerSample < 4) throw new AudioDecodeError(src.path, 'bad-header', `STREAMINFO declares ${bitsPerSample} bits per sample`);
  return {
    info: { format: 'flac', encoding: 'flac', sampleRate, channels, bitsPerSample, frames, durationSeconds: frames / sampleRate },
    totalKnown: frames > 0,
  };
}
