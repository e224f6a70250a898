/**
 * The model folder format (model.json + weights.bin + meta.json) and its validation: a corrupt or
 * foreign folder is reported with the one reason it cannot be used, before tfjs ever sees it.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { TEACH_METHODS, type TeachMethod } from './teach-types';
import { describeZodIssues } from '../zod-issues';
import { normalizeFeatureSpec, type FeatureSpec } from '../features/spec';
import type { AugmentSettings } from './augment';
import type { EvaluationReport } from './metrics';
import type { SpeakerNormalisation } from './normalise';
import type { PresetName } from './training-types';
import type { SplitSummary } from './splits';
import type { EpochMetrics } from './training-types';

export const MODEL_FILES = { topology: 'model.json', weights: 'weights.bin', meta: 'meta.json' } as const;
export const MODEL_FORMAT = 'ser-model';
export const MODEL_FORMAT_VERSION = 1;
const MAX_JSON_BYTES = 64 * 1024 * 1024;
const MAX_WEIGHTS_BYTES = 1024 * 1024 * 1024;

export interface ModelMeta {
  format: 'ser-model';
  version: 1;
  name: string;
  labels: string[];
  featureSpec: FeatureSpec;
  preset: PresetName;
  hyperParams: { epochs: number; batchSize: number; learningRate: number; seed: number; [key: string]: unknown };
  split: SplitSummary;
  history: EpochMetrics[];
  report?: EvaluationReport;
  backend: string;
  createdAt: string;
  appVersion: string;
  corpus?: { root: string; convention: string; clips: number; [key: string]: unknown };
  /** Per-speaker normalisation: the training speakers' statistics (validated when the model is opened). */
  normalisation?: SpeakerNormalisation & { validation?: { speaker: string; paths: string[] }[] };
  augmentation?: AugmentSettings;
  /** A model taught from a person's recordings: where it came from and what the teaching did (absent on trained models). */
  teach?: TeachProvenance;
}

export interface HeldOutScore {
  accuracy: number;
  uar: number;
}

export interface TeachProvenance {
  /** The model it was taught from (left unchanged): its id (folder name) and display name. */
  sourceModel: { id: string; name: string };
  recordingsDir: string;
  method: TeachMethod;
  /** The source's training corpora the replayed clips came from (method 'replay'). */
  replayCorpora?: string[];
  /** With 'frozen-layers': the layers that were trained. */
  trainedLayers?: string[];
  counts: { fineTune: number; heldOut: number; replayed: number; unknownLabel: number };
  epochs: number;
  learningRate: number;
  seed: number;
  heldOutPaths: string[];
  /** The source model and the taught one on the held-out recordings. */
  before: HeldOutScore;
  after: HeldOutScore;
}

export class ModelStoreError extends Error {
  readonly dir: string;
  readonly reason: string;
  constructor(dir: string, reason: string) {
    super(`${dir}: ${reason}`);
    this.name = 'ModelStoreError';
    this.dir = dir;
    this.reason = reason;
  }
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const epochSchema = z.looseObject({
  epoch: z.int().min(0),
  seconds: finite,
  loss: finite,
  accuracy: finite,
  valLoss: finite.optional(),
  valAccuracy: finite.optional(),
});
const featureSpecSchema = z.unknown().transform((v, ctx) => {
  try {
    return normalizeFeatureSpec(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    return z.NEVER;
  }
});

const metaSchema = z.looseObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_FORMAT_VERSION),
  name: z.string().min(1).max(200),
  labels: z
    .array(z.string().min(1))
    .min(2)
    .refine((l) => new Set(l).size === l.length, 'labels must be distinct'),
  featureSpec: featureSpecSchema,
  preset: z.string().min(1),
  hyperParams: z.looseObject({ epochs: z.int().min(0), batchSize: z.int().min(1), learningRate: finite, seed: z.int() }),
  split: z.looseObject({ spec: z.looseObject({ kind: z.enum(['random', 'speaker', 'utterance', 'kfold']) }) }),
  history: z.array(epochSchema),
  report: z.looseObject({ labels: z.array(z.string()), accuracy: finite, uar: finite, confusionMatrix: z.array(z.array(finite)) }).optional(),
  backend: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  appVersion: z.string(),
  corpus: z.looseObject({}).optional(),
  teach: z
    .looseObject({
      sourceModel: z.looseObject({ id: z.string(), name: z.string() }),
      recordingsDir: z.string(),
      method: z.enum(TEACH_METHODS),
      counts: z.looseObject({ fineTune: z.int().min(0), heldOut: z.int().min(0), replayed: z.int().min(0), unknownLabel: z.int().min(0) }),
      before: z.looseObject({ accuracy: finite, uar: finite }),
      after: z.looseObject({ accuracy: finite, uar: finite }),
    })
    .optional(),
});

