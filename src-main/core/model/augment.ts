/**
 * Training-time augmentation settings, the seeded plan of augmented copies they give, and
 * SpecAugment-style masks on frame features (applied per batch, so every epoch sees new masks).
 */
import { SeededRandom } from './train-random';

/** One augmented copy of a clip: every field is applied (1, 0 dB, 0 semitones, no noise = unchanged). */
export interface AudioAugmentation {
  /** Speed factor: 1.1 plays 10 % faster (and higher), as resampling does (Ko et al. 2015). */
  speed: number;
  /** Pitch shift in semitones with the duration kept (resample, then a WSOLA time stretch back). */
  semitones: number;
  gainDb: number;
  /** White noise at this signal-to-noise ratio (dB, over the clip's mean power); absent: none. */
  snrDb?: number;
  /** Seeds the noise. */
  seed: number;
}

export interface AugmentSettings {
  /** Augmented copies of each training clip (0: audio augmentation off). */
  copies: number;
  /** Copy k of clip c is played at speed[(c + k) mod length] (e.g. [0.9, 1.1]); absent: 1. */
  speed?: number[];
  /** Noise at an SNR drawn uniformly from [min, max] dB per copy. */
  noiseSnrDb?: [number, number];
  gainDb?: [number, number];
  /** Pitch shift drawn uniformly from ±semitones per copy. */
  pitchSemitones?: number;
  /** Masks on frame features per batch (frame presets only). */
  specAugment?: { timeMasks: number; maxTimeFrames: number; freqMasks: number; maxCoefficients: number };
}

/** What the Train view and `ser train --augment` turn on by default. */
export const DEFAULT_AUGMENTATION: AugmentSettings = Object.freeze({
  copies: 1,
  speed: [0.9, 1.1],
  noiseSnrDb: [15, 40],
  gainDb: [-6, 6],
  pitchSemitones: 1,
  specAugment: { timeMasks: 2, maxTimeFrames: 10, freqMasks: 2, maxCoefficients: 8 },
}) as AugmentSettings;

export const AUGMENT_TECHNIQUES = ['speed', 'noise', 'gain', 'pitch', 'specaugment'] as const;
export type AugmentTechnique = (typeof AUGMENT_TECHNIQUES)[number];

/** The default settings of the chosen techniques only (how `ser train --augment speed,noise` and the bench's ablation choose). */
export function augmentationOf(techniques: readonly AugmentTechnique[], copies = DEFAULT_AUGMENTATION.copies): AugmentSettings {
  const on = new Set(techniques);
  const d = DEFAULT_AUGMENTATION;
  const audio = on.has('speed') || on.has('noise') || on.has('gain') || on.has('pitch');
  return {
    copies: audio ? copies : 0,
    ...(on.has('speed') ? { speed: [...d.speed!] } : {}),
    ...(on.has('noise') ? { noiseSnrDb: [...d.noiseSnrDb!] } : {}),
    ...(on.has('gain') ? { gainDb: [...d.gainDb!] } : {}),
    ...(on.has('pitch') ? { pitchSemitones: d.pitchSemitones } : {}),
    ...(on.has('specaugment') ? { specAugment: { ...d.specAugment! } } : {}),
  };
}

/** The techniques settings turn on (the `--augment` list that gives them, with their default ranges). */
export function augmentTechniquesOf(s: AugmentSettings): AugmentTechnique[] {
  const audio = s.copies > 0;
  return AUGMENT_TECHNIQUES.filter((t) =>
    t === 'speed'
      ? audio && !!s.speed
      : t === 'noise'
        ? audio && !!s.noiseSnrDb
        : t === 'gain'
          ? audio && !!s.gainDb
          : t === 'pitch'
            ? audio && !!s.pitchSemitones
            : !!s.specAugment,
  );
}

/** 'speed,noise' or 'all' → techniques; throws naming an unknown one. */
export function parseAugmentTechniques(text: string): AugmentTechnique[] {
  const parts = text
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 1 && parts[0] === 'all') return [...AUGMENT_TECHNIQUES];
  if (parts.length === 1 && parts[0] === 'none') return [];
  for (const p of parts)
    if (!(AUGMENT_TECHNIQUES as readonly string[]).includes(p))
      throw new Error(`unknown augmentation '${p}' (expected all, none or a list of ${AUGMENT_TECHNIQUES.join(', ')})`);
  return parts as AugmentTechnique[];
}

const uniform = (rng: SeededRandom, [lo, hi]: [number, number]) => lo + (hi - lo) * rng.next();

/**
 * The augmentation of copy k of each of `count` clips, clip after clip: a pure function of the
 * settings and the seed. Speeds take turns over clips and copies, so even one copy per clip
 * covers every speed; the clips at one speed act as a new voice (see train-examples).
 */
export function planAugmentations(count: number, s: AugmentSettings, seed: number): { clip: number; copy: number; augmentation: AudioAugmentation }[] {
  const rng = new SeededRandom(seed ^ 0x5eed);
  const plan: { clip: number; copy: number; augmentation: AudioAugmentation }[] = [];
  for (let clip = 0; clip < count; clip++) {
    for (let copy = 0; copy < s.copies; copy++) {
      plan.push({
        clip,
        copy,
        augmentation: {
          speed: s.speed?.length ? s.speed[(clip + copy) % s.speed.length] : 1,
          semitones: s.pitchSemitones ? (2 * rng.next() - 1) * s.pitchSemitones : 0,
          gainDb: s.gainDb ? uniform(rng, s.gainDb) : 0,
          ...(s.noiseSnrDb ? { snrDb: uniform(rng, s.noiseSnrDb) } : {}),
          seed: rng.nextUint32(),
        },
      });
    }
  }
  return plan;
}

/**
 * SpecAugment (Park et al. 2019) without time warping, in place on n examples [frames, width] of
 * x: time masks zero whole frames (the pooling then leaves them out, as it does padding); frequency
 * masks zero a band of cepstral coefficients in the static part and in each delta block alike.
 * Only the clip's real frames (not its end padding) are masked in time.
 */
export function specAugment(
  x: Float32Array,
  n: number,
  shape: number[],
  s: NonNullable<AugmentSettings['specAugment']>,
  blocks: number,
  rng: SeededRandom,
): void {
  if (shape.length !== 2) return;
  const [frames, width] = shape;
  const coeffs = Math.floor(width / blocks);
  for (let e = 0; e < n; e++) {
    const base = e * frames * width;
    let real = frames;
    while (real > 0 && isZeroRow(x, base + (real - 1) * width, width)) real--;
    for (let m = 0; m < s.timeMasks && real > 1; m++) {
      const len = Math.floor(rng.next() * (Math.min(s.maxTimeFrames, real - 1) + 1));
      const t0 = Math.floor(rng.next() * (real - len + 1));
      x.fill(0, base + t0 * width, base + (t0 + len) * width);
    }
    for (let m = 0; m < s.freqMasks; m++) {
      const len = Math.floor(rng.next() * (Math.min(s.maxCoefficients, coeffs) + 1));
      const f0 = Math.floor(rng.next() * (coeffs - len + 1));
      for (let t = 0; t < real; t++) for (let b = 0; b < blocks; b++) x.fill(0, base + t * width + b * coeffs + f0, base + t * width + b * coeffs + f0 + len);
    }
  }
}

function isZeroRow(x: Float32Array, at: number, width: number): boolean {
  for (let j = 0; j < width; j++) if (x[at + j] !== 0) return false;
  return true;
}
