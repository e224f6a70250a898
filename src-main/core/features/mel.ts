import type { FeatureMatrix } from './types';
import { forEachSpectrum, stftFrameCount, checkStftParams } from './stft';
import { melFrame } from './mel-kernel';

// Slaney mel scale (librosa htk=False): linear below 1 kHz, logarithmic above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP; // 15
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMel(f: number): number {
  return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOG_STEP : f / F_SP;
}

export function melToHz(m: number): number {
  return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (m - MIN_LOG_MEL)) : F_SP * m;
}

function checkMelParams(sr: number, nFft: number, nMels: number, fmin: number, fmax: number): void {
  if (!Number.isFinite(sr) || sr <= 0 || sr > 1_000_000) throw new RangeError(`sample rate must be in (0, 1e6], got ${sr}`);
  if (!Number.isInteger(nFft) || nFft < 2 || nFft > 65536) throw new RangeError(`nFft must be an integer in [2, 65536], got ${nFft}`);
  if (!Number.isInteger(nMels) || nMels < 1 || nMels > 1024) throw new RangeError(`nMels must be an integer in [1, 1024], got ${nMels}`);
  if (!(fmin >= 0 && fmax > fmin && fmax <= sr / 2 + 1e-9)) throw new RangeError(`need 0 <= fmin < fmax <= sr/2, got fmin ${fmin}, fmax ${fmax}`);
}

/**
 * librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax) with htk=False, norm='slaney', as float32
 * [nMels, nFft/2+1] row-major. Weights are computed in float64 and rounded once.
 */
export function melFilterbank(sr: number, nFft: number, nMels = 128, fmin = 0, fmax = sr / 2): Float32Array {
  checkMelParams(sr, nFft, nMels, fmin, fmax);
  const nBins = (nFft >> 1) + 1;
  const melMin = hzToMel(fmin);
  const melMax = hzToMel(fmax);
  const pts = new Float64Array(nMels + 2);
  // np.linspace(min, max, n): min + i*step, with the endpoint exact.
  const step = (melMax - melMin) / (nMels + 1);
  for (let i = 0; i < nMels + 2; i++) pts[i] = melToHz(i === nMels + 1 ? melMax : melMin + i * step);
  const w = new Float32Array(nMels * nBins);
  for (let m = 0; m < nMels; m++) {
    const lo = pts[m],
      mid = pts[m + 1],
      hi = pts[m + 2];
    const enorm = 2 / (hi - lo);
    for (let k = 0; k < nBins; k++) {
      const f = (k * sr) / nFft;
      const lower = (f - lo) / (mid - lo);
      const upper = (hi - f) / (hi - mid);
      const v = Math.max(0, Math.min(lower, upper));
      if (v > 0) w[m * nBins + k] = v * enorm;
    }
  }
  return w;
}

/** The filterbank as per-band bin ranges, so that applying it touches only the nonzero weights. */
interface SparseBank {
  nMels: number;
  nBins: number;
  start: Int32Array;
  end: Int32Array;
  weights: Float64Array[];
}
const banks = new Map<string, SparseBank>();

export function sparseMelBank(sr: number, nFft: number, nMels: number): SparseBank {
  const key = `${sr}|${nFft}|${nMels}`;
  let bank = banks.get(key);
  if (bank) return bank;
  const dense = melFilterbank(sr, nFft, nMels);
  const nBins = (nFft >> 1) + 1;
  const start = new Int32Array(nMels);
  const end = new Int32Array(nMels);
  const weights: Float64Array[] = [];
  for (let m = 0; m < nMels; m++) {
    const row = dense.subarray(m * nBins, (m + 1) * nBins);
    let a = 0;
    while (a < nBins && row[a] === 0) a++;
    let b = nBins;
    while (b > a && row[b - 1] === 0) b--;
    start[m] = a;
    end[m] = b;
    weights.push(Float64Array.from(row.subarray(a, b)));
  }
  bank = { nMels, nBins, start, end, weights };
  if (banks.size > 32) banks.clear();
  banks.set(key, bank);
  return bank;
}

