/**
 * MPEG audio (MP3, and layers I/II) header facts without decoding: the first frame header, the
 * Xing/Info or VBRI frame count, and the LAME tag's encoder delay and padding, which libsndfile's
 * mpg123 (gapless mode) trims, as the decoder here does. Without a frame count, the frames are walked.
 */
import { AudioDecodeError } from './errors';
import type { AudioInfo } from './errors';
import type { Source } from './layout';

const BITRATES_V1 = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
];
const BITRATES_V2 = [
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface MpegFrame {
  sampleRate: number;
  channels: number;
  layer: 1 | 2 | 3;
  samples: number;
  length: number;
  mpeg1: boolean;
}

/** The frame header at `pos`, or null when the 4 bytes there are not one (free-format frames are not accepted). */
export function mpegFrameAt(b: Uint8Array, pos: number): MpegFrame | null {
  if (pos + 4 > b.length || b[pos] !== 0xff || (b[pos + 1]! & 0xe0) !== 0xe0) return null;
  const version = (b[pos + 1]! >> 3) & 3;
  const layerBits = (b[pos + 1]! >> 1) & 3;
  const brIndex = b[pos + 2]! >> 4;
  const srIndex = (b[pos + 2]! >> 2) & 3;
  if (version === 1 || layerBits === 0 || brIndex === 0 || brIndex === 15 || srIndex === 3) return null;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const mpeg1 = version === 3;
  const kbps = (mpeg1 ? BITRATES_V1 : BITRATES_V2)[layer - 1]![brIndex]!;
  const sampleRate = RATES[version]![srIndex]!;
  const pad = (b[pos + 2]! >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && !mpeg1 ? 576 : 1152;
  const length = layer === 1 ? (Math.floor((12000 * kbps) / sampleRate) + pad) * 4 : Math.floor(((samples / 8) * 1000 * kbps) / sampleRate) + pad;
  return { sampleRate, channels: b[pos + 3]! >> 6 === 3 ? 1 : 2, layer, samples, length, mpeg1 };
}

/** Bytes of a leading ID3v2 tag (0 when there is none). */
export function id3v2Length(b: Uint8Array): number {
  if (b.length < 10 || b[0] !== 0x49 || b[1] !== 0x44 || b[2] !== 0x33) return 0;
  if ((b[6]! | b[7]! | b[8]! | b[9]!) & 0x80) return 0;
  const size = (b[6]! << 21) | (b[7]! << 14) | (b[8]! << 7) | b[9]!;
  return 10 + size + (b[5]! & 0x10 ? 10 : 0);
}

/** True when the bytes start with an ID3v2 tag or two consecutive MPEG audio frame headers. */
export function looksLikeMpeg(b: Uint8Array): boolean {
  if (id3v2Length(b) > 0) return true;
  const f = mpegFrameAt(b, 0);
  return f !== null && (f.length + 4 > b.length || mpegFrameAt(b, f.length) !== null);
}

const u32 = (b: Uint8Array, p: number) => ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;

/** Where the first frame starts: after an ID3v2 tag, skipping junk up to 64 KiB to the first frame that another frame follows. */
function firstFrame(src: Source): { pos: number; frame: MpegFrame } {
  const b = src.bytes;
  const start = id3v2Length(b);
  if (start >= src.fileSize)
    throw new AudioDecodeError(src.path, 'truncated', `truncated: the ID3v2 tag declares ${start} bytes but the file has ${src.fileSize}`);
  if (start > b.length) throw new AudioDecodeError(src.path, 'incomplete-head', `the ID3v2 tag ends past the first ${b.length} bytes`);
  const limit = Math.min(b.length - 4, start + 65536);
  for (let pos = start; pos <= limit; pos++) {
    const frame = mpegFrameAt(b, pos);
    if (frame && (pos + frame.length + 4 > src.fileSize || mpegFrameAt(b, pos + frame.length) || pos + frame.length + 4 > b.length)) return { pos, frame };
  }
  if (b.length < src.fileSize && limit < start + 65536) throw new AudioDecodeError(src.path, 'incomplete-head', 'no MPEG frame in the first bytes read');
  throw new AudioDecodeError(src.path, 'corrupt', `no MPEG audio frame found after byte ${start}`);
}

export interface Mp3Layout {
  info: AudioInfo;
  /** frames the Xing/VBRI header declares (undefined when it has none) */
  declaredFrames?: number;
}

/** The stream's facts; the whole file (or a Xing/VBRI header in `bytes`) is needed for the length. */
export function parseMp3(src: Source): Mp3Layout {
  const { pos, frame } = firstFrame(src);
  const b = src.bytes;
  const side = frame.mpeg1 ? (frame.channels === 1 ? 17 : 32) : frame.channels === 1 ? 9 : 17;
  const xing = pos + 4 + side;
  const base = {
    format: 'mp3' as const,
    encoding: frame.layer === 3 ? 'mp3' : `mpeg-layer${frame.layer}`,
    sampleRate: frame.sampleRate,
    channels: frame.channels,
    bitsPerSample: 0,
  };
  const tag = xing + 8 <= b.length ? String.fromCharCode(b[xing]!, b[xing + 1]!, b[xing + 2]!, b[xing + 3]!) : '';
  let frames: number | undefined;
  if ((tag === 'Xing' || tag === 'Info') && b[xing + 7]! & 1 && xing + 12 <= b.length) {
    const flags = b[xing + 7]!;
    frames = frame.samples * u32(b, xing + 8);
    const lame = xing + 8 + 4 * [1, 2, 8].filter((bit) => flags & bit).length + (flags & 4 ? 100 : 0);
    // The LAME extension, also written by ffmpeg (as 'Lavc…'): mpg123 reads it from these encoders.
    if (lame + 24 <= b.length && ['LAME', 'Lavc', 'Lavf', 'GOGO'].includes(String.fromCharCode(b[lame]!, b[lame + 1]!, b[lame + 2]!, b[lame + 3]!))) {
      const delay = (b[lame + 21]! << 4) | (b[lame + 22]! >> 4);
      const padding = ((b[lame + 22]! & 0x0f) << 8) | b[lame + 23]!;
      frames = Math.max(0, frames - delay - padding);
    }
  } else if (pos + 36 + 18 <= b.length && String.fromCharCode(b[pos + 36]!, b[pos + 37]!, b[pos + 38]!, b[pos + 39]!) === 'VBRI') {
    frames = frame.samples * u32(b, pos + 36 + 14);
  }
  if (frames !== undefined) return { info: { ...base, frames, durationSeconds: frames / frame.sampleRate }, declaredFrames: frames };
  if (b.length < src.fileSize) throw new AudioDecodeError(src.path, 'incomplete-head', 'an MP3 without a Xing/Info frame count: its frames must be counted');
  // A frame walk: each header gives the next frame's offset; it ends at the first non-frame (an ID3v1 tag, junk, the end).
  let count = 0;
  for (let p = pos; ;) {
    const f = mpegFrameAt(b, p);
    if (!f || p + f.length > b.length) break;
    count += f.samples;
    p += f.length;
  }
  return { info: { ...base, frames: count, durationSeconds: count / frame.sampleRate } };
}
