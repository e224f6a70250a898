import FFT from 'fft.js';

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

const ffts = new Map<number, FFT>();
function fftOf(n: number): FFT {
  let f = ffts.get(n);
  if (!f) {
    f = new FFT(n);
    ffts.set(n, f);
  }
  return f;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

/** librosa's frame count for center=True: 1 + floor(len / hop). */
export function stftFrameCount(length: number, hop: number): number {
  return 1 + Math.floor(length / hop);
}

export function checkStftParams(nFft: number, hop: number): void {
  if (!isPowerOfTwo(nFft) || nFft > 65536) throw new RangeError(`nFft must be a power of two in [2, 65536], got ${nFft}`);
  if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`hop must be a positive integer, got ${hop}`);
}

/** Writes frame t of y (windowed, zero outside y) into dst at dst[off + stride*i]. */
function loadFrame(y: Float32Array, t: number, hop: number, win: Float64Array, dst: Float64Array, off: number): void {
  const n = win.length;
  // Frame t covers padded samples [t*hop, t*hop+n) = original samples starting at t*hop - n/2.
  const start = t * hop - (n >> 1);
  const len = y.length;
  if (start >= 0 && start + n <= len) {
    for (let i = 0; i < n; i++) dst[off + 2 * i] = y[start + i] * win[i];
  } else {
    for (let i = 0; i < n; i++) {
      const j = start + i;
      dst[off + 2 * i] = j >= 0 && j < len ? y[j] * win[i] : 0;
    }
  }
}

/**
 * Power STFT |X|² of y with librosa's defaults: periodic Hann, center=True with zero padding of nFft/2
 * on both sides. Calls onFrame(t, power) once per frame, in order; `power` (nFft/2+1 bins) is reused.
 * Two real frames go through one complex FFT (frame a as the real part, b as the imaginary part) and
 * are separated by conjugate symmetry: ~30 % faster than one real FFT per frame.
 */
export function forEachPowerFrame(y: Float32Array, nFft: number, hop: number, onFrame: (t: number, power: Float64Array) => void): number {
  checkStftParams(nFft, hop);
  const nFrames = stftFrameCount(y.length, hop);
  const nBins = (nFft >> 1) + 1;
  const win = hannPeriodic(nFft);
  const fft = fftOf(nFft);
  const data = new Float64Array(2 * nFft);
  const out = new Float64Array(2 * nFft);
  const powerA = new Float64Array(nBins);
  const powerB = new Float64Array(nBins);
  for (let t = 0; t < nFrames; t += 2) {
    const pair = t + 1 < nFrames;
    loadFrame(y, t, hop, win, data, 0);
    if (pair) loadFrame(y, t + 1, hop, win, data, 1);
    else for (let i = 1; i < 2 * nFft; i += 2) data[i] = 0;
    fft.transform(out, data);
    for (let k = 0; k < nBins; k++) {
      const m = k === 0 ? 0 : nFft - k;
      const zr = out[2 * k],
        zi = out[2 * k + 1];
      const nr = out[2 * m],
        ni = out[2 * m + 1];
      // X_a = (Z[k] + conj Z[N-k]) / 2, X_b = (Z[k] - conj Z[N-k]) / 2i
      const ar = zr + nr,
        ai = zi - ni,
        br = zi + ni,
        bi = zr - nr;
      powerA[k] = 0.25 * (ar * ar + ai * ai);
      powerB[k] = 0.25 * (br * br + bi * bi);
    }
    onFrame(t, powerA);
    if (pair) onFrame(t + 1, powerB);
  }
  return nFrames;
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
