/**
 * Augmentation of decoded audio for training: speed perturbation, pitch shift, gain and additive
 * noise. Pure and seeded: the same parameters (seed included) give the same samples. The result
 * is a new DecodedAudio; its features must never be cached as the clip's own (extract-pool computes
 * augmented items outside the cache).
 */
import type { DecodedAudio } from '../audio';
import { resampleKaiserBest } from '../audio/resample';
import type { AudioAugmentation } from './augment';
import { SeededRandom } from './train-random';

export class AugmentationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AugmentationError';
  }
}

function check(a: AudioAugmentation): void {
  if (!(a.speed >= 0.5 && a.speed <= 2)) throw new AugmentationError(`speed must be from 0.5 to 2 (got ${a.speed})`);
  if (!(Math.abs(a.semitones) <= 12)) throw new AugmentationError(`pitch shift must be within ±12 semitones (got ${a.semitones})`);
  if (!(Math.abs(a.gainDb) <= 40)) throw new AugmentationError(`gain must be within ±40 dB (got ${a.gainDb})`);
  if (a.snrDb !== undefined && !(a.snrDb >= -10 && a.snrDb <= 100)) throw new AugmentationError(`SNR must be from -10 to 100 dB (got ${a.snrDb})`);
}

/**
 * Plays `x` `factor` times faster: the app's resampler at the ratio factor : 1, which is all the
 * resampler depends on. The ratio is rounded to 1 % (100·factor : 100) so that its period is
 * short and its precomputed tables apply; the clip's own rates (24414 → 21973 Hz) would have none
 * and take the per-sample path, tens of times slower.
 */
function speedUp(x: Float32Array, factor: number): Float32Array {
  const num = Math.round(factor * 100);
  return num === 100 ? x.slice() : resampleKaiserBest(x, num, 100);
}

/**
 * Stretches `x` to `factor` times its length without changing its pitch (WSOLA: windows taken at
 * the analysis hop, each shifted within ±tolerance to the offset that best continues the output).
 */
export function timeStretch(x: Float32Array, sr: number, factor: number): Float32Array {
  if (factor === 1) return x.slice();
  const win = Math.max(64, Math.round(0.03 * sr));
  const hop = win >> 1;
  const tol = Math.round(0.008 * sr);
  const outLen = Math.round(x.length * factor);
  const out = new Float32Array(outLen + win);
  const norm = new Float32Array(outLen + win);
  const hann = Float32Array.from({ length: win }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / win));
  let prev = 0; // where the previous window was read
  for (let o = 0; o < outLen; o += hop) {
    const nominal = Math.round(o / factor);
    let best = Math.min(Math.max(nominal, 0), Math.max(x.length - win, 0));
    if (o > 0) {
      // The natural continuation of the previous window is prev + hop: find the offset near the
      // nominal one whose start looks most like it (cross-correlation, every 4th sample).
      const target = prev + hop;
      let bestScore = -Infinity;
      for (let d = -tol; d <= tol; d += 2) {
        const c = nominal + d;
        if (c < 0 || c + win > x.length) continue;
        let score = 0;
        for (let i = 0; i < hop && target + i < x.length; i += 4) score += x[c + i] * x[target + i];
        if (score > bestScore) [bestScore, best] = [score, c];
      }
    }
    for (let i = 0; i < win && best + i < x.length; i++) {
      out[o + i] += x[best + i] * hann[i];
      norm[o + i] += hann[i];
    }
    prev = best;
  }
  for (let i = 0; i < outLen; i++) out[i] = norm[i] > 1e-3 ? out[i] / norm[i] : 0;
  return out.subarray(0, outLen);
}

/** The augmented copy of `audio` (mono float32 at the same rate). */
export function augmentAudio(audio: DecodedAudio, a: AudioAugmentation): DecodedAudio {
  check(a);
  const sr = audio.sampleRate;
  let y = speedUp(audio.samples, a.speed);
  if (a.semitones !== 0) {
    const ratio = 2 ** (a.semitones / 12);
    // Higher by `ratio` and shorter by it, then stretched back to the length it had.
    y = timeStretch(speedUp(y, ratio), sr, Math.round(ratio * 100) / 100);
  }
  const gain = 10 ** (a.gainDb / 20);
  if (gain !== 1) for (let i = 0; i < y.length; i++) y[i] *= gain;
  if (a.snrDb !== undefined) {
    let power = 0;
    for (let i = 0; i < y.length; i++) power += y[i] * y[i];
    power /= Math.max(y.length, 1);
    const sigma = Math.sqrt(power / 10 ** (a.snrDb / 10));
    const rng = new SeededRandom(a.seed);
    for (let i = 0; i < y.length; i++) y[i] += sigma * rng.gaussian();
  }
  return { ...audio, offsetFrames: undefined, frames: y.length, durationSeconds: y.length / sr, samples: y };
}
