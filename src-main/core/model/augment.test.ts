import { describe, expect, it } from 'vitest';
import type { DecodedAudio } from '../audio';
import { augmentationOf, DEFAULT_AUGMENTATION, parseAugmentTechniques, planAugmentations, specAugment } from './augment';
import { augmentAudio, AugmentationError, timeStretch } from './augment-audio';
import { SeededRandom } from './train-random';

const sr = 16000;
function tone(freq: number, seconds: number): DecodedAudio {
  const samples = Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / sr));
  return { format: 'wav', encoding: 'float32', sampleRate: sr, channels: 1, bitsPerSample: 32, frames: samples.length, durationSeconds: seconds, samples };
}

/** The frequency of the strongest zero-crossing rate estimate: crossings / 2 per second. */
function pitchOf(y: Float32Array): number {
  let crossings = 0;
  for (let i = 1; i < y.length; i++) if (y[i - 1] < 0 !== y[i] < 0) crossings++;
  return crossings / 2 / (y.length / sr);
}

const plain = { speed: 1, semitones: 0, gainDb: 0, seed: 1 };

describe('augmentAudio', () => {
  it('speed 1.1 shortens the clip and raises its pitch by 10 %', () => {
    const out = augmentAudio(tone(200, 1), { ...plain, speed: 1.1 });
    expect(out.samples.length).toBeCloseTo(sr / 1.1, -1);
    expect(pitchOf(out.samples.subarray(500, -500))).toBeCloseTo(220, -0.5);
  });

  it('a pitch shift of 2 semitones raises the pitch and keeps the length', () => {
    const out = augmentAudio(tone(200, 1), { ...plain, semitones: 2 });
    expect(Math.abs(out.samples.length - sr)).toBeLessThan(sr * 0.01);
    expect(pitchOf(out.samples.subarray(800, -800))).toBeGreaterThan(218);
    expect(pitchOf(out.samples.subarray(800, -800))).toBeLessThan(231);
  });

  it('adds noise at the SNR asked for, the same noise for the same seed', () => {
    const clean = tone(300, 0.5);
    const a = augmentAudio(clean, { ...plain, snrDb: 10, seed: 7 });
    const b = augmentAudio(clean, { ...plain, snrDb: 10, seed: 7 });
    expect(Array.from(a.samples)).toEqual(Array.from(b.samples));
    let signal = 0;
    let noise = 0;
    for (let i = 0; i < clean.samples.length; i++) {
      signal += clean.samples[i] ** 2;
      noise += (a.samples[i] - clean.samples[i]) ** 2;
    }
    expect(10 * Math.log10(signal / noise)).toBeCloseTo(10, 0);
  });

  it('applies gain in dB and leaves the input untouched', () => {
    const clean = tone(300, 0.2);
    const before = clean.samples.slice();
    const out = augmentAudio(clean, { ...plain, gainDb: -6 });
    expect(out.samples[100] / clean.samples[100]).toBeCloseTo(0.501, 3);
    expect(clean.samples).toEqual(before);
  });

  it('refuses parameters out of range', () => {
    expect(() => augmentAudio(tone(300, 0.2), { ...plain, speed: 3 })).toThrow(AugmentationError);
    expect(() => augmentAudio(tone(300, 0.2), { ...plain, semitones: Number.NaN })).toThrow(/semitones/);
  });

  it('timeStretch lengthens without changing the pitch', () => {
    const y = timeStretch(tone(250, 1).samples, sr, 1.25);
    expect(y.length).toBe(20000);
    expect(pitchOf(y.subarray(800, -800))).toBeCloseTo(250, -1);
  });
});

describe('augmentation plan', () => {
  it('is a pure function of the settings and the seed, speeds taking turns over clips and copies', () => {
    const settings = { ...DEFAULT_AUGMENTATION, copies: 2 };
    const a = planAugmentations(3, settings, 42);
    expect(a).toEqual(planAugmentations(3, settings, 42));
    expect(a).not.toEqual(planAugmentations(3, settings, 43));
    expect(a).toHaveLength(6);
    expect(a.filter((p) => p.copy === 0).map((p) => p.augmentation.speed)).toEqual([0.9, 1.1, 0.9]);
    expect(a.filter((p) => p.copy === 1).map((p) => p.augmentation.speed)).toEqual([1.1, 0.9, 1.1]);
    for (const p of a) expect(Math.abs(p.augmentation.semitones)).toBeLessThanOrEqual(1);
  });

  it('turns on only the techniques chosen', () => {
    expect(augmentationOf(['specaugment'])).toEqual({ copies: 0, specAugment: DEFAULT_AUGMENTATION.specAugment });
    expect(augmentationOf(['gain'], 3)).toEqual({ copies: 3, gainDb: [-6, 6] });
    expect(augmentationOf(['speed']).copies).toBe(1);
    expect(parseAugmentTechniques('all')).toHaveLength(5);
    expect(() => parseAugmentTechniques('speed,reverb')).toThrow(/reverb/);
  });
});

describe('specAugment', () => {
  it('masks whole frames and coefficient bands alike in every delta block, never the padding', () => {
    const frames = 20;
    const width = 6; // 2 coefficients × 3 blocks
    const x = new Float32Array(frames * width).fill(1);
    x.fill(0, 15 * width); // frames 15… are padding
    specAugment(x, 1, [frames, width], { timeMasks: 1, maxTimeFrames: 5, freqMasks: 1, maxCoefficients: 1 }, 3, new SeededRandom(3));
    const zeroRows = [...Array(15).keys()].filter((t) => x.subarray(t * width, (t + 1) * width).every((v) => v === 0));
    expect(zeroRows.length).toBeGreaterThan(0);
    expect(zeroRows.length).toBeLessThanOrEqual(5);
    // A masked coefficient is masked in all three blocks of a row.
    const row = x.subarray(zeroRows.length === 15 ? 0 : [...Array(15).keys()].find((t) => !zeroRows.includes(t))! * width).subarray(0, width);
    expect([row[0], row[1]]).toEqual([row[2], row[3]]);
    expect([row[0], row[1]]).toEqual([row[4], row[5]]);
  });
});
