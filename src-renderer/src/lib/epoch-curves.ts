// Loss and accuracy per epoch as chart data: one place for the curves of a running job (Train) and of a
// saved model (Models). Plain TypeScript, tested without a DOM or chart.js.
import type { EpochMetrics } from '../../../src-main/api/contract';

/** Picks one series' value from an epoch; null leaves a gap. */
export type EpochPick = (e: EpochMetrics) => number | null;

export const LOSS_SERIES: readonly { label: string; pick: EpochPick }[] = [
  { label: 'training loss', pick: (e) => e.loss },
  { label: 'validation loss', pick: (e) => e.valLoss ?? null },
];
export const ACCURACY_SERIES: readonly { label: string; pick: EpochPick }[] = [
  { label: 'training accuracy', pick: (e) => e.accuracy },
  { label: 'validation accuracy', pick: (e) => e.valAccuracy ?? null },
];

/** The part of a chart's data a curve chart fills: one label per epoch, one dataset per series. */
export interface CurveChartData {
  labels?: unknown[];
  datasets: { data: unknown[] }[];
}

/**
 * Brings a curve chart's data up to date with the epochs in place: appends the epochs it lacks (no redraw from
 * scratch), and starts over only when the history no longer begins with what the chart holds. `series` picks the
 * values of each dataset, in dataset order. Idempotent; returns how many points were appended.
 */
export function appendEpochs(data: CurveChartData, history: readonly EpochMetrics[], series: readonly ((e: EpochMetrics) => number | null)[]): number {
  const labels = (data.labels ??= []);
  const consistent = labels.length <= history.length && labels.every((l, i) => l === history[i]!.epoch);
  if (!consistent) {
    labels.length = 0;
    for (const d of data.datasets) d.data.length = 0;
  }
  const from = labels.length;
  for (let i = from; i < history.length; i++) {
    const e = history[i]!;
    labels.push(e.epoch);
    series.forEach((pick, s) => data.datasets[s]?.data.push(pick(e)));
  }
  return history.length - from;
}

/** True when a series has at least one value (a history saved without validation figures has none). */
export function hasValues(data: readonly unknown[]): boolean {
  return data.some((v) => typeof v === 'number' && Number.isFinite(v));
}
