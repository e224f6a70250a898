import { describe, expect, it } from 'vitest';
import { threeClassReport } from './report-fixture';
import {
  cellColors,
  contrastRatio,
  describeCell,
  formatCellValue,
  matrixCells,
  matrixScale,
  mixRgb,
  moveCell,
  parseColor,
  readableInk,
  type CellPalette,
  type Rgb,
} from './report-matrix';

const white: Rgb = [255, 255, 255];
const black: Rgb = [0, 0, 0];
// app.css: --surface-2 → --accent, light and dark.
const light: CellPalette = { low: [0xee, 0xf1, 0xf5], high: [0x35, 0x63, 0xd8], inks: [white, black] };
const dark: CellPalette = { low: [0x24, 0x2a, 0x34], high: [0x7c, 0x9c, 0xf5], inks: [white, black] };
const ink = (intensity: number, p: CellPalette) => cellColors(intensity, p).ink;

describe('matrix cells', () => {
  it('scales counts from 0 to the largest cell and fractions from 0 to 1', () => {
    const report = threeClassReport();
    expect(matrixScale(report, false)).toEqual({ min: 0, max: 3 });
    expect(matrixScale(report, true)).toEqual({ min: 0, max: 1 });
    const empty = { ...report, confusionMatrix: report.confusionMatrix.map((r) => r.map(() => 0)) };
    expect(matrixScale(empty, false)).toEqual({ min: 0, max: 1 });
  });

  it('lays cells out row by row with core’s count and fraction', () => {
    const cells = matrixCells(threeClassReport(), false);
    expect(cells).toHaveLength(16);
    expect(cells.map((c) => c.count)).toEqual([3, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 2, 1, 0, 1]);
    expect(cells[12]).toEqual({ row: 3, col: 0, trueLabel: 'sad', predictedLabel: 'angry', count: 2, fraction: 0.5, value: 2, intensity: 2 / 3 });
  });

  it('shows and colours the row-normalised value when asked', () => {
    const cells = matrixCells(threeClassReport(), true);
    expect(cells[12]).toMatchObject({ value: 0.5, intensity: 0.5 });
    expect(cells[5]).toMatchObject({ trueLabel: 'happy', predictedLabel: 'happy', value: 1, intensity: 1 });
    expect(cells[10]).toMatchObject({ trueLabel: 'neutral', value: 0, intensity: 0 });
  });

  it('formats counts and percentages, never rounding a real share down to none', () => {
    expect(formatCellValue(12, false)).toBe('12');
    expect(formatCellValue(0.75, true)).toBe('75%');
    expect(formatCellValue(1, true)).toBe('100%');
    expect(formatCellValue(0, true)).toBe('0%');
    expect(formatCellValue(0.004, true)).toBe('<1%');
    expect(formatCellValue(0.005, true)).toBe('1%');
    expect(formatCellValue(Number.NaN, true)).toBe('—');
  });

  it('describes a cell with both numbers, whichever the heatmap shows', () => {
    for (const normalized of [false, true]) {
      const cells = matrixCells(threeClassReport(), normalized);
      expect(describeCell(cells[12]!)).toBe('True sad, predicted angry: 2 clips (50% of sad)');
      expect(describeCell(cells[1]!)).toBe('True angry, predicted happy: 1 clip (25% of angry)');
    }
  });
});

describe('moveCell', () => {
  it('moves by arrows inside the grid and stops at its edges', () => {
    expect(moveCell({ row: 1, col: 1 }, 'ArrowRight', 4)).toEqual({ row: 1, col: 2 });
    expect(moveCell({ row: 1, col: 1 }, 'ArrowDown', 4)).toEqual({ row: 2, col: 1 });
    expect(moveCell({ row: 0, col: 0 }, 'ArrowUp', 4)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 0, col: 0 }, 'ArrowLeft', 4)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 3, col: 3 }, 'ArrowDown', 4)).toEqual({ row: 3, col: 3 });
    expect(moveCell({ row: 3, col: 3 }, 'ArrowRight', 4)).toEqual({ row: 3, col: 3 });
  });
  it('jumps to the row’s ends with Home and End, and ignores other keys', () => {
    expect(moveCell({ row: 2, col: 1 }, 'Home', 4)).toEqual({ row: 2, col: 0 });
    expect(moveCell({ row: 2, col: 1 }, 'End', 4)).toEqual({ row: 2, col: 3 });
    expect(moveCell({ row: 2, col: 1 }, 'Enter', 4)).toBeUndefined();
  });
});

describe('cell colours', () => {
  it('reads the theme’s colour notations', () => {
    expect(parseColor('#3563d8')).toEqual([53, 99, 216]);
    expect(parseColor(' #36D ')).toEqual([0x33, 0x66, 0xdd]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColor('rgb(10 20 30 / 50%)')).toEqual([10, 20, 30]);
    expect(parseColor('rgba(300, 0, 0, 0.5)')).toEqual([255, 0, 0]);
    expect(parseColor('blue')).toBeUndefined();
    expect(parseColor('')).toBeUndefined();
  });

  it('blends from the low to the high colour, clamped to [0, 1]', () => {
    expect(mixRgb([0, 0, 0], [200, 100, 50], 0)).toEqual([0, 0, 0]);
    expect(mixRgb([0, 0, 0], [200, 100, 50], 0.5)).toEqual([100, 50, 25]);
    expect(mixRgb([0, 0, 0], [200, 100, 50], 2)).toEqual([200, 100, 50]);
    expect(cellColors(1, light).fill).toBe('rgb(53, 99, 216)');
    expect(cellColors(0, dark).fill).toBe('rgb(36, 42, 52)');
  });

  it('measures contrast as WCAG does', () => {
    expect(contrastRatio(white, black)).toBeCloseTo(21, 6);
    expect(contrastRatio(black, white)).toBeCloseTo(21, 6);
    expect(contrastRatio([0x77, 0x77, 0x77], [0x77, 0x77, 0x77])).toBe(1);
    expect(readableInk([250, 250, 250], [white, black])).toEqual(black);
    expect(readableInk([20, 20, 20], [black, white])).toEqual(white);
  });

  it('writes dark ink on pale cells and light ink on deep ones, in both themes', () => {
    expect(ink(0, light)).toBe('rgb(0, 0, 0)');
    expect(ink(1, light)).toBe('rgb(255, 255, 255)');
    expect(ink(0, dark)).toBe('rgb(255, 255, 255)');
    expect(ink(1, dark)).toBe('rgb(0, 0, 0)');
  });

  it('keeps every cell’s text at WCAG AA contrast (4.5:1) across the scale', () => {
    for (const palette of [light, dark]) {
      for (let i = 0; i <= 40; i++) {
        const fill = mixRgb(palette.low, palette.high, i / 40);
        expect(contrastRatio(fill, readableInk(fill, palette.inks))).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
