/**
 * Train/validation splits. Every split is a pure function of the items and its spec (seeded), so
 * the spec saved with a model reproduces the split exactly; train and validation never share a clip.
 */
import { SeededRandom } from './train-random';

export type SplitSpec =
  | { kind: 'random'; valFraction: number; seed: number } // stratified by label
  | { kind: 'speaker'; testSpeakers: string[] } // speaker-independent; one speaker = leave-one-speaker-out
  | { kind: 'utterance'; valFraction: number; seed: number } // no word/sentence in both
  | { kind: 'kfold'; k: number; fold: number; seed: number }; // stratified k-fold, one fold held out

export interface SplitItem {
  speaker: string;
  label: string;
  utterance?: string;
}

export interface Split {
  spec: SplitSpec;
  train: number[];
  validation: number[];
}

/** What is stored with a model: enough to audit and reproduce its validation set. */
export interface SplitSummary {
  spec: SplitSpec;
  trainCount: number;
  validationCount: number;
  trainLabelCounts: Record<string, number>;
  validationLabelCounts: Record<string, number>;
  trainSpeakers: string[];
  validationSpeakers: string[];
  validationPaths: string[];
}

export class SplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SplitError';
  }
}

export const DEFAULT_VAL_FRACTION = 0.2;

function checkFraction(f: number): void {
  if (!(Number.isFinite(f) && f > 0 && f < 1)) throw new SplitError(`validation fraction must be between 0 and 1 (exclusive), got ${f}`);
}

function groupIndices(items: SplitItem[], key: (it: SplitItem) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    const k = key(it);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  return groups;
}

/** Labels in sorted order so that the result does not depend on item order quirks. */
function byLabel(items: SplitItem[]): [string, number[]][] {
  return [...groupIndices(items, (it) => it.label)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Splits `total` into per-class quotas proportional to `sizes` (largest remainder). */
function apportion(sizes: number[], total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (s * total) / sum);
  const quota = exact.map(Math.floor);
  let left = total - quota.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - quota[i], i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    quota[i]++;
    left--;
  }
  return quota;
}

function randomSplit(items: SplitItem[], valFraction: number, seed: number): number[] {
  checkFraction(valFraction);
  const rng = new SeededRandom(seed);
  const classes = byLabel(items);
  // sklearn's train_test_split: ceil(test_size · n) clips go to validation.
  const quotas = apportion(
    classes.map(([, idx]) => idx.length),
    Math.ceil(valFraction * items.length),
  );
  const validation: number[] = [];
  classes.forEach(([, idx], c) => {
    const shuffled = [...idx];
    rng.shuffle(shuffled);
    validation.push(...shuffled.slice(0, quotas[c]));
  });
  return validation;
}

function speakerSplit(items: SplitItem[], testSpeakers: string[]): number[] {
  if (testSpeakers.length === 0) throw new SplitError('a speaker split needs at least one test speaker');
  const known = [...new Set(items.map((it) => it.speaker))].sort();
  const wanted = new Set<string>();
  for (const s of testSpeakers) {
    // Speaker ids are matched without regard to case ('oaf' = 'OAF').
    const match = known.find((k) => k.toLowerCase() === s.trim().toLowerCase());
    if (!match) throw new SplitError(`unknown test speaker '${s}' (speakers in this corpus: ${known.join(', ') || 'none'})`);
    wanted.add(match);
  }
  return items.flatMap((it, i) => (wanted.has(it.speaker) ? [i] : []));
}

