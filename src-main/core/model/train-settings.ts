/**
 * The one validator of training settings and splits. The api (train.start, evaluate.start), the
 * training job that starts the worker and `ser train` all parse with these schemas, so one bad
 * value gets the same rule and the same words everywhere.
 */
import { z } from 'zod';
import { describeZodIssues } from '../zod-issues';
import type { AugmentSettings } from './augment';
import { STATS_BASES } from './normalise';
import type { SplitSpec } from './splits';
import { PRESET_NAMES, type TrainSettings } from './training-types';

/** The seeded PRNG takes any 32-bit unsigned seed. */
export const MAX_SEED = 2 ** 32 - 1;
/** The seed a run gets when none is chosen (the notebook's). */
export const DEFAULT_SEED = 42;

const whole = (lo: number, hi: number) => z.int('must be a whole number').min(lo, `must be ≥ ${lo}`).max(hi, `must be ≤ ${hi}`);
const seed = whole(0, MAX_SEED);
const fraction = z.number('must be a number').gt(0, 'must be > 0').lt(1, 'must be < 1');
const speakerId = z.string('must be a speaker id').min(1, 'must not be empty').max(200, 'is longer than 200 characters');

export const splitSpecSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('random'), valFraction: fraction, seed }),
    z.strictObject({
      kind: z.literal('speaker'),
      testSpeakers: z.array(speakerId).min(1, 'must name at least one speaker').max(1000, 'names more than 1000 speakers'),
    }),
    z.strictObject({ kind: z.literal('utterance'), valFraction: fraction, seed }),
    z
      .strictObject({ kind: z.literal('kfold'), k: whole(2, 100), fold: whole(0, 99), seed })
      .refine((s) => s.fold < s.k, { message: 'must be < k', path: ['fold'] }),
  ],
  { error: 'must be a split: kind random | speaker | utterance | kfold' },
) satisfies z.ZodType<SplitSpec>;

const range = (lo: number, hi: number) =>
  z
    .tuple([
      z.number('must be a number').min(lo, `must be ≥ ${lo}`).max(hi, `must be ≤ ${hi}`),
      z.number('must be a number').min(lo).max(hi, `must be ≤ ${hi}`),
    ])
    .refine(([a, b]) => a <= b, 'must be [low, high] with low ≤ high');

export const augmentSettingsSchema = z.strictObject({
  copies: whole(0, 10),
  speed: z.array(z.number('must be a number').min(0.5, 'must be ≥ 0.5').max(2, 'must be ≤ 2')).min(1, 'must list a factor').max(10).optional(),
  noiseSnrDb: range(-10, 100).optional(),
  gainDb: range(-40, 40).optional(),
  pitchSemitones: z.number('must be a number').min(0, 'must be ≥ 0').max(12, 'must be ≤ 12').optional(),
  specAugment: z.strictObject({ timeMasks: whole(0, 10), maxTimeFrames: whole(0, 1000), freqMasks: whole(0, 10), maxCoefficients: whole(0, 128) }).optional(),
}) satisfies z.ZodType<AugmentSettings>;

export const trainSettingsSchema = z.strictObject({
  preset: z.enum(PRESET_NAMES, `must be one of ${PRESET_NAMES.join(', ')}`),
  split: splitSpecSchema,
  epochs: whole(1, 10_000),
  batchSize: whole(1, 65_536),
  seed,
  learningRate: z.number('must be a number').gt(0, 'must be > 0').max(1, 'must be ≤ 1').optional(),
  earlyStopping: z.strictObject({ patience: whole(1, 10_000) }).optional(),
  name: z.string('must be text').trim().min(1, 'must not be empty').max(100, 'is longer than 100 characters').optional(),
  speakerNormalisation: z.strictObject({ basis: z.enum(STATS_BASES, `must be one of ${STATS_BASES.join(', ')}`), calibrationClips: whole(1, 1000) }).optional(),
  augmentation: augmentSettingsSchema.optional(),
}) satisfies z.ZodType<TrainSettings>;

export class TrainSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainSettingsError';
  }
}

/** Parses with `schema` (the settings, or the settings extended by a surface); throws TrainSettingsError naming each bad field. */
export function parseTrainSettings<S extends z.ZodType>(schema: S, value: unknown, fieldName?: (path: string) => string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new TrainSettingsError(describeZodIssues(r.error, fieldName));
  return r.data;
}
