import Meyda from 'meyda';

type MeydaState = typeof Meyda & { melFilterBank?: unknown; barkScale?: unknown; chromaFilterBank?: unknown };
const meyda = Meyda as MeydaState;
let configured = '';

/**
 * Meyda is a mutable singleton that caches its mel/bark banks and only rebuilds them when the band
 * count changes, not when the sample rate or buffer size does: reset them whenever we change either.
 */
export function configureMeyda(sampleRate: number, bufferSize: number, nMfcc = 13, windowing = 'hanning'): typeof Meyda {
  const key = `${sampleRate}|${bufferSize}|${nMfcc}`;
  if (key !== configured) {
    meyda.melFilterBank = undefined;
    meyda.barkScale = undefined;
    meyda.chromaFilterBank = undefined;
    meyda.sampleRate = sampleRate;
    meyda.bufferSize = bufferSize;
    meyda.numberOfMFCCCoefficients = nMfcc;
    // Meyda builds max(melBands, nMfcc) filters but compares the bank's length with melBands, so keep them
    // equal or it rebuilds the bank on every frame. Same filters either way.
    meyda.melBands = Math.max(26, nMfcc);
    configured = key;
  }
  meyda.windowingFunction = windowing;
  return meyda;
}

/** Frame starts for frames of `size` every `hop` samples without padding; a short signal gives one zero-padded frame. */
export function frameStarts(length: number, size: number, hop: number): number[] {
  const n = length <= size ? 1 : 1 + Math.floor((length - size) / hop);
  return Array.from({ length: n }, (_, i) => i * hop);
}

/** Copy y[start, start+size) into buf, zero-filling past the end. */
export function fillFrame(buf: Float32Array, y: Float32Array, start: number): Float32Array {
  const end = Math.min(y.length, start + buf.length);
  buf.set(y.subarray(start, end));
  buf.fill(0, end - start);
  return buf;
}
