/**
 * Runtime validators for every request's args (zod 4). `satisfies` below ties each schema to the
 * declared args type, so the two cannot drift apart.
 */
import { z } from 'zod';
import type { RequestArgs, RequestName } from './contract';

const noArgs = z.strictObject({});

/** Absolute on POSIX or Windows; no NUL bytes; bounded length. Confinement is checked by the router. */
const absolutePath = z
  .string({ error: 'must be a string path' })
  .min(1, 'must not be empty')
  .max(4096, 'is longer than 4096 characters')
  .refine((p) => !p.includes('\0'), 'must not contain NUL bytes')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');

/** A model is named by its folder name inside the models folder, never by a path. */
const modelId = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(200, 'is longer than 200 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a model folder name (letters, digits, . _ -)');

const opaqueId = z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(100, 'is longer than 100 characters');
const seed = z.int('must be an integer').min(0, 'must be ≥ 0').max(2 ** 31 - 1, 'must be < 2^31');
const fraction = z.number('must be a number').gt(0, 'must be > 0').lt(1, 'must be < 1');

const splitSpec = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('random'), valFraction: fraction, seed }),
    z.strictObject({ kind: z.literal('speaker'), testSpeakers: z.array(z.string().min(1).max(200)).min(1, 'must name at least one speaker').max(1000) }),
    z.strictObject({ kind: z.literal('utterance'), valFraction: fraction, seed }),
    z
      .strictObject({ kind: z.literal('kfold'), k: z.int().min(2, 'k must be ≥ 2').max(100), fold: z.int().min(0), seed })
      .refine((s) => s.fold < s.k, { message: 'fold must be < k', path: ['fold'] }),
  ],
  { error: 'must be a split: kind random | speaker | utterance | kfold' },
);

/** Microphone chunks: a few per second at ≤ 48 kHz, so 2 s of samples is a generous ceiling. */
export const MAX_LIVE_CHUNK_SAMPLES = 96_000;

export const requestArgSchemas = {
  'app.info': noArgs,
  'corpus.open': z.strictObject({ path: absolutePath }),
  'corpus.chooseFolder': noArgs,
  'corpus.recent': noArgs,
  'clip.features': z.strictObject({ path: absolutePath }),
  'train.start': z.strictObject({
    corpusDir: absolutePath,
    preset: z.enum(['seed', 'sequence'], 'must be "seed" or "sequence"'),
    split: splitSpec,
    epochs: z.int('must be an integer').min(1, 'must be ≥ 1').max(1000, 'must be ≤ 1000'),
    batchSize: z.int('must be an integer').min(1, 'must be ≥ 1').max(4096, 'must be ≤ 4096'),
    seed,
    learningRate: z.number('must be a number').gt(0, 'must be > 0').max(1, 'must be ≤ 1').optional(),
    earlyStopping: z.strictObject({ patience: z.int().min(1, 'must be ≥ 1').max(1000) }).optional(),
    name: z.string().min(1, 'must not be empty').max(100, 'is longer than 100 characters').optional(),
  }),
  'evaluate.start': z.strictObject({ modelId, corpusDir: absolutePath, split: splitSpec.optional() }),
  'job.cancel': z.strictObject({ jobId: opaqueId }),
  'jobs.list': noArgs,
  'model.list': noArgs,
  'model.delete': z.strictObject({ id: modelId }),
  'model.export': z.strictObject({ id: modelId, destination: absolutePath.optional() }),
  'model.import': z.strictObject({ source: absolutePath.optional() }),
  'live.start': z.strictObject({
    modelId,
    sampleRate: z.int('must be an integer').min(16_000, 'must be ≥ 16000 Hz').max(48_000, 'must be ≤ 48000 Hz'),
  }),
  'live.push': z.strictObject({
    sessionId: opaqueId,
    samples: z
      .array(z.number('must be finite numbers'), 'must be an array of numbers')
      .min(1, 'must not be empty')
      .max(MAX_LIVE_CHUNK_SAMPLES, `must hold at most ${MAX_LIVE_CHUNK_SAMPLES} samples per chunk`),
  }),
  'live.stop': z.strictObject({ sessionId: opaqueId }),
} satisfies { [N in RequestName]: z.ZodType<RequestArgs<N>> };
