// Validation accuracy of several saved models overlaid on one epoch axis (the Models view's comparison).
// Points a run lacks are null (chart.js leaves a gap). Plain TypeScript.
import type { EpochMetrics } from '../../../src-main/api/contract';

export interface Series {
  label: string;
  data: (number | null)[];
}

function valueOrNull(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : v;
}

export interface OverlaySet {
  epochs: number[];
  series: Series[];
}

/**
 * Validation accuracy per run on one epoch axis (as long as the longest run); a run saved without validation
 * figures shows its training accuracy instead, and says so in its label.
 */
export function overlaidValidationAccuracy(runs: readonly { name: string; history: readonly EpochMetrics[] }[]): OverlaySet {
  const longest = runs.reduce((n, r) => Math.max(n, ...r.history.map((h) => h.epoch)), 0);
  const epochs = Array.from({ length: longest }, (_, i) => i + 1);
  const series = runs.map((run) => {
    const hasVal = run.history.some((h) => valueOrNull(h.valAccuracy) !== null);
    const byEpoch = new Map(run.history.map((h) => [h.epoch, valueOrNull(hasVal ? h.valAccuracy : h.accuracy)]));
    return { label: hasVal ? run.name : `${run.name} (training accuracy)`, data: epochs.map((e) => byEpoch.get(e) ?? null) };
  });
  return { epochs, series };
}
