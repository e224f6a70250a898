// What a confusion-matrix cell holds, clip by clip, from the per-clip predictions core sent with the report.
import type { ClipPrediction, EvaluationReport } from '../../../src-main/api/contract';

export interface CellSelection {
  trueLabel: string;
  predictedLabel: string;
}

/** The cell's clips, surest first; undefined when the report carries no per-clip predictions (older models). */
export function clipsInCell(report: EvaluationReport, cell: CellSelection): ClipPrediction[] | undefined {
  if (!report.predictions) return undefined;
  const col = report.labels.indexOf(cell.predictedLabel);
  return report.predictions
    .filter((p) => p.label === cell.trueLabel && p.predicted === cell.predictedLabel)
    .sort((a, b) => (b.probabilities[col] ?? 0) - (a.probabilities[col] ?? 0) || a.path.localeCompare(b.path));
}

/** The clip's file name without its folders (the path stays in the title). */
export function clipName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The model's probabilities for one clip, highest first, as {label, probability}. */
export function rankedProbabilities(labels: readonly string[], prediction: ClipPrediction): { label: string; probability: number }[] {
  return labels.map((label, i) => ({ label, probability: prediction.probabilities[i] ?? 0 })).sort((a, b) => b.probability - a.probability);
}
