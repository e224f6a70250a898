// What differs between training runs: the settings side by side (rows whose values are all equal are
// marked so the view can collapse them) and the saved scores. Plain TypeScript, unit-tested.
import type { ModelSummary } from '../../../src-main/api/contract';
import { describeSplit, folderName } from './models-table';

export interface SettingRow {
  key: string;
  label: string;
  /** One value per compared model, in their order. */
  values: string[];
  /** True when every model has the same value. */
  same: boolean;
}

const SETTINGS: { key: string; label: string; value: (m: ModelSummary) => string }[] = [
  { key: 'preset', label: 'Preset', value: (m) => m.preset },
  { key: 'features', label: 'Features', value: (m) => m.featureSpec.kind },
  { key: 'split', label: 'Split', value: (m) => describeSplit(m.split.spec, m.split.validationSpeakers) },
  { key: 'counts', label: 'Train / validation clips', value: (m) => `${m.split.trainCount} / ${m.split.validationCount}` },
  { key: 'epochs', label: 'Epochs', value: (m) => String(m.history.length) },
  { key: 'batchSize', label: 'Batch size', value: (m) => String(m.hyperParams.batchSize) },
  { key: 'learningRate', label: 'Learning rate', value: (m) => String(m.hyperParams.learningRate) },
  { key: 'seed', label: 'Seed', value: (m) => String(m.hyperParams.seed) },
  { key: 'corpus', label: 'Corpus', value: (m) => corpusText(m) },
  { key: 'labels', label: 'Labels', value: (m) => m.labels.join(', ') },
  { key: 'backend', label: 'Backend', value: (m) => m.backend },
];

function corpusText(m: ModelSummary): string {
  const name = folderName(m.corpus?.root) || '—';
  return m.corpus?.clips !== undefined ? `${name} (${m.corpus.clips} clips)` : name;
}

/** The settings of each model, one row per setting; `same` tells which rows carry no difference. */
export function settingsDiff(models: readonly ModelSummary[]): SettingRow[] {
  return SETTINGS.map(({ key, label, value }) => {
    const values = models.map(value);
    return { key, label, values, same: values.every((v) => v === values[0]) };
  });
}

export interface MetricRow {
  key: 'accuracy' | 'uar' | 'macroF1';
  label: string;
  values: (number | undefined)[];
  /** Index of the highest value (first on ties); -1 when no model has one or all are equal. */
  best: number;
}

const METRICS: { key: MetricRow['key']; label: string; value: (m: ModelSummary) => number | undefined }[] = [
  { key: 'accuracy', label: 'Accuracy', value: (m) => m.report?.accuracy },
  { key: 'uar', label: 'UAR', value: (m) => m.report?.uar },
  { key: 'macroF1', label: 'Macro F1', value: (m) => m.report?.macroAvg.f1 },
];

/** The saved validation scores of each model (what core computed; nothing recomputed here). */
export function metricsComparison(models: readonly ModelSummary[]): MetricRow[] {
  return METRICS.map(({ key, label, value }) => {
    const values = models.map(value);
    let best = -1;
    values.forEach((v, i) => {
      if (v !== undefined && (best < 0 || v > values[best]!)) best = i;
    });
    const present = values.filter((v) => v !== undefined);
    if (present.length > 1 && present.every((v) => v === present[0])) best = -1;
    return { key, label, values, best };
  });
}
