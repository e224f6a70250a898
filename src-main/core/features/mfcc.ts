import type { FeatureMatrix } from './types';
import { meanPowerDb, melDbFrames, melPowerFrames } from './mel';

export interface MfccOptions {
  nMfcc?: number;
  nFft?: number;
  hop?: number;
  nMels?: number;
}

/** Orthonormal DCT-II rows 0..nOut-1 for length n (scipy.fftpack.dct(type=2, norm='ortho')), [nOut, n]. */
const dctTables = new Map<string, Float64Array>();
export function dctTable(nOut: number, n: number): Float64Array {
  const key = `${nOut}|${n}`;
  let c = dctTables.get(key);
  if (!c) {
    c = new Float64Array(nOut * n);
    for (let k = 0; k < nOut; k++) {
      const f = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
      for (let i = 0; i < n; i++) c[k * n + i] = f * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
    }
    dctTables.set(key, c);
  }
  return c;
}

/**
 * MFCC frame-major [T, nMfcc] (coefficients of one frame contiguous): what time-major consumers
 * (frames spec, means) want without a transpose.
 */
export function mfccFrames(y: Float32Array, sr: number, opts: MfccOptions = {}): { nFrames: number; nMfcc: number; data: Float64Array } {
  const nMfcc = opts.nMfcc ?? 40;
  const nMels = opts.nMels ?? 128;
  if (!Number.isInteger(nMfcc) || nMfcc < 1 || nMfcc > nMels) throw new RangeError(`nMfcc must be an integer in [1, nMels=${nMels}], got ${nMfcc}`);
  const { nFrames, data: db } = melDbFrames(y, sr, { nFft: opts.nFft, hop: opts.hop, nMels });
  const table = dctTable(nMfcc, nMels);
  const out = new Float64Array(nFrames * nMfcc);
  for (let t = 0; t < nFrames; t++) {
    const o = t * nMels;
    for (let k = 0; k < nMfcc; k++) {
      const r = k * nMels;
      let s = 0;
      for (let i = 0; i < nMels; i++) s += table[r + i] * db[o + i];
      out[t * nMfcc + k] = s;
    }
  }
  return { nFrames, nMfcc, data: out };
}

/** librosa.feature.mfcc(y=y, sr=sr, n_mfcc, n_fft, hop_length, n_mels) → [nMfcc, T] row-major. */
export function mfcc(y: Float32Array, sr: number, opts: MfccOptions = {}): FeatureMatrix {
  const { nFrames, nMfcc, data } = mfccFrames(y, sr, opts);
  const out = new Float32Array(nMfcc * nFrames);
  for (let t = 0; t < nFrames; t++) for (let k = 0; k < nMfcc; k++) out[k * nFrames + t] = data[t * nMfcc + k];
  return { shape: [nMfcc, nFrames], data: out };
}

/**
 * Mean over time of each coefficient (np.mean(mfcc.T, axis=0)) → [nMfcc]. The DCT is linear, so this is
 * the DCT of the time-averaged log-mel: one DCT per clip instead of one per frame.
 */
export function mfccMean(y: Float32Array, sr: number, opts: MfccOptions = {}): Float32Array {
  const nMfcc = opts.nMfcc ?? 40;
  const nMels = opts.nMels ?? 128;
  if (!Number.isInteger(nMfcc) || nMfcc < 1 || nMfcc > nMels) throw new RangeError(`nMfcc must be an integer in [1, nMels=${nMels}], got ${nMfcc}`);
  const { nFrames, data: power } = melPowerFrames(y, sr, { nFft: opts.nFft, hop: opts.hop, nMels });
  const meanDb = meanPowerDb(power, nFrames, nMels);
  const table = dctTable(nMfcc, nMels);
  const out = new Float32Array(nMfcc);
  for (let k = 0; k < nMfcc; k++) {
    let s = 0;
    for (let i = 0; i < nMels; i++) s += table[k * nMels + i] * meanDb[i];
    out[k] = s;
  }
  return out;
}
