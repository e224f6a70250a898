// sklearn's classification_report as table rows, in its display order: one row per class, then accuracy,
// macro avg, weighted avg, and UAR (the figure speech-emotion papers quote). Every number is core's;
// this module only picks and formats them.
import type { ClassScores, EvaluationReport } from '../../../src-main/api/contract';

export type ReportRowKind = 'class' | 'accuracy' | 'average' | 'uar';

/** One row of the table; a score left undefined is a blank cell, as sklearn leaves them on the accuracy row. */
export interface ReportRow {
  kind: ReportRowKind;
  label: string;
  precision?: number;
  recall?: number;
  f1?: number;
  support?: number;
}

/**
 * Labels that have per-class scores, in the model's order. core scores only labels seen in y_true or
 * y_pred, so a label the test split never touched has a matrix row but no report row (as in sklearn).
 */
export function scoredLabels(report: EvaluationReport): string[] {
  const inOrder = report.labels.filter((l) => Object.hasOwn(report.perClass, l));
  const others = Object.keys(report.perClass).filter((l) => !report.labels.includes(l));
  return [...inOrder, ...others];
}

const scoresRow = (kind: ReportRowKind, label: string, s: ClassScores): ReportRow => ({
  kind,
  label,
  precision: s.precision,
  recall: s.recall,
  f1: s.f1,
  support: s.support,
});

export function classRows(report: EvaluationReport): ReportRow[] {
  return scoredLabels(report).map((l) => scoresRow('class', l, report.perClass[l]!));
}

/** The whole table: classes, then accuracy (in the F1 column, as sklearn prints it), averages and UAR (a recall). */
export function reportRows(report: EvaluationReport): ReportRow[] {
  return [
    ...classRows(report),
    { kind: 'accuracy', label: 'accuracy', f1: report.accuracy, support: report.total },
    scoresRow('average', 'macro avg', report.macroAvg),
    scoresRow('average', 'weighted avg', report.weightedAvg),
    { kind: 'uar', label: 'UAR', recall: report.uar, support: report.total },
  ];
}

/** Per-class F1 in the table's order, for the bar chart. */
export function f1Series(report: EvaluationReport): { labels: string[]; f1: number[] } {
  const rows = classRows(report);
  return { labels: rows.map((r) => r.label), f1: rows.map((r) => r.f1!) };
}

/** A score with 3 decimals ("0.667"); a blank cell stays empty, a value that is not a number shows as "—". */
export function formatScore(value: number | undefined): string {
  if (value === undefined) return '';
  return Number.isFinite(value) ? value.toFixed(3) : '—';
}

export function formatSupport(value: number | undefined): string {
  if (value === undefined) return '';
  return Number.isFinite(value) ? String(Math.round(value)) : '—';
}

const clips = (n: number): string => `${n} ${n === 1 ? 'clip' : 'clips'}`;

/** Sentences for the clips that were not scored, shown under the table; empty when every clip was scored. */
export function reportNotes(report: EvaluationReport): string[] {
  const notes: string[] = [];
  const excluded = report.excluded ?? 0;
  const failed = report.failed?.length ?? 0;
  if (excluded > 0) notes.push(`${clips(excluded)} left out: their label is not one the model knows.`);
  if (failed > 0) notes.push(`${clips(failed)} could not be read or featurised.`);
  return notes;
}