/** Validates a parsed meta.json value; `where` names the folder in the error. */
export function parseModelMeta(value: unknown, where: string): ModelMeta {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ModelStoreError(where, 'meta.json is not a JSON object');
  const v = value as Record<string, unknown>;
  if (v.format !== MODEL_FORMAT)
    throw new ModelStoreError(where, `not a SER model (meta.json format is ${JSON.stringify(v.format ?? null)}, expected "${MODEL_FORMAT}")`);
  if (typeof v.version === 'number' && v.version > MODEL_FORMAT_VERSION) {
    throw new ModelStoreError(where, `made by a newer app (model format version ${v.version}; this app reads version ${MODEL_FORMAT_VERSION})`);
  }
  const r = metaSchema.safeParse(value);
  if (!r.success) throw new ModelStoreError(where, `meta.json is invalid: ${describeZodIssues(r.error, undefined, 3)}`);
  return r.data as unknown as ModelMeta;
}

async function readJsonFile(dir: string, file: string): Promise<unknown> {
  const path = join(dir, file);
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new ModelStoreError(dir, `missing ${file} (not a model folder, or an incomplete copy)`);
  if (!st.isFile()) throw new ModelStoreError(dir, `${file} is not a file`);
  if (st.size > MAX_JSON_BYTES) throw new ModelStoreError(dir, `${file} is too large (${st.size} bytes)`);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ModelStoreError(dir, `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

export interface ModelJson {
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
}

const modelJsonSchema = z.looseObject({
  modelTopology: z.looseObject({}),
  weightsManifest: z
    .array(
      z.looseObject({ paths: z.array(z.string()), weights: z.array(z.looseObject({ name: z.string(), shape: z.array(z.int().min(0)), dtype: z.string() })) }),
    )
    .length(1, 'must list exactly one weights file'),
});

/** Bytes the weights manifest says weights.bin holds. */
function expectedWeightBytes(dir: string, specs: WeightSpec[]): number {
  let total = 0;
  for (const s of specs) {
    const dtype = s.quantization?.dtype ?? s.dtype;
    const bytes = DTYPE_BYTES[dtype];
    if (bytes === undefined) throw new ModelStoreError(dir, `model.json: weight ${s.name} has unsupported dtype ${dtype}`);
    total += s.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}

/** model.json checked against weights.bin (size), without reading the weights. */
export async function checkModelFiles(dir: string): Promise<{ modelJson: ModelJson; weightBytes: number }> {
  const raw = await readJsonFile(dir, MODEL_FILES.topology);
  const r = modelJsonSchema.safeParse(raw);
  if (!r.success) throw new ModelStoreError(dir, `model.json is not a TensorFlow.js layers model: ${describeZodIssues(r.error, undefined, 3)}`);
  const modelJson = r.data as unknown as ModelJson;
  const paths = modelJson.weightsManifest[0].paths;
  if (paths.length !== 1 || paths[0] !== MODEL_FILES.weights)
    throw new ModelStoreError(dir, `model.json must point at ${MODEL_FILES.weights} (it names ${JSON.stringify(paths)})`);
  const st = await stat(join(dir, MODEL_FILES.weights)).catch(() => undefined);
  if (!st?.isFile()) throw new ModelStoreError(dir, `missing ${MODEL_FILES.weights}`);
  if (st.size > MAX_WEIGHTS_BYTES) throw new ModelStoreError(dir, `weights.bin is too large (${st.size} bytes)`);
  const expected = expectedWeightBytes(dir, modelJson.weightsManifest[0].weights);
  if (st.size !== expected)
    throw new ModelStoreError(dir, `weights.bin has ${st.size} bytes but model.json describes ${expected} (truncated or mismatched files)`);
  return { modelJson, weightBytes: expected };
}

/** Validates the whole folder (all three files) and returns its metadata. */
export async function readModelMeta(dir: string): Promise<ModelMeta> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) throw new ModelStoreError(dir, 'no such model folder');
  if (!st.isDirectory()) throw new ModelStoreError(dir, 'not a folder (a model is a folder with model.json, weights.bin and meta.json)');
  const meta = parseModelMeta(await readJsonFile(dir, MODEL_FILES.meta), dir);
  const { modelJson } = await checkModelFiles(dir);
  const topology = modelJson.modelTopology;
  // tfjs writes {class_name, config}; Keras converters nest it under model_config.
  if (typeof topology.class_name !== 'string' && typeof topology.model_config !== 'object')
    throw new ModelStoreError(dir, 'model.json topology is not a Keras model');
  const units = outputUnits(topology);
  if (units !== undefined && units !== meta.labels.length)
    throw new ModelStoreError(dir, `the model's output layer has ${units} units but meta.json lists ${meta.labels.length} labels (${meta.labels.join(', ')})`);
  return meta;
}

type LayerJson = { class_name?: unknown; name?: unknown; config?: { name?: unknown; units?: unknown } };

/** Units of the output layer as model.json describes it (Sequential: the last layer; functional: the named output); undefined when it does not say. */
export function outputUnits(topology: Record<string, unknown>): number | undefined {
  const outer = (typeof topology.model_config === 'object' && topology.model_config ? topology.model_config : topology) as {
    config?: { layers?: unknown; output_layers?: unknown };
  };
  const layers = outer.config?.layers;
  if (!Array.isArray(layers) || layers.length === 0) return undefined;
  const outputs = outer.config?.output_layers;
  const outName = Array.isArray(outputs) && Array.isArray(outputs[0]) ? outputs[0][0] : undefined;
  const layer = (outName === undefined ? layers.at(-1) : layers.find((l: LayerJson) => (l.name ?? l.config?.name) === outName)) as LayerJson | undefined;
  const units = layer?.config?.units;
  return typeof units === 'number' ? units : undefined;
}

/** The first float32 weight that is NaN or infinite, by name; undefined when all are finite. */
export function nonFiniteWeight(specs: WeightSpec[], data: ArrayBuffer): string | undefined {
  let offset = 0;
  for (const s of specs) {
    const count = s.shape.reduce((a, b) => a * b, 1);
    const dtype = s.quantization?.dtype ?? s.dtype;
    if (dtype === 'float32') {
      const values = new Float32Array(data, offset, count);
      for (let i = 0; i < count; i++) if (!Number.isFinite(values[i])) return s.name;
    }
    offset += count * (DTYPE_BYTES[dtype] ?? 0);
  }
  return undefined;
}

/** A fresh hidden name beside `target` (same file system, so rename is atomic). */
export function siblingTempPath(target: string, purpose: string): string {
  return join(dirname(target), `.${basename(target)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Where installFolder stands; tests stop a process at each step to check that recovery copes. */
export type InstallStep = 'moved-aside' | 'installed';

/**
 * Moves a finished folder `staged` to `target`. An existing target is first renamed aside and only
 * removed once the new one is in place, so a failure leaves the old model intact; a crash between
 * the two renames is repaired by recoverModelStore on the next start.
 */
export async function installFolder(staged: string, target: string, opts: { replace: boolean; onStep?: (step: InstallStep) => void }): Promise<void> {
  const existing = await stat(target).catch(() => undefined);
  if (!existing) {
    await rename(staged, target);
    return opts.onStep?.('installed');
  }
  if (!opts.replace) throw new ModelStoreError(target, 'already exists');
  if (!existing.isDirectory()) throw new ModelStoreError(target, 'exists and is not a folder; not replacing it');
  const entries = await readdir(target);
  const foreign = entries.filter((e) => !(Object.values(MODEL_FILES) as string[]).includes(e));
  if (foreign.length > 0) throw new ModelStoreError(target, `exists and is not a model folder (it holds ${foreign.slice(0, 3).join(', ')}); not replacing it`);
  const aside = siblingTempPath(target, 'old');
  await rename(target, aside);
  opts.onStep?.('moved-aside');
  try {
    await rename(staged, target);
  } catch (err) {
    await rename(aside, target);
    throw err;
  }
  opts.onStep?.('installed');
  await rm(aside, { recursive: true, force: true });
}