function utteranceSplit(items: SplitItem[], valFraction: number, seed: number): number[] {
  checkFraction(valFraction);
  const missing = items.findIndex((it) => !it.utterance);
  if (missing >= 0)
    throw new SplitError(`an utterance split needs the word or sentence of every clip; clip ${missing} has none (this corpus naming does not give it)`);
  const groups = [...groupIndices(items, (it) => it.utterance!.toLowerCase())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (groups.length < 2) throw new SplitError(`an utterance split needs at least two different utterances (found ${groups.length})`);
  const rng = new SeededRandom(seed);
  rng.shuffle(groups);
  // Greedy: a group (all clips of one word) goes to validation when that brings the validation
  // label counts closer to valFraction of each label's count; so it stays roughly stratified.
  const target = new Map(byLabel(items).map(([label, idx]) => [label, valFraction * idx.length]));
  const have = new Map<string, number>();
  const distance = () => [...target].reduce((d, [label, t]) => d + Math.abs(t - (have.get(label) ?? 0)), 0);
  const validation: number[] = [];
  for (const [, idx] of groups) {
    const before = distance();
    for (const i of idx) have.set(items[i].label, (have.get(items[i].label) ?? 0) + 1);
    if (distance() < before) validation.push(...idx);
    else for (const i of idx) have.set(items[i].label, have.get(items[i].label)! - 1);
  }
  return validation;
}

function kfoldSplit(items: SplitItem[], k: number, fold: number, seed: number): number[] {
  if (!(Number.isInteger(k) && k >= 2)) throw new SplitError(`k-fold needs a whole k ≥ 2, got ${k}`);
  if (!(Number.isInteger(fold) && fold >= 0 && fold < k)) throw new SplitError(`fold must be a whole number from 0 to ${k - 1}, got ${fold}`);
  if (items.length < k) throw new SplitError(`${k}-fold needs at least ${k} clips, got ${items.length}`);
  const rng = new SeededRandom(seed);
  // Deal each class's shuffled clips round-robin, continuing the deal across classes, so folds
  // differ in size by at most one and each holds ~1/k of every class.
  const validation: number[] = [];
  let position = 0;
  for (const [, idx] of byLabel(items)) {
    const shuffled = [...idx];
    rng.shuffle(shuffled);
    for (const i of shuffled) if (position++ % k === fold) validation.push(i);
  }
  return validation;
}

/** Train and validation indices (sorted, disjoint, both non-empty) for `items` under `spec`. */
export function makeSplit(items: SplitItem[], spec: SplitSpec): Split {
  if (items.length < 2) throw new SplitError(`a split needs at least two clips, got ${items.length}`);
  let validation: number[];
  switch (spec.kind) {
    case 'random':
      validation = randomSplit(items, spec.valFraction, spec.seed);
      break;
    case 'speaker':
      validation = speakerSplit(items, spec.testSpeakers);
      break;
    case 'utterance':
      validation = utteranceSplit(items, spec.valFraction, spec.seed);
      break;
    case 'kfold':
      validation = kfoldSplit(items, spec.k, spec.fold, spec.seed);
      break;
    default:
      throw new SplitError(`unknown split kind ${JSON.stringify((spec as { kind?: unknown }).kind)}`);
  }
  const held = new Set(validation);
  const train = items.flatMap((_, i) => (held.has(i) ? [] : [i]));
  if (held.size === 0) throw new SplitError(`the ${describeSplit(spec)} split leaves no clip for validation`);
  if (train.length === 0) throw new SplitError(`the ${describeSplit(spec)} split leaves no clip for training`);
  return { spec, train, validation: [...held].sort((a, b) => a - b) };
}

/** One speaker split per speaker: leave-one-speaker-out cross-validation. */
export function losoSpecs(items: SplitItem[]): SplitSpec[] {
  return [...new Set(items.map((it) => it.speaker))].sort().map((s) => ({ kind: 'speaker', testSpeakers: [s] }));
}

function countLabels(items: SplitItem[], idx: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of idx) out[items[i].label] = (out[items[i].label] ?? 0) + 1;
  return out;
}

export function summarizeSplit(split: Split, items: (SplitItem & { path: string })[]): SplitSummary {
  const speakers = (idx: number[]) => [...new Set(idx.map((i) => items[i].speaker))].sort();
  return {
    spec: split.spec,
    trainCount: split.train.length,
    validationCount: split.validation.length,
    trainLabelCounts: countLabels(items, split.train),
    validationLabelCounts: countLabels(items, split.validation),
    trainSpeakers: speakers(split.train),
    validationSpeakers: speakers(split.validation),
    validationPaths: split.validation.map((i) => items[i].path),
  };
}

export function describeSplit(spec: SplitSpec): string {
  switch (spec.kind) {
    case 'random':
      return `random stratified ${Math.round((1 - spec.valFraction) * 100)}/${Math.round(spec.valFraction * 100)} (seed ${spec.seed})`;
    case 'speaker':
      return `speaker-independent (held out: ${spec.testSpeakers.join(', ')})`;
    case 'utterance':
      return `utterance-disjoint ~${Math.round(spec.valFraction * 100)}% (seed ${spec.seed})`;
    case 'kfold':
      return `stratified ${spec.k}-fold, fold ${spec.fold} held out (seed ${spec.seed})`;
  }
}

/**
 * The CLI's --split: 'random[:0.2]', 'speaker:OAF' or 'speaker:OAF,YAF' (held-out test speakers),
 * 'utterance[:0.2]', 'kfold:K[:FOLD]'.
 */
export function parseSplitArg(arg: string, opts: { seed: number; valFraction?: number }): SplitSpec {
  const [kind, ...rest] = arg.trim().split(':');
  const fraction = (text: string | undefined) => {
    const f = text === undefined ? (opts.valFraction ?? DEFAULT_VAL_FRACTION) : Number(text);
    checkFraction(f);
    return f;
  };
  const whole = (text: string | undefined, what: string) => {
    const n = Number(text);
    if (text === undefined || text === '' || !Number.isInteger(n)) throw new SplitError(`${what} must be a whole number, got '${text ?? ''}'`);
    return n;
  };
  switch (kind) {
    case 'random':
    case 'utterance':
      if (rest.length > 1) break;
      return { kind, valFraction: fraction(rest[0]), seed: opts.seed };
    case 'speaker': {
      const speakers = (rest[0] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (rest.length !== 1 || speakers.length === 0)
        throw new SplitError("a speaker split names the held-out test speakers: 'speaker:OAF' or 'speaker:OAF,YAF'");
      return { kind: 'speaker', testSpeakers: speakers };
    }
    case 'kfold': {
      if (rest.length < 1 || rest.length > 2) break;
      const k = whole(rest[0], 'k');
      const fold = rest.length > 1 ? whole(rest[1], 'fold') : 0;
      if (k < 2) throw new SplitError(`k-fold needs k ≥ 2, got ${k}`);
      if (fold < 0 || fold >= k) throw new SplitError(`fold must be from 0 to ${k - 1}, got ${fold}`);
      return { kind: 'kfold', k, fold, seed: opts.seed };
    }
    case 'loso':
      throw new SplitError("leave-one-speaker-out trains one model per speaker: run one 'speaker:<ID>' split for each speaker");
  }
  throw new SplitError(`unknown split '${arg}' (expected random[:0.2], speaker:<ID>[,<ID>…], utterance[:0.2] or kfold:<K>[:<FOLD>])`);
}
