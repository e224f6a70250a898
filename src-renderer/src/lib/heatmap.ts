// Turns a row-major [rows, cols] matrix into RGBA pixels: one pixel per cell, row 0 at the bottom
// (MFCC 0 low, like librosa.display.specshow), coloured with viridis between min and max.
import { VIRIDIS_LUT } from './colormap';

export interface ValueRange {
  min: number;
  max: number;
}

export function valueRange(data: ArrayLike<number>): ValueRange {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { min: 0, max: 0 };
  return { min, max };
}

/** Range of rows [fromRow, rows) of a row-major matrix with `cols` columns. */
export function rowsRange(data: ArrayLike<number>, cols: number, fromRow: number): ValueRange {
  const start = Math.min(data.length, Math.max(0, fromRow * cols));
  return valueRange(Array.prototype.slice.call(data, start) as number[]);
}

export function heatmapPixels(data: ArrayLike<number>, rows: number, cols: number, range: ValueRange): Uint8ClampedArray {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows <= 0 || cols <= 0) {
    throw new Error(`heatmap: invalid shape [${rows}, ${cols}]`);
  }
  if (data.length !== rows * cols) {
    throw new Error(`heatmap: ${data.length} values do not fill a [${rows}, ${cols}] matrix`);
  }
  const span = range.max - range.min;
  const out = new Uint8ClampedArray(rows * cols * 4);
  for (let r = 0; r < rows; r++) {
    const y = rows - 1 - r;
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      const t = span > 0 && Number.isFinite(v) ? (v - range.min) / span : 0;
      const k = Math.round(Math.min(1, Math.max(0, t)) * 255) * 3;
      const o = (y * cols + c) * 4;
      out[o] = VIRIDIS_LUT[k]!;
      out[o + 1] = VIRIDIS_LUT[k + 1]!;
      out[o + 2] = VIRIDIS_LUT[k + 2]!;
      out[o + 3] = 255;
    }
  }
  return out;
}
