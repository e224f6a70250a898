// Confusion-matrix cells as the heatmap and its keyboard table show them: the value (core's count or
// row-normalised fraction), its place on the colour scale, the fill colour between two theme colours,
// and an ink colour that stays readable on that fill in light and dark themes.
import type { EvaluationReport } from '../../../src-main/api/contract';

export type Rgb = [number, number, number];

export interface MatrixCell {
  row: number;
  col: number;
  trueLabel: string;
  predictedLabel: string;
  /** Clips of `trueLabel` predicted as `predictedLabel`. */
  count: number;
  /** core's row-normalised value: the share of `trueLabel`'s clips. */
  fraction: number;
  /** What the cell shows: `count`, or `fraction` when normalised. */
  value: number;
  /** `value` on the colour scale, 0..1. */
  intensity: number;
}

export interface MatrixScale {
  min: number;
  max: number;
}

/** Counts run from 0 to the largest cell; fractions from 0 to 1, so two models' matrices compare by colour. */
export function matrixScale(report: EvaluationReport, normalized: boolean): MatrixScale {
  if (normalized) return { min: 0, max: 1 };
  let max = 0;
  for (const row of report.confusionMatrix) for (const c of row) if (c > max) max = c;
  return { min: 0, max: Math.max(1, max) };
}

/** Every cell, row by row (true label), in the model's label order. */
export function matrixCells(report: EvaluationReport, normalized: boolean): MatrixCell[] {
  const scale = matrixScale(report, normalized);
  const cells: MatrixCell[] = [];
  report.labels.forEach((trueLabel, row) => {
    report.labels.forEach((predictedLabel, col) => {
      const count = report.confusionMatrix[row]?.[col] ?? 0;
      const fraction = report.normalizedConfusionMatrix[row]?.[col] ?? 0;
      const value = normalized ? fraction : count;
      const intensity = clamp01((value - scale.min) / (scale.max - scale.min));
      cells.push({ row, col, trueLabel, predictedLabel, count, fraction, value, intensity });
    });
  });
  return cells;
}

/** "12" for a count; "83%" for a fraction, and "<1%" for a share too small to round up, so it is not read as none. */
export function formatCellValue(value: number, normalized: boolean): string {
  if (!Number.isFinite(value)) return '—';
  if (!normalized) return String(Math.round(value));
  if (value > 0 && value < 0.005) return '<1%';
  return `${Math.round(value * 100)}%`;
}

/** One sentence per cell, for the tooltip and the keyboard table: both numbers, whichever is drawn. */
export function describeCell(cell: MatrixCell): string {
  const clips = `${cell.count} ${cell.count === 1 ? 'clip' : 'clips'}`;
  return `True ${cell.trueLabel}, predicted ${cell.predictedLabel}: ${clips} (${formatCellValue(cell.fraction, true)} of ${cell.trueLabel})`;
}

export type CellPosition = { row: number; col: number };

/** Where an arrow, Home or End key moves the focus in an n × n grid; undefined for other keys. */
export function moveCell(at: CellPosition, key: string, n: number): CellPosition | undefined {
  const last = n - 1;
  switch (key) {
    case 'ArrowLeft':
      return { row: at.row, col: Math.max(0, at.col - 1) };
    case 'ArrowRight':
      return { row: at.row, col: Math.min(last, at.col + 1) };
    case 'ArrowUp':
      return { row: Math.max(0, at.row - 1), col: at.col };
    case 'ArrowDown':
      return { row: Math.min(last, at.row + 1), col: at.col };
    case 'Home':
      return { row: at.row, col: 0 };
    case 'End':
      return { row: at.row, col: last };
    default:
      return undefined;
  }
}

const clamp01 = (t: number): number => (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0);

/** "#3563d8", "#36d" or "rgb(53, 99, 216)" / "rgb(53 99 216 / 50%)" as RGB; undefined for anything else. */
export function parseColor(css: string): Rgb | undefined {
  const s = css.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\(\s*(\d+(?:\.\d+)?)[\s,]+(\d+(?:\.\d+)?)[\s,]+(\d+(?:\.\d+)?)/i.exec(s);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])].map((c) => Math.min(255, Math.round(c))) as Rgb;
  return undefined;
}

export function mixRgb(from: Rgb, to: Rgb, t: number): Rgb {
  const f = clamp01(t);
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * f)) as Rgb;
}

export const rgbCss = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;

/** WCAG 2 relative luminance of an sRGB colour. */
export function relativeLuminance([r, g, b]: Rgb): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio, 1 (none) to 21 (black on white). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The ink among `inks` with the most contrast on `background`. */
export function readableInk(background: Rgb, inks: readonly Rgb[]): Rgb {
  let best = inks[0] ?? [0, 0, 0];
  for (const ink of inks) if (contrastRatio(background, ink) > contrastRatio(background, best)) best = ink;
  return best;
}

/** The heatmap's colours, taken from the theme: empty cells in `low`, the fullest in `high` (the accent). */
export interface CellPalette {
  low: Rgb;
  high: Rgb;
  inks: readonly Rgb[];
}

export function cellColors(intensity: number, palette: CellPalette): { fill: string; ink: string } {
  const fill = mixRgb(palette.low, palette.high, intensity);
  return { fill: rgbCss(fill), ink: rgbCss(readableInk(fill, palette.inks)) };
}
