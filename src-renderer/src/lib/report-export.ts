// An evaluation report as files a person keeps: CSV for spreadsheets, JSON for scripts, and the
// browser-side save of either (or of the confusion-matrix PNG).
import type { EvaluationReport } from '../../../src-main/api/contract';
import { reportRows } from './report-table';

const CSV_HEADER = ['label', 'precision', 'recall', 'f1', 'support'];

/**
 * One CSV field (RFC 4180 quoting). Numbers are written in full (String(n) reads back to the same
 * double); text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe, since labels come from folder and file names.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (fields: (string | number | undefined)[]): string => fields.map(csvField).join(',');

/**
 * The report as CSV: the classification-report block (one row per scored label, then accuracy, macro
 * avg, weighted avg and UAR, blanks where sklearn prints none), a blank line, the confusion matrix
 * in counts (rows true, columns predicted), and the clip counts.
 */
export function reportToCsv(report: EvaluationReport): string {
  const lines = [csvLine(CSV_HEADER)];
  for (const r of reportRows(report)) lines.push(csvLine([r.label, r.precision, r.recall, r.f1, r.support]));
  lines.push('', csvLine(['confusion matrix (rows: true label, columns: predicted label)']));
  lines.push(csvLine(['true \\ predicted', ...report.labels]));
  report.labels.forEach((label, i) => lines.push(csvLine([label, ...(report.confusionMatrix[i] ?? [])])));
  lines.push('', csvLine(['clips evaluated', report.total]));
  if (report.excluded !== undefined) lines.push(csvLine(['clips excluded', report.excluded]));
  if (report.failed !== undefined) lines.push(csvLine(['clips failed', report.failed.length]));
  return lines.join('\r\n') + '\r\n';
}

/** The whole report, misclassified and failed clips included, as indented JSON. */
export function reportToJson(report: EvaluationReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** A `data:` URL (what canvas.toDataURL returns) as a Blob, so `download` saves bytes, not the URL text. */
export function dataUrlToBlob(dataUrl: string): Blob {
  const m = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(dataUrl);
  if (!m) throw new Error('not a data: URL');
  const type = m[1] || 'text/plain';
  if (!m[2]) return new Blob([decodeURIComponent(m[3]!)], { type });
  const bin = atob(m[3]!);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

/**
 * Saves text or a Blob under `filename` through an object URL and an `<a download>` click (Electron
 * turns it into its save dialog, a browser into a download).
 */
export function download(filename: string, content: string | Blob, type = 'text/plain;charset=utf-8'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking during the click can cancel the download in Chromium: let the click be handled first.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
