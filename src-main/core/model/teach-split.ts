/**
 * "Teach it your voice", the part without tfjs: which of a person's labelled recordings fine-tune a
 * model and which are held out to show before and after, and the refusals worded for that person.
 */
import { SeededRandom } from './train-random';

/** Fewer recordings than this teach nothing measurable: a held-out clip per label leaves almost nothing to learn from. */
export const MIN_TEACH_RECORDINGS = 6;
/** Before and after on one label would be a single class: no confusion, no UAR worth reading. */
export const MIN_TEACH_LABELS = 2;
/** Share of each label's recordings held out (at least one where a label has two or more). */
export const HELD_OUT_FRACTION = 0.25;

/** The recordings cannot teach this model (too few, none it knows, an empty or missing folder); the message is for the person. */
export class TeachRecordingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeachRecordingsError';
  }
}

export interface TeachSplit<C> {
  /** Recordings the model is fine-tuned on. */
  fineTune: C[];
  /** Recordings it never trains on: before and after are measured on these. */
  heldOut: C[];
  /** Per label the model knows: recordings on each side. */
  perLabel: Record<string, { fineTune: number; heldOut: number }>;
  /** Recordings left out because the model does not know their label: label → count. */
  unknownLabels: Record<string, number>;
}

const byPath = <C extends { path: string }>(a: C, b: C) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Splits recordings stratified per label, seeded (the same recordings and seed give the same split,
 * whatever order they come in). Recordings with a label the model does not know are left out and
 * counted. Throws TeachRecordingsError when what is left cannot teach the model.
 */
export function splitRecordings<C extends { path: string; label: string }>(
  recordings: readonly C[],
  modelLabels: readonly string[],
  seed: number,
  heldOutFraction = HELD_OUT_FRACTION,
): TeachSplit<C> {
  const known = new Set(modelLabels);
  const unknownLabels: Record<string, number> = {};
  const perLabelClips = new Map<string, C[]>();
  for (const r of [...recordings].sort(byPath)) {
    if (!known.has(r.label)) unknownLabels[r.label] = (unknownLabels[r.label] ?? 0) + 1;
    else perLabelClips.set(r.label, [...(perLabelClips.get(r.label) ?? []), r]);
  }
  checkEnough(recordings.length, perLabelClips, unknownLabels, modelLabels);

  const rng = new SeededRandom(seed);
  const fineTune: C[] = [];
  const heldOut: C[] = [];
  const perLabel: TeachSplit<C>['perLabel'] = {};
  for (const label of [...perLabelClips.keys()].sort()) {
    const clips = perLabelClips.get(label)!;
    rng.shuffle(clips);
    // At least one held out and at least one to learn from, where there are two.
    const held = clips.length < 2 ? 0 : Math.min(clips.length - 1, Math.max(1, Math.round(clips.length * heldOutFraction)));
    heldOut.push(...clips.slice(0, held));
    fineTune.push(...clips.slice(held));
    perLabel[label] = { fineTune: clips.length - held, heldOut: held };
  }
  return { fineTune: fineTune.sort(byPath), heldOut: heldOut.sort(byPath), perLabel, unknownLabels };
}

function checkEnough(total: number, perLabel: Map<string, unknown[]>, unknownLabels: Record<string, number>, modelLabels: readonly string[]): void {
  const skipped = Object.values(unknownLabels).reduce((a, b) => a + b, 0);
  const skippedText = skipped
    ? ` (${skipped} recording${skipped === 1 ? '' : 's'} left out: the model does not know ${Object.keys(unknownLabels).sort().join(', ')})`
    : '';
  const usable = [...perLabel.values()].reduce((a, c) => a + c.length, 0);
  const knows = `the model knows ${modelLabels.join(', ')}`;
  if (total === 0) throw new TeachRecordingsError('there are no labelled recordings to learn from: save a few utterances with a label in the Live view first');
  if (perLabel.size < MIN_TEACH_LABELS) {
    const have = [...perLabel.keys()].join(', ') || 'none';
    throw new TeachRecordingsError(
      `teaching needs recordings of at least ${MIN_TEACH_LABELS} emotions the model knows; these have ${perLabel.size} (${have})${skippedText}; ${knows}`,
    );
  }
  if (usable < MIN_TEACH_RECORDINGS)
    throw new TeachRecordingsError(`teaching needs at least ${MIN_TEACH_RECORDINGS} recordings the model can learn from; there are ${usable}${skippedText}`);
}
