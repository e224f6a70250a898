/**
 * Server-side validation of everything the renderer sends: a zod schema for each request's args
 * (`satisfies` ties each to the declared args type, so the two cannot drift apart) and the parsers
 * of the wire messages. Training settings and splits use core's one schema.
 */
import { z } from 'zod';
import { labelMapSchema, MAX_CORPORA } from '../core/dataset/corpora';
import { MODEL_ID } from '../core/model/model-names';
import { splitSpecSchema, trainSettingsSchema } from '../core/model/train-settings';
import { describeZodIssuesForPeople } from '../core/zod-issues';
import { HANGOVER_MS_RANGE } from '../core/live/live-stream';
import type { RequestArgs, RequestMessage, RequestName } from './contract';
import { ApiError } from './errors';

const noArgs = z.strictObject({});

/** Absolute on POSIX or Windows; no NUL bytes; bounded length. Confinement is checked by the router. */
const typedPath = z
  .string({ error: 'must be a path (text)' })
  .trim()
  .min(1, 'must not be empty')
  .max(4096, 'is longer than 4096 characters')
  .refine((p) => !p.includes('\0'), 'must not contain NUL bytes');
const absolutePath = typedPath.refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');

/** A model is named by its folder name inside the models folder, never by a path. */
const modelId = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(200, 'is longer than 200 characters')
  .regex(MODEL_ID, 'must be a model folder name (letters, digits, . _ -)');

/** The corpora trained on beside the open one, and how their labels map onto one set. */
const extraCorpora = {
  extraCorpusDirs: z.array(absolutePath).max(MAX_CORPORA - 1, `at most ${MAX_CORPORA} corpora in all`),
  labelMap: labelMapSchema.optional(),
};
const trainArgs = trainSettingsSchema.extend({ corpusDir: absolutePath, ...extraCorpora, extraCorpusDirs: extraCorpora.extraCorpusDirs.optional() });

const modelName = z.string('must be text').trim().min(1, 'must not be empty').max(100, 'is longer than 100 characters');
const opaqueId = z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(100, 'is longer than 100 characters');
/** The folder-safe rules are the recordings' (checkSpeakerName); here only its type and length. */
const speakerName = z.string('must be text').max(40, 'is longer than 40 characters');
/** Microphone chunks: 20–50 ms each, so 1 s at the highest rate is a generous ceiling. */
export const MAX_LIVE_CHUNK_SAMPLES = 192_000;

export const requestArgSchemas = {
  'app.info': noArgs,
  'settings.get': noArgs,
  'cache.clear': noArgs,
  // Typed by a person: `~` and relative paths are resolved by the handler (browser host).
  'corpus.open': z.strictObject({ path: typedPath }),
  'corpus.chooseFolder': noArgs,
  'corpus.browse': z.strictObject({ path: typedPath.optional() }),
  'corpus.recent': noArgs,
  'clip.features': z.strictObject({ path: absolutePath }),
  'train.corpora': z.strictObject({ corpusDir: absolutePath, ...extraCorpora }),
  'train.preview': trainArgs,
  'train.start': trainArgs,
  'evaluate.start': z.strictObject({ modelId, corpusDir: absolutePath, split: splitSpecSchema.optional(), includeTraining: z.boolean().optional() }),
  'job.cancel': z.strictObject({ jobId: opaqueId }),
  'jobs.list': noArgs,
  'model.list': noArgs,
  'model.delete': z.strictObject({ id: modelId }),
  'model.rename': z.strictObject({ id: modelId, name: modelName }),
  'model.export': z.strictObject({ id: modelId, destination: absolutePath.optional() }),
  'model.import': z.strictObject({ source: absolutePath.optional() }),
  'live.start': z.strictObject({
    modelId,
    sampleRate: z.int('must be an integer').min(16_000, 'must be ≥ 16000 Hz').max(192_000, 'must be ≤ 192000 Hz'),
    hangoverMs: z
      .int('must be a whole number of milliseconds')
      .min(HANGOVER_MS_RANGE.min, `must be ≥ ${HANGOVER_MS_RANGE.min} ms`)
      .max(HANGOVER_MS_RANGE.max, `must be ≤ ${HANGOVER_MS_RANGE.max} ms`)
      .optional(),
    source: z.enum(['microphone', 'file'], "must be 'microphone' or 'file'").optional(),
    speaker: speakerName.optional(),
  }),
  'live.end': z.strictObject({ sessionId: opaqueId }),
  'live.stop': z.strictObject({ sessionId: opaqueId }),
  'live.calibrate': z.strictObject({
    sessionId: opaqueId,
    utteranceIds: z.array(opaqueId, 'must be a list of utterances').min(1, 'must name at least one utterance').max(40, 'may name at most 40 utterances'),
    speaker: speakerName,
  }),
  'live.forgetCalibration': z.strictObject({ sessionId: opaqueId }),
  'live.save': z.strictObject({
    utteranceId: opaqueId,
    label: z.string('must be text').min(1, 'must not be empty').max(40, 'is longer than 40 characters'),
    speaker: speakerName,
  }),
  'teach.recordings': noArgs,
  'teach.start': z.strictObject({
    modelId,
    name: modelName.optional(),
    epochs: z.int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
    seed: z
      .int('must be a whole number')
      .min(0, 'must be ≥ 0')
      .max(2 ** 32 - 1, 'must be < 2^32')
      .optional(),
  }),
} satisfies { [N in RequestName]: z.ZodType<RequestArgs<N>> };

