import type { DecodedAudio } from '../audio';
import { librosaLoad } from '../audio';
import type { FeatureMatrix } from './types';
import { type FeatureSpec, type FramesSpec, SEED, featureShape, normalizeFeatureSpec, specReads } from './spec';
import { mfccFrames, mfccMean } from './mfcc';
import { delta, fitFrames, stackPerFrame } from './frames';
import { meydaMfccMean } from './meyda-mfcc';

export class FeatureExtractionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureExtractionError';
  }
}

/**
 * Features of one decoded clip under `spec`: pure and synchronous, the one implementation used by
 * training, evaluation and live prediction (a DecodedAudio assembled from mic chunks works the same).
 */
export function extractFeatures(audio: DecodedAudio, spec: FeatureSpec): FeatureMatrix {
  const s = normalizeFeatureSpec(spec);
  if (!(audio.samples instanceof Float32Array)) throw new FeatureExtractionError('audio.samples must be a Float32Array');
  if (!Number.isFinite(audio.sampleRate) || audio.sampleRate <= 0) throw new FeatureExtractionError(`invalid sample rate ${audio.sampleRate}`);
  let out: FeatureMatrix;
  switch (s.kind) {
    case 'seed': {
      const y = load(audio, s);
      out = { shape: [SEED.nMfcc], data: mfccMean(y, SEED.sampleRate, { nMfcc: SEED.nMfcc }) };
      break;
    }
    case 'frames':
      out = framesFeature(audio, s);
      break;
    case 'meyda-mfcc': {
      const y = load(audio, s);
      out = meydaMfccMean(y, s.sampleRate, s);
      break;
    }
  }
  // Guard the contract callers rely on (cache entries, tensors): exact shape, finite values.
  const shape = featureShape(s);
  if (out.shape.join() !== shape.join()) throw new FeatureExtractionError(`internal: shape [${out.shape}] != [${shape}]`);
  for (let i = 0; i < out.data.length; i++) {
    if (!Number.isFinite(out.data[i])) throw new FeatureExtractionError(`non-finite feature value at index ${i} (corrupt samples?)`);
  }
  return out;
}

/** Bounds the feature matrices (~70 MB of float64 log-mel at 22050 Hz) for whatever a caller passes. */
const MAX_SECONDS = 600;

/** The signal `spec` reads (see specReads): resampled, from its offset, for its duration. */
function load(audio: DecodedAudio, spec: FeatureSpec): Float32Array {
  const { sampleRate: sr, offsetSeconds, durationSeconds } = specReads(spec);
  // Checked before resampling, which would otherwise do the work of an arbitrarily long input first.
  const decodedEnd = (audio.offsetFrames ?? 0) + audio.samples.length; // the samples may start past frame 0 (decodeClipFor)
  const seconds = Math.min(decodedEnd / audio.sampleRate - (offsetSeconds ?? 0), durationSeconds ?? Infinity);
  if (seconds > MAX_SECONDS) {
    throw new FeatureExtractionError(`audio too long: ${seconds.toFixed(1)} s to analyse (at most ${MAX_SECONDS} s per clip)`);
  }
  const y = librosaLoad(audio, { sr, offsetSeconds, durationSeconds });
  if (y.length === 0) {
    const dur = Number.isFinite(audio.durationSeconds) ? audio.durationSeconds : audio.samples.length / audio.sampleRate;
    throw new FeatureExtractionError(`audio too short: ${dur.toFixed(3)} s, nothing left after the ${offsetSeconds ?? 0} s offset`);
  }
  return y;
}

/** MFCC frames (+ deltas computed on the whole clip, before crop/pad) → [frames, nMfcc·(1|3)]. */
function framesFeature(audio: DecodedAudio, s: FramesSpec): FeatureMatrix {
  const y = load(audio, s);
  const m = mfccFrames(y, s.sampleRate, { nMfcc: s.nMfcc, nFft: s.nFft, hop: s.hop });
  let data = m.data;
  if (s.deltas) data = stackPerFrame([m.data, delta(m.data, m.nFrames, s.nMfcc, 1), delta(m.data, m.nFrames, s.nMfcc, 2)], m.nFrames, s.nMfcc);
  const width = s.nMfcc * (s.deltas ? 3 : 1);
  return { shape: [s.frames, width], data: fitFrames(data, m.nFrames, width, s.frames, s.normalize) };
}
