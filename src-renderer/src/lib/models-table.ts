// Pure logic behind the Models view's table: one row per saved model (the figures core saved with it),
// sorting, the text filter and how a split or a score is written. Free of Svelte and the DOM, so it is unit-tested.
import type { ModelSummary, SplitSpec } from '../../../src-main/api/contract';

/** What the table shows of a model, flattened so each column is one field. */
export interface ModelRow {
  id: string;
  name: string;
  preset: string;
  features: string;
  splitKind: string;
  /** The split as one phrase ("by speaker, held out OAF"). */
  split: string;
  trainCount: number;
  validationCount: number;
  /** Basename of the corpus folder the model was trained on ('' when unknown). */
  corpus: string;
  clips: number | undefined;
  labels: string;
  createdAt: string;
  /** Epochs actually run (the history's length; early stopping can end before the setting). */
  epochs: number;
  backend: string;
  accuracy: number | undefined;
  uar: number | undefined;
  macroF1: number | undefined;
}

export type ModelSortKey = 'name' | 'preset' | 'features' | 'split' | 'corpus' | 'labels' | 'createdAt' | 'epochs' | 'backend' | 'accuracy' | 'uar';
export type SortDirection = 'ascending' | 'descending';
export interface ModelSortOrder {
  key: ModelSortKey;
  direction: SortDirection;
}

/** The last path segment of a folder, on either separator ('' for none). */
export function folderName(path: string | undefined): string {
  if (!path) return '';
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/** "tess", or "tess + ravdess" for a model trained on several corpora. */
export function corpusName(corpus: ModelSummary['corpus']): string {
  return corpus?.corpora?.length ? corpus.corpora.map((c) => folderName(c.root)).join(' + ') : folderName(corpus?.root);
}

const SPLIT_KIND_TEXT: Record<SplitSpec['kind'], string> = { random: 'random', speaker: 'by speaker', utterance: 'by word', kfold: 'k-fold' };

/** The split in words: its kind, then what was held out (speakers, fraction, fold) and its seed. */
export function describeSplit(spec: SplitSpec, validationSpeakers: readonly string[] = []): string {
  switch (spec.kind) {
    case 'random':
      return `random, ${Math.round(spec.valFraction * 100)} % held out (seed ${spec.seed})`;
    case 'utterance':
      return `by word, ${Math.round(spec.valFraction * 100)} % held out (seed ${spec.seed})`;
    case 'speaker': {
      const held = spec.testSpeakers.length > 0 ? spec.testSpeakers : validationSpeakers;
      return `by speaker, held out ${held.join(', ') || '—'}`;
    }
    case 'kfold':
      return `k-fold, fold ${spec.fold + 1} of ${spec.k} (seed ${spec.seed})`;
    default:
      return String((spec as { kind?: unknown }).kind ?? 'unknown');
  }
}

export function splitKindText(spec: SplitSpec): string {
  return SPLIT_KIND_TEXT[spec.kind] ?? String(spec.kind);
}

export function toModelRow(m: ModelSummary): ModelRow {
  return {
    id: m.id,
    name: m.name,
    preset: m.preset,
    features: m.featureSpec.kind,
    splitKind: splitKindText(m.split.spec),
    split: describeSplit(m.split.spec, m.split.validationSpeakers),
    trainCount: m.split.trainCount,
    validationCount: m.split.validationCount,
    corpus: corpusName(m.corpus),
    clips: m.corpus?.clips,
    labels: m.labels.join(', '),
    createdAt: m.createdAt,
    epochs: m.history.length,
    backend: m.backend,
    accuracy: m.report?.accuracy,
    uar: m.report?.uar,
    macroF1: m.report?.macroAvg.f1,
  };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareValues(a: ModelRow, b: ModelRow, key: ModelSortKey): number {
  if (key === 'createdAt') return Date.parse(a.createdAt) - Date.parse(b.createdAt);
  const va = a[key];
  const vb = b[key];
  if (typeof va === 'number' && typeof vb === 'number') return va - vb;
  return collator.compare(String(va ?? ''), String(vb ?? ''));
}

/**
 * Stable sort by one column. A model without the figure (no report: no accuracy) goes last in either
 * direction, so "best first" never starts with blanks; ties fall back to the newest first.
 */
export function sortModels<T extends ModelRow>(rows: readonly T[], order: ModelSortOrder): T[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const ma = a.row[order.key] === undefined || a.row[order.key] === '';
      const mb = b.row[order.key] === undefined || b.row[order.key] === '';
      if (ma !== mb) return ma ? 1 : -1;
      let cmp = ma ? 0 : compareValues(a.row, b.row, order.key) * sign;
      if (cmp === 0) cmp = Date.parse(b.row.createdAt) - Date.parse(a.row.createdAt);
      return cmp !== 0 && Number.isFinite(cmp) ? cmp : a.index - b.index;
    })
    .map((x) => x.row);
}

/** Columns whose useful first order is "highest first". */
const DESCENDING_FIRST: ReadonlySet<ModelSortKey> = new Set(['accuracy', 'uar', 'epochs', 'createdAt']);

/** Clicking the sorted column flips it; another column starts with its natural order (scores: best first). */
export function toggleModelSort(current: ModelSortOrder, key: ModelSortKey): ModelSortOrder {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: DESCENDING_FIRST.has(key) ? 'descending' : 'ascending' };
}

/** Free-text filter: every whitespace-separated term must appear in the model's name, id, settings, corpus or labels. */
export function filterModels<T extends ModelRow>(rows: readonly T[], text: string): T[] {
  const terms = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...rows];
  return rows.filter((r) => {
    const haystack = [r.name, r.id, r.preset, r.features, r.split, r.corpus, r.labels, r.backend].join(' ').toLowerCase();
    return terms.every((t) => haystack.includes(t));
  });
}

/** A 0..1 score as a percentage with one decimal ("62.5 %"); '—' when the model has none. */
export function formatScore(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`;
}

/** A creation time as local "YYYY-MM-DD HH:MM" (compact, sorts as it reads). */
export function formatCreated(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