/** Each field in the words the app's own screens use, so a refusal reads as a sentence, not as `request.field: rule`. */
const FIELD_WORDS: Record<string, string> = {
  path: 'the folder or file path',
  corpusDir: 'the corpus folder',
  modelId: 'the model',
  id: 'the model',
  name: 'the name',
  destination: 'the destination',
  source: 'the source',
  jobId: 'the job',
  sessionId: 'the live session',
  utteranceId: 'the utterance',
  utteranceIds: 'the utterances',
  sampleRate: 'the sample rate',
  hangoverMs: 'the pause that ends an utterance',
  label: 'the label',
  speaker: 'the speaker',
  preset: 'the preset',
  epochs: 'epochs',
  batchSize: 'the batch size',
  seed: 'the seed',
  learningRate: 'the learning rate',
  'earlyStopping.patience': 'the early-stopping patience',
  split: 'the split',
  'split.kind': 'the split',
  'split.valFraction': 'the validation fraction',
  'split.testSpeakers': 'the held-out speakers',
  'split.k': 'the number of folds',
  'split.fold': 'the fold',
  'split.seed': 'the seed',
};

/** Where one field means different things in different requests. */
const REQUEST_FIELD_WORDS: Partial<Record<RequestName, Record<string, string>>> = {
  'model.import': { source: 'the model to import' },
  'live.start': { source: 'the audio source' },
};

/** Checks a request's args; throws ApiError('invalid-args') saying, in plain words, which field is wrong and why. */
export function validateArgs<N extends RequestName>(name: N, args: unknown): RequestArgs<N> {
  const parsed = requestArgSchemas[name].safeParse(args ?? {});
  if (parsed.success) return parsed.data as RequestArgs<N>;
  const words = (path: string) => {
    const field = path.replace(/\.\d+(?=\.|$)/g, ''); // samples.1 → samples: the element is the field's
    return REQUEST_FIELD_WORDS[name]?.[field] ?? FIELD_WORDS[field] ?? (field.startsWith('split.') ? 'the split' : undefined);
  };
  throw new ApiError('invalid-args', describeZodIssuesForPeople(parsed.error, words));
}

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestArgSchemas, name);
}

/** Parses one client→server message; throws ApiError('invalid-message') with the reason. */
export function parseRequestMessage(raw: unknown): RequestMessage {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ApiError('invalid-message', 'a request must be a JSON object');
  const m = raw as Record<string, unknown>;
  if (m.type !== 'request') throw new ApiError('invalid-message', `message type must be "request" (got ${JSON.stringify(m.type)})`);
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || m.id < 0) throw new ApiError('invalid-message', 'request id must be a non-negative integer');
  if (typeof m.name !== 'string') throw new ApiError('invalid-message', 'request name must be a string');
  return { type: 'request', id: m.id, name: m.name, args: m.args };
}