export interface MelOptions {
  nFft?: number;
  hop?: number;
  nMels?: number;
}

/**
 * Mel power spectrogram, frame-major [T, nMels] (each frame's bands contiguous), for internal use by
 * the dB/MFCC stages; librosa's layout is the transpose.
 */
export function melPowerFrames(y: Float32Array, sr: number, opts: MelOptions = {}): { nFrames: number; nMels: number; data: Float64Array } {
  const nFft = opts.nFft ?? 2048;
  const hop = opts.hop ?? 512;
  const nMels = opts.nMels ?? 128;
  checkStftParams(nFft, hop);
  const bank = sparseMelBank(sr, nFft, nMels);
  const nFrames = stftFrameCount(y.length, hop);
  const data = new Float64Array(nFrames * nMels);
  const bands = melFrame(bank, nFft);
  forEachSpectrum(y, nFft, hop, (t, z) => bands(z, data, t * nMels));
  return { nFrames, nMels, data };
}

/** librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80) in place; the floor is over the whole matrix. */
export function powerToDbInPlace(s: Float64Array, topDb = 80, amin = 1e-10): void {
  let max = -Infinity;
  for (let i = 0; i < s.length; i++) {
    const v = 10 * Math.log10(Math.max(s[i], amin));
    s[i] = v;
    if (v > max) max = v;
  }
  const floor = max - topDb;
  for (let i = 0; i < s.length; i++) if (s[i] < floor) s[i] = floor;
}

/**
 * The time average of each band of powerToDbInPlace(frames) (frame-major [T, bands]), without a log
 * per value (a log per value was 12 % of the seed feature). The floor is applied in the power domain
 * (max(S, amin, 10^(floor/10)) has the clamped dB, to rounding); relative to the peak each value is
 * then in [10^(-topDb/10), 1], so a product of 16 of them stays in float64's range, and the sum of a
 * band's logs is taken as the log of such products.
 */
export function meanPowerDb(s: Float64Array, frames: number, bands: number, topDb = 80, amin = 1e-10): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < s.length; i++) if (s[i] > max) max = s[i];
  const peak = Math.max(max, amin);
  const floorDb = 10 * Math.log10(peak) - topDb;
  const least = Math.max(amin, 10 ** (floorDb / 10));
  const perPeak = 1 / peak;
  const sum = new Float64Array(bands);
  const product = new Float64Array(bands).fill(1);
  for (let t = 0; t < frames; t++) {
    const row = t * bands;
    for (let b = 0; b < bands; b++) product[b] *= Math.max(s[row + b], least) * perPeak;
    if (t % 16 === 15 || t === frames - 1) {
      for (let b = 0; b < bands; b++) sum[b] += Math.log10(product[b]);
      product.fill(1);
    }
  }
  // A band's mean never falls below the floor itself (the power-domain floor can round a hair under it).
  return sum.map((v) => Math.max(floorDb + topDb + (10 * v) / frames, floorDb));
}

/** Frame-major log-mel [T, nMels] in dB (shared by melSpectrogramDb and mfcc). */
export function melDbFrames(y: Float32Array, sr: number, opts: MelOptions = {}): { nFrames: number; nMels: number; data: Float64Array } {
  const mel = melPowerFrames(y, sr, opts);
  powerToDbInPlace(mel.data);
  return mel;
}

/** librosa.power_to_db(librosa.feature.melspectrogram(y, sr, ...)) → [nMels, T] row-major. */
export function melSpectrogramDb(y: Float32Array, sr: number, opts: MelOptions = {}): FeatureMatrix {
  const { nFrames, nMels, data } = melDbFrames(y, sr, opts);
  const out = new Float32Array(nMels * nFrames);
  for (let t = 0; t < nFrames; t++) for (let m = 0; m < nMels; m++) out[m * nFrames + t] = data[t * nMels + m];
  return { shape: [nMels, nFrames], data: out };
}
