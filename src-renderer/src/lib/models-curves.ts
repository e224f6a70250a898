// Chart series from a saved model's epoch history: its own loss and accuracy curves, and validation
// accuracy overlaid across runs. Points a run lacks are null (chart.js leaves a gap). Plain TypeScript.
import type { EpochMetrics } from '../../../src-main/api/contract';

export interface Series {
  label: string;
  data: (number | null)[];
}

export interface CurveSet {
  /** x axis: epoch numbers, 1-based. */
  epochs: number[];
  loss: Series[];
  accuracy: Series[];
}

function valueOrNull(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : v;
}

/** Training and validation loss, training and validation accuracy; the validation series only when the history has them. */
export function trainingCurves(history: readonly EpochMetrics[]): CurveSet {
  const epochs = history.map((h) => h.epoch);
  const hasVal = (key: 'valLoss' | 'valAccuracy') => history.some((h) => valueOrNull(h[key]) !== null);
  const loss: Series[] = [{ label: 'training loss', data: history.map((h) => valueOrNull(h.loss)) }];
  if (hasVal('valLoss')) loss.push({ label: 'validation loss', data: history.map((h) => valueOrNull(h.valLoss)) });
  const accuracy: Series[] = [{ label: 'training accuracy', data: history.map((h) => valueOrNull(h.accuracy)) }];
  if (hasVal('valAccuracy')) accuracy.push({ label: 'validation accuracy', data: history.map((h) => valueOrNull(h.valAccuracy)) });
  return { epochs, loss, accuracy };
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
