import { realFft } from './rfft';
import { windowedFrames } from './window-kernel';

/** Periodic Hann window (scipy get_window('hann', n, fftbins=True)), as librosa's STFT uses. */
const windows = new Map<number, Float64Array>();
export function hannPeriodic(n: number): Float64Array {
  let w = windows.get(n);
  if (!w) {
    w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    windows.set(n, w);
  }
  return w;
}

const windows32 = new Map<number, Float32Array>();
function hannPeriodic32(n: number): Float32Array {
  let w = windows32.get(n);
  if (!w) windows32.set(n, (w = Float32Array.from(hannPeriodic(n))));
  return w;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

/** librosa's frame count for center=True: 1 + floor(len / hop). */
export function stftFrameCount(length: number, hop: number): number {
  return 1 + Math.floor(length / hop);
}

export function checkStftParams(nFft: number, hop: number): void {
  if (!isPowerOfTwo(nFft) || nFft < 32 || nFft > 65536) throw new RangeError(`nFft must be a power of two in [32, 65536], got ${nFft}`);
  if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`hop must be a positive integer, got ${hop}`);
}

/**
 * STFT of y with librosa's defaults: periodic Hann, center=True with zero padding of nFft/2 on both
 * sides. Calls onFrame(t, z) once per frame, in order, with the frame's ordered real spectrum
 * z = [X0, X(n/2), Re X1, Im X1, …] (float32, PFFFT, see rfft.ts, like librosa's complex64 STFT;
 * valid until the next frame).
 */
export function forEachSpectrum(y: Float32Array, nFft: number, hop: number, onFrame: (t: number, z: Float32Array) => void): number {
  checkStftParams(nFft, hop);
  const nFrames = stftFrameCount(y.length, hop);
  const fft = realFft(nFft);
  const frames = windowedFrames(y, hop, hannPeriodic32(nFft), true, fft);
  for (let t = 0; t < nFrames; t++) {
    const frame = frames(t);
    const input = fft.input();
    if (frame !== input) input.set(frame); // the frames inside y are made in place
    onFrame(t, fft.forward());
  }
  return nFrames;
}

/** Power STFT |X|² frame by frame (see forEachSpectrum); `power` (nFft/2+1 bins, float64) is reused. */
export function forEachPowerFrame(y: Float32Array, nFft: number, hop: number, onFrame: (t: number, power: Float64Array) => void): number {
  const half = nFft >> 1;
  const power = new Float64Array(half + 1);
  return forEachSpectrum(y, nFft, hop, (t, z) => {
    power[0] = z[0]! * z[0]!;
    power[half] = z[1]! * z[1]!;
    for (let k = 1, j = 2; k < half; k++, j += 2) power[k] = z[j]! * z[j]! + z[j + 1]! * z[j + 1]!;
    onFrame(t, power);
  });
}

/** Full power spectrogram [nFft/2+1, T], row-major like librosa's np.abs(stft(y))**2. */
export function powerSpectrogram(y: Float32Array, nFft = 2048, hop = 512): { shape: [number, number]; data: Float64Array } {
  const nBins = (nFft >> 1) + 1;
  const nFrames = stftFrameCount(y.length, hop);
  const data = new Float64Array(nBins * nFrames);
  forEachPowerFrame(y, nFft, hop, (t, p) => {
    for (let k = 0; k < nBins; k++) data[k * nFrames + t] = p[k];
  });
  return { shape: [nBins, nFrames], data };
}
