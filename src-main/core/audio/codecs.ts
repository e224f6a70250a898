/**
 * The compressed-format decoders (the @wasm-audio-decoders family: libFLAC, mpg123, libvorbis,
 * libopus compiled to WebAssembly, inlined in their packages, so nothing is fetched), each imported
 * only when a file needs it. One decoder instance per file: a decoder that hit bad data is dropped.
 * The samples come out as libsndfile gives them: mpg123 in gapless mode (LAME encoder delay and
 * padding trimmed), Opus at 48 kHz with its pre-skip dropped, Vorbis trimmed to the last granule.
 */
import { AudioDecodeError } from './errors';
import type { CompressedFormat } from './errors';
import type { WebmOpus } from './webm';

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  errors: { message: string; frameNumber: number; inputBytes: number; outputSamples: number }[];
}

/** A decoder fed the file in pieces; each call returns what it could decode so far. */
interface StreamDecoder {
  next(): Promise<Decoded | null>;
  free(): void;
}

const INPUT_CHUNK = 256 * 1024;
const WEBM_PACKETS = 250;

async function byteStream(
  bytes: Uint8Array,
  make: () => Promise<{ decode(b: Uint8Array): Decoded | Promise<Decoded>; flush?(): Promise<Decoded>; free(): void }>,
): Promise<StreamDecoder> {
  const d = await make();
  let pos = 0;
  let flushed = false;
  return {
    async next() {
      if (pos < bytes.length) {
        const chunk = bytes.subarray(pos, pos + INPUT_CHUNK);
        pos += chunk.length;
        return await d.decode(chunk);
      }
      if (flushed || !d.flush) return null;
      flushed = true;
      return await d.flush();
    },
    free: () => d.free(),
  };
}

/** Opens the right decoder for a file's bytes (`webm` holds the WebM packets, already demuxed). */
export async function openDecoder(format: CompressedFormat, bytes: Uint8Array, webm?: WebmOpus): Promise<StreamDecoder> {
  switch (format) {
    case 'flac':
      return byteStream(withFlacSentinel(bytes), async () => {
        const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
        const d = new FLACDecoder();
        await d.ready;
        return {
          decode: async (b: Uint8Array) => libsndfileScale(await d.decode(b)),
          flush: async () => libsndfileScale(await d.flush()),
          free: () => d.free(),
        };
      });
    case 'mp3':
      return byteStream(bytes, async () => {
        const { MPEGDecoder } = await import('mpg123-decoder');
        const d = new MPEGDecoder({ enableGapless: true });
        await d.ready;
        return d;
      });
    case 'ogg-vorbis':
      return byteStream(bytes, async () => {
        const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
        const d = new OggVorbisDecoder();
        await d.ready;
        return d;
      });
    case 'ogg-opus':
      return byteStream(bytes, async () => {
        const { OggOpusDecoder } = await import('ogg-opus-decoder');
        const d = new OggOpusDecoder();
        await d.ready;
        return d;
      });
    case 'webm-opus': {
      const { OpusDecoder } = await import('opus-decoder');
      const w = webm!;
      const d = new OpusDecoder({ channels: w.channels, preSkip: w.preSkip, sampleRate: 48000 });
      await d.ready;
      let i = 0;
      return {
        async next() {
          if (i >= w.packets.length) return null;
          const out = d.decodeFrames(w.packets.slice(i, (i += WEBM_PACKETS)));
          // frameNumber is the packet's index in the track: give its block's file offset, not the decoder's input count.
          return { ...out, errors: out.errors.map((e) => ({ ...e, inputBytes: w.offsets[e.frameNumber] ?? e.inputBytes })) };
        },
        free: () => d.free(),
      };
    }
  }
}

/**
 * codec-parser (under the FLAC decoder) emits a frame once it has found the next frame's header, and
 * at the end of the stream it drops a last frame of an odd block size (a TESS clip lost 1828 of its
 * 43300 samples). Appending the head of the first audio frame gives the last real frame a successor;
 * the sentinel itself is incomplete (its CRC fails) and anything it yields is cut at STREAMINFO's total.
 */
function withFlacSentinel(bytes: Uint8Array): Uint8Array {
  let pos = 4;
  for (;;) {
    if (pos + 4 > bytes.length) return bytes;
    const last = bytes[pos]! & 0x80;
    pos += 4 + ((bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!);
    if (last) break;
  }
  if (pos + 32 > bytes.length) return bytes;
  const out = new Uint8Array(bytes.length + 32);
  out.set(bytes);
  out.set(bytes.subarray(pos, pos + 32), bytes.length);
  return out;
}

/**
 * libFLAC's samples come out of this build as int / (2^(bits−1) − 1); libsndfile (and so librosa and
 * this app's WAV reader) scales by 2^(bits−1). Recover the integer and rescale, so a FLAC file decodes
 * to exactly the samples of the WAV it was made from.
 */
function libsndfileScale(out: Decoded & { bitDepth: number }): Decoded {
  const full = 2 ** (out.bitDepth - 1);
  for (const ch of out.channelData) for (let i = 0; i < ch.length; i++) ch[i] = Math.round(ch[i]! * (full - 1)) / full;
  return out;
}

/** A decoder's complaint as a reason that names the frame and where it is. */
export function decodeFailure(path: string, format: CompressedFormat, err: Decoded['errors'][number], sampleRate: number): AudioDecodeError {
  const where = `after ${(err.outputSamples / sampleRate).toFixed(3)} s of audio (frame ${err.frameNumber}, near byte ${err.inputBytes})`;
  return new AudioDecodeError(path, 'corrupt', `corrupt ${FORMAT_NAMES[format]} data ${where}: ${err.message.slice(0, 200)}`);
}

export const FORMAT_NAMES: Record<CompressedFormat, string> = {
  flac: 'FLAC',
  mp3: 'MP3',
  'ogg-vorbis': 'Ogg Vorbis',
  'ogg-opus': 'Ogg Opus',
  'webm-opus': 'WebM Opus',
};
