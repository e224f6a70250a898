import type { MeydaFeaturesObject } from 'meyda';
import { configureMeyda, fillFrame, frameStarts } from './meyda-setup';
import { isPowerOfTwo } from './stft';

export interface FrameDescriptors {
  /** Seconds between frame starts; frame i covers [i*hopSeconds, i*hopSeconds + bufferSize/sr). */
  hopSeconds: number;
  bufferSize: number;
  /** Root mean square of the raw (unwindowed) frame. */
  rms: Float32Array;
  /** Zero crossings per sample of the raw frame, in [0, 1]. */
  zcr: Float32Array;
  /** Spectral centroid in Hz (meyda gives a bin index; converted). 0 for a silent frame. */
  centroid: Float32Array;
  /** Spectral flatness in [0, 1]; 0 for a silent frame. */
  flatness: Float32Array;
  /** Frequency in Hz below which 99 % of the spectral amplitude lies (meyda's definition); 0 when silent. */
  rolloff: Float32Array;
}

export interface DescriptorOptions {
  bufferSize?: number;
  hop?: number;
}

/**
 * Per-frame descriptors for the clip inspector and the live level meter. RMS and ZCR come from meyda
 * with a rectangular window (a level meter wants the signal's own level, not the Hann-tapered one);
 * the spectral ones from meyda with its default Hann window.
 */
export function frameDescriptors(y: Float32Array, sr: number, opts: DescriptorOptions = {}): FrameDescriptors {
  const bufferSize = opts.bufferSize ?? 1024;
  const hop = opts.hop ?? bufferSize / 2;
  if (!isPowerOfTwo(bufferSize) || bufferSize > 65536) throw new RangeError(`bufferSize must be a power of two ≤ 65536, got ${bufferSize}`);
  if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`hop must be a positive integer, got ${hop}`);
  if (!Number.isFinite(sr) || sr <= 0) throw new RangeError(`sample rate must be positive, got ${sr}`);
  const starts = frameStarts(y.length, bufferSize, hop);
  const n = starts.length;
  const out: FrameDescriptors = {
    hopSeconds: hop / sr,
    bufferSize,
    rms: new Float32Array(n),
    zcr: new Float32Array(n),
    centroid: new Float32Array(n),
    flatness: new Float32Array(n),
    rolloff: new Float32Array(n),
  };
  const buf = new Float32Array(bufferSize);
  const binHz = sr / bufferSize;
  for (let i = 0; i < n; i++) {
    fillFrame(buf, y, starts[i]);
    const level = configureMeyda(sr, bufferSize, 13, 'rect').extract(['rms', 'zcr'], buf) as Partial<MeydaFeaturesObject>;
    out.rms[i] = level.rms ?? 0;
    out.zcr[i] = (level.zcr ?? 0) / (bufferSize - 1);
    if (!(out.rms[i] > 0)) continue; // silent frame: spectral shape undefined, report 0
    const f = configureMeyda(sr, bufferSize, 13, 'hanning').extract(
      ['spectralCentroid', 'spectralFlatness', 'spectralRolloff'],
      buf,
    ) as Partial<MeydaFeaturesObject>;
    out.centroid[i] = finiteOr0(f.spectralCentroid) * binHz;
    out.flatness[i] = finiteOr0(f.spectralFlatness);
    out.rolloff[i] = finiteOr0(f.spectralRolloff);
  }
  return out;
}

const finiteOr0 = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : 0);
