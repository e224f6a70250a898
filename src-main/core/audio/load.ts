/** librosa.load(path, sr, offset, duration, res_type='kaiser_best') on decoded audio. */
import { decodeAudioFileRange } from './decode';
import type { DecodedAudio } from './errors';
import { resampleKaiserBest } from './resample';

export interface LoadOptions {
  /** target sample rate (librosa's sr) */
  sr: number;
  offsetSeconds?: number;
  durationSeconds?: number;
}

/** The file frames librosa reads: start = int(offset·sr_native), count = int(duration·sr_native) or to the end. */
export function loadRange(srNative: number, opts: LoadOptions): { start: number; count: number } {
  const offset = opts.offsetSeconds ?? 0;
  const duration = opts.durationSeconds;
  if (!(offset >= 0) || !Number.isFinite(offset)) throw new RangeError(`offsetSeconds must be ≥ 0, got ${offset}`);
  if (duration !== undefined && (!(duration >= 0) || Number.isNaN(duration))) {
    throw new RangeError(`durationSeconds must be ≥ 0, got ${duration}`);
  }
  if (!(opts.sr > 0) || !Number.isFinite(opts.sr)) throw new RangeError(`sr must be a positive number, got ${opts.sr}`);
  const start = Math.floor(offset * srNative);
  const count = duration === undefined || duration === Infinity ? Infinity : Math.floor(duration * srNative);
  return { start, count };
}

/**
 * Mono float32 at `sr`: the [offset, offset+duration) frames, resampled with kaiser_best when the
 * native rate differs, then zero-padded to ceil(n·sr/sr_native) (librosa's fix_length).
 * An offset past the end gives an empty signal.
 */
export function librosaLoad(audio: DecodedAudio, opts: LoadOptions): Float32Array {
  const srNative = audio.sampleRate;
  const { start, count } = loadRange(srNative, opts);
  const base = audio.offsetFrames ?? 0;
  const decodedEnd = base + audio.samples.length;
  const total = Math.max(audio.frames, decodedEnd);
  const end = Math.min(start + count, total);
  if (start < total && (start < base || end > decodedEnd)) {
    throw new RangeError(`librosaLoad needs frames ${start}–${end} but only ${base}–${decodedEnd} were decoded`);
  }
  const y = start < total ? audio.samples.subarray(start - base, end - base) : new Float32Array(0);
  if (opts.sr === srNative) return y.slice();
  const resampled = resampleKaiserBest(y, srNative, opts.sr);
  const length = Math.ceil(y.length * (opts.sr / srNative));
  if (resampled.length >= length) return resampled;
  const padded = new Float32Array(length);
  padded.set(resampled);
  return padded;
}

/** librosaLoad of a file, decoding only the frames it needs. */
export async function librosaLoadFile(path: string, opts: LoadOptions): Promise<Float32Array> {
  loadRange(1, opts); // validates the options before any I/O
  const audio = await decodeAudioFileRange(path, (info) => {
    const { start, count } = loadRange(info.sampleRate, opts);
    return { offsetFrames: start, maxFrames: count === Infinity ? undefined : count };
  });
  return librosaLoad(audio, opts);
}
