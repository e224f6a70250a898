import type { FeatureMatrix } from './types';
import { configureMeyda, fillFrame, frameStarts } from './meyda-setup';
import { isPowerOfTwo } from './stft';

/**
 * meyda's own MFCC (HTK-style mel bank from 0 to Nyquist, ln(1 + band power), unnormalised DCT, Hann
 * window, at most 40 coefficients), averaged over frames of `bufferSize` every `hop` samples with no
 * centre padding. A different feature from librosa's MFCC: its numbers are not comparable.
 */
export function meydaMfccMean(y: Float32Array, sr: number, opts: { nMfcc: number; bufferSize: number; hop: number }): FeatureMatrix {
  const { nMfcc, bufferSize, hop } = opts;
  if (!isPowerOfTwo(bufferSize)) throw new RangeError(`meyda bufferSize must be a power of two, got ${bufferSize}`);
  if (!Number.isInteger(nMfcc) || nMfcc < 1 || nMfcc > 40) throw new RangeError(`meyda nMfcc must be an integer in [1, 40], got ${nMfcc}`);
  if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`hop must be a positive integer, got ${hop}`);
  const meyda = configureMeyda(sr, bufferSize, nMfcc);
  const acc = new Float64Array(nMfcc);
  const buf = new Float32Array(bufferSize);
  const starts = frameStarts(y.length, bufferSize, hop);
  for (const s of starts) {
    const c = meyda.extract('mfcc', fillFrame(buf, y, s)) as unknown as number[] | null;
    if (!c || c.length < nMfcc) throw new Error('meyda returned no MFCC for a frame');
    for (let k = 0; k < nMfcc; k++) acc[k] += c[k];
  }
  const data = new Float32Array(nMfcc);
  for (let k = 0; k < nMfcc; k++) data[k] = acc[k] / starts.length;
  return { shape: [nMfcc], data };
}
