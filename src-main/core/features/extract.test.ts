import { describe, it, expect } from 'vitest';
import type { DecodedAudio } from '../audio';
import { extractFeatures, FeatureExtractionError } from './extract';
import { mfccMean, mfccFrames } from './mfcc';
import { defaultFramesSpec, featureShape, parseFeatureSpec, SEED_SPEC, type FramesSpec } from './spec';

function decoded(samples: Float32Array, sampleRate: number): DecodedAudio {
  return {
    format: 'wav',
    encoding: 'float32',
    sampleRate,
    channels: 1,
    bitsPerSample: 32,
    frames: samples.length,
    durationSeconds: samples.length / sampleRate,
    samples,
  };
}

/** A vowel-like test signal: 150 Hz harmonics under a slow amplitude envelope, plus a little noise. */
function voice(sr: number, seconds: number, noise = 0.01): Float32Array {
  let seed = 12345;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  return Float32Array.from({ length: Math.round(sr * seconds) }, (_, i) => {
    const t = i / sr;
    let s = 0;
    for (let h = 1; h <= 8; h++) s += Math.sin(2 * Math.PI * 150 * h * t) / h;
    return 0.2 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 1.5 * t)) * s + noise * rnd();
  });
}

describe('extractFeatures', () => {
  it('seed: the MFCC mean of 0.5 s … 3.5 s at 22050 Hz', () => {
    const y = voice(22050, 4.2);
    const f = extractFeatures(decoded(y, 22050), SEED_SPEC);
    expect(f.shape).toEqual([40]);
    // At the native rate librosa.load only slices: samples [11025, 11025 + 66150).
    const expected = mfccMean(y.slice(11025, 11025 + 66150), 22050);
    for (let k = 0; k < 40; k++) expect(f.data[k]).toBeCloseTo(expected[k], 4);
  });

  it('frames: [frames, 3·nMfcc], standardised real frames then zero padding', () => {
    const spec = defaultFramesSpec();
    const y = voice(22050, 1); // 44 frames < 128
    const f = extractFeatures(decoded(y, 22050), spec);
    expect(f.shape).toEqual([128, 120]);
    const real = 1 + Math.floor(22050 / 512);
    for (const col of [0, 5, 45, 100]) {
      let m = 0,
        v = 0;
      for (let t = 0; t < real; t++) m += f.data[t * 120 + col];
      m /= real;
      for (let t = 0; t < real; t++) v += (f.data[t * 120 + col] - m) ** 2;
      expect(m).toBeCloseTo(0, 4);
      expect(v / real).toBeCloseTo(1, 3);
    }
    expect(f.data.subarray(real * 120).every((x) => x === 0)).toBe(true);
  });

  it('frames without normalisation or deltas are the centre-cropped librosa MFCC frames', () => {
    const spec: FramesSpec = { ...defaultFramesSpec(), deltas: false, normalize: false, frames: 20 };
    const y = voice(22050, 1);
    const f = extractFeatures(decoded(y, 22050), spec);
    expect(f.shape).toEqual([20, 40]);
    const m = mfccFrames(y, 22050);
    const start = Math.floor((m.nFrames - 20) / 2);
    for (const [t, k] of [
      [0, 0],
      [7, 3],
      [19, 39],
    ])
      expect(f.data[t * 40 + k]).toBeCloseTo(m.data[(start + t) * 40 + k], 3);
  });

  it('live audio at 48 kHz goes through the same path (resampled) for every kind', () => {
    const a = decoded(voice(48000, 2.5), 48000);
    for (const spec of [SEED_SPEC, defaultFramesSpec(), parseFeatureSpec('meyda-mfcc')]) {
      const f = extractFeatures(a, spec);
      expect(f.shape).toEqual(featureShape(spec));
      expect(f.data.every(Number.isFinite)).toBe(true);
    }
    // A band-limited voice recorded at 48 kHz or at 22050 Hz gives the same seed feature up to resampling
    // error. (Not with broadband noise: at 48 kHz half its power lies above 11 kHz and is filtered out.)
    const native = extractFeatures(decoded(voice(22050, 2.5, 0), 22050), SEED_SPEC).data;
    const resampled = extractFeatures(decoded(voice(48000, 2.5, 0), 48000), SEED_SPEC).data;
    for (let k = 0; k < 40; k++) expect(Math.abs(resampled[k] - native[k])).toBeLessThan(0.1);
  });

  it('clear errors for too-short audio and bad specs', () => {
    expect(() => extractFeatures(decoded(voice(22050, 0.3), 22050), SEED_SPEC)).toThrow(FeatureExtractionError);
    expect(() => extractFeatures(decoded(voice(22050, 0.3), 22050), SEED_SPEC)).toThrow(/too short/);
    expect(() => extractFeatures(decoded(voice(22050, 1), 22050), { kind: 'nope' } as never)).toThrow(/unknown feature spec kind/);
    expect(() => extractFeatures(decoded(new Float32Array(8000 * 601), 8000), defaultFramesSpec())).toThrow(/too long/);
    expect(extractFeatures(decoded(new Float32Array(8000 * 601), 8000), SEED_SPEC).shape).toEqual([40]); // reads 3 s only
  });
});
