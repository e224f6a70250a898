/** Text layouts of an EvaluationReport: sklearn's classification_report and a confusion table. */
import type { EvaluationReport, Misclassified } from './metrics';
import type { EpochMetrics } from './training-types';

/**
 * Python's '{:.Nf}' formatting: correctly rounded, exact ties to even (JS toFixed rounds ties up,
 * which differs on values such as 0.125 that are exact in binary).
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const extra = 50;
  const exact = Math.abs(x).toFixed(Math.min(100, digits + extra));
  const truncated = exact.slice(0, exact.length - extra).replace(/\.$/, '');
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  // An exact tie ('…5000…'): keep the truncated digits when the last one is even.
  if (/^50*$/.test(exact.slice(exact.length - extra)) && Number(truncated[truncated.length - 1]) % 2 === 0) return sign + truncated;
  return sign + Math.abs(x).toFixed(digits);
}

/** The one way a probability or confidence is printed (0.73, as sklearn prints scores), in every command. */
export function formatProbability(p: number): string {
  return pyFixed(p, 2);
}

const right = (s: string, w: number) => s.padStart(w);

/**
 * The exact layout of sklearn.metrics.classification_report(y_true, y_pred, digits=digits):
 * one row per class present in y_true or y_pred, then accuracy, macro avg and weighted avg.
 */
export function formatClassificationReport(r: EvaluationReport, digits = 2): string {
  const names = r.labels.filter((l) => r.perClass[l] !== undefined);
  const heading = 'weighted avg';
  const width = Math.max(heading.length, digits, ...names.map((n) => n.length));
  const num = (x: number) => ' ' + right(pyFixed(x, digits), 9);
  const row = (name: string, p: number, rec: number, f: number, support: number) =>
    right(name, width) + ' ' + num(p) + num(rec) + num(f) + ' ' + right(String(support), 9) + '\n';

  let out = right('', width) + ' ' + ['precision', 'recall', 'f1-score', 'support'].map((h) => ' ' + right(h, 9)).join('') + '\n\n';
  for (const name of names) {
    const s = r.perClass[name];
    out += row(name, s.precision, s.recall, s.f1, s.support);
  }
  out += '\n';
  // sklearn prints '{:>9.2}'.format('') — blanks — in the precision and recall columns of accuracy.
  out += right('accuracy', width) + ' ' + ' '.repeat(10) + ' '.repeat(10) + num(r.accuracy) + ' ' + right(String(r.total), 9) + '\n';
  out += row('macro avg', r.macroAvg.precision, r.macroAvg.recall, r.macroAvg.f1, r.macroAvg.support);
  out += row(heading, r.weightedAvg.precision, r.weightedAvg.recall, r.weightedAvg.f1, r.weightedAvg.support);
  return out;
}

/** Confusion matrix as a text table; rows are true labels, columns predicted labels. */
export function formatConfusionMatrix(r: Pick<EvaluationReport, 'labels' | 'confusionMatrix'>): string {
  const rowHead = 'true \\ predicted';
  const first = Math.max(rowHead.length, ...r.labels.map((l) => l.length));
  const widths = r.labels.map((l, j) => Math.max(l.length, ...r.confusionMatrix.map((row) => String(row[j]).length)));
  const lines = [rowHead.padEnd(first) + r.labels.map((l, j) => '  ' + right(l, widths[j])).join('')];
  r.labels.forEach((label, i) => {
    lines.push(label.padEnd(first) + r.confusionMatrix[i].map((c, j) => '  ' + right(String(c), widths[j])).join(''));
  });
  return lines.join('\n') + '\n';
}

/** One line per misclassified clip: path, true label → predicted label (confidence). */
export function formatMisclassified(items: Misclassified[]): string {
  if (items.length === 0) return 'no misclassified clips\n';
  return (
    `misclassified clips (${items.length}):\n` +
    items.map((m) => `  ${m.path}: ${m.label} → ${m.predicted} (${formatProbability(m.confidence)})`).join('\n') +
    '\n'
  );
}

/**
 * Which epoch had the lowest validation loss, and what the saved weights are. Without early stopping
 * the last epoch's weights are saved, so when the best came earlier the note says how to keep it.
 * Empty when no epoch has a validation loss.
 */
export function formatBestEpoch(history: readonly EpochMetrics[], earlyStopping: { patience: number } | undefined): string {
  let best: EpochMetrics | undefined;
  for (const e of history) if (e.valLoss !== undefined && Number.isFinite(e.valLoss) && (!best || e.valLoss < best.valLoss!)) best = e;
  const last = history.at(-1);
  if (!best || !last) return '';
  const at = `Lowest validation loss ${pyFixed(best.valLoss!, 4)} at epoch ${best.epoch} of ${last.epoch}`;
  if (earlyStopping) return `${at}; early stopping (--early-stopping ${earlyStopping.patience}) saved that epoch's weights.`;
  if (best.epoch === last.epoch) return `${at}, the last one: the saved weights are the best ones.`;
  return (
    `${at}; the saved weights are the last epoch's (validation loss ${pyFixed(last.valLoss ?? NaN, 4)}).\n` +
    `--early-stopping N stops after N epochs without a lower validation loss and keeps the best weights.`
  );
}
