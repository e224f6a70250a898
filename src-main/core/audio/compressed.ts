/**
 * FLAC, MP3, Ogg Vorbis, Ogg Opus and WebM/Opus: recognised by content, their facts read from the
 * headers (readCompressedInfo), their samples decoded to mono float32 a range at a time
 * (decodeCompressed), stopping as soon as the range is complete.
 */
import { decodeFailure, FORMAT_NAMES, openDecoder } from './codecs';
import { AudioDecodeError } from './errors';
import type { AudioInfo, CompressedFormat } from './errors';
import type { Source } from './layout';
import { looksLikeMpeg, parseMp3 } from './mp3-info';
import { parseFlac, parseOgg, type Tail } from './ogg-info';
import { parseWebm, type WebmOpus } from './webm';

export type Container = 'flac' | 'mpeg' | 'ogg' | 'ebml';

/** Which compressed container the first bytes announce (null: none of them). */
export function sniffContainer(b: Uint8Array): Container | null {
  const tag = String.fromCharCode(...b.subarray(0, 4));
  if (tag === 'fLaC') return 'flac';
  if (tag === 'OggS') return 'ogg';
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'ebml';
  if (looksLikeMpeg(b)) return 'mpeg';
  return null;
}

export interface CompressedLayout {
  info: AudioInfo & { format: CompressedFormat };
  /** frames the header promises, when it does (a decode that yields fewer is truncated) */
  declaredFrames?: number;
  webm?: WebmOpus;
}

/** The header facts; `src.bytes` may be the head only (then 'incomplete-head' says the whole file is needed). */
export function readCompressedInfo(container: Container, src: Source, tail?: Tail): CompressedLayout {
  switch (container) {
    case 'flac': {
      const { info, totalKnown } = parseFlac(src);
      if (totalKnown) return { info: { ...info, format: 'flac' }, declaredFrames: info.frames };
      if (src.bytes.length < src.fileSize)
        throw new AudioDecodeError(src.path, 'incomplete-head', 'STREAMINFO does not give the length: the file is decoded to count');
      return { info: { ...info, format: 'flac' } };
    }
    case 'mpeg': {
      const { info, declaredFrames } = parseMp3(src);
      return { info: { ...info, format: 'mp3' }, declaredFrames };
    }
    case 'ogg': {
      const { info } = parseOgg(src, tail);
      return { info: { ...info, format: info.format as CompressedFormat }, declaredFrames: info.frames };
    }
    case 'ebml': {
      const webm = parseWebm(src);
      return { info: { ...webm.info, format: 'webm-opus' }, webm };
    }
  }
}

/**
 * Decodes frames [first, first + count) of the whole file `bytes` to mono (channels averaged).
 * With `sink`, every decoded piece is handed over instead of collected (the transcoder's streaming).
 */
export async function decodeCompressed(
  layout: CompressedLayout,
  bytes: Uint8Array,
  path: string,
  first: number,
  count: number,
  sink?: (mono: Float32Array) => Promise<void>,
): Promise<{ samples: Float32Array; frames: number }> {
  const { format } = layout.info;
  const stop = first + count;
  const parts: Float32Array[] = [];
  let at = 0;
  let ended = false;
  const decoder = await openDecoder(format, bytes, layout.webm);
  try {
    while (at < stop) {
      let out;
      try {
        out = await decoder.next();
      } catch (err) {
        throw new AudioDecodeError(
          path,
          'corrupt',
          `corrupt ${FORMAT_NAMES[format]} data: the decoder failed after ${at} frames (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      if (out === null) {
        ended = true;
        break;
      }
      if (out.errors.length > 0) throw decodeFailure(path, format, out.errors[0]!, layout.info.sampleRate);
      let n = out.samplesDecoded;
      // WebM: the last block's DiscardPadding; FLAC: whatever the end-of-stream sentinel (codecs.ts) yields.
      if (layout.webm || (format === 'flac' && layout.declaredFrames)) n = Math.min(n, layout.info.frames - at);
      if (n <= 0) continue;
      const from = Math.max(0, first - at);
      const to = Math.min(n, stop - at);
      if (to > from) {
        const mono = mix(out.channelData, from, to);
        if (sink) await sink(mono);
        else parts.push(mono);
      }
      at += n;
    }
  } finally {
    decoder.free();
  }
  if (ended) checkComplete(layout, path, at);
  const samples = join(parts);
  return { samples, frames: ended ? at : Math.max(at, layout.info.frames) };
}

function checkComplete(layout: CompressedLayout, path: string, decoded: number): void {
  const name = FORMAT_NAMES[layout.info.format];
  if (decoded === 0) throw new AudioDecodeError(path, 'corrupt', `corrupt ${name} data: no audio frame could be decoded`);
  const declared = layout.declaredFrames;
  // One MP3 frame of slack: mpg123's gapless trim and the Xing count may disagree by a frame.
  const slack = layout.info.format === 'mp3' ? 1152 : 0;
  if (declared !== undefined && decoded + slack < declared) {
    // The decoders skip what they cannot parse (a cut file, damaged frames or pages) and go on: say where the audio stops.
    const rate = layout.info.sampleRate;
    const by = layout.info.format === 'flac' ? 'STREAMINFO' : layout.info.format === 'mp3' ? 'the Xing/Info header' : 'the last Ogg page';
    throw new AudioDecodeError(
      path,
      'truncated',
      `truncated or damaged ${name} data: the audio stops at ${(decoded / rate).toFixed(3)} s (frame ${decoded}) of the ${(declared / rate).toFixed(3)} s (${declared} frames) ${by} declares`,
    );
  }
}

/** Channels averaged as pcm.ts does for WAV (a float64 sum of the float32 samples), so FLAC equals its WAV. */
function mix(channels: Float32Array[], from: number, to: number): Float32Array {
  if (channels.length === 1) return channels[0]!.slice(from, to);
  const out = new Float32Array(to - from);
  for (let i = from; i < to; i++) {
    let sum = 0;
    for (const ch of channels) sum += ch[i]!;
    out[i - from] = sum / channels.length;
  }
  return out;
}

function join(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
