// The confusion-matrix heatmap on chart.js: registers chartjs-chart-matrix once (importing this module
// is enough), reads its colours from the theme, and builds the chart's configuration. chart.js draws
// the cells; one small plugin adds what the matrix element does not draw itself: the value in each cell,
// a ring on the keyboard-focused cell, and the colour scale beside the grid (inside the canvas, so the
// exported PNG carries it).
import type { ActiveElement, ChartConfiguration, ChartEvent, Plugin } from 'chart.js';
import { MatrixController, MatrixElement, type MatrixDataPoint } from 'chartjs-chart-matrix';
import { Chart } from './charts.svelte';
import {
  cellColors,
  describeCell,
  formatCellValue,
  parseColor,
  rgbCss,
  type CellPalette,
  type CellPosition,
  type MatrixCell,
  type MatrixScale,
  type Rgb,
} from './report-matrix';
import { cssVar } from './theme';

Chart.register(MatrixController, MatrixElement);

/** Room right of the grid for the colour scale (bar + its min/max labels). */
const SCALE_GUTTER = 72;
const SCALE_BAR = 12;
/** Gap between cells, in CSS pixels: the card's surface shows through. */
const CELL_GAP = 2;

export interface MatrixChartInput {
  /** The model's labels: rows (true) and columns (predicted), in this order. */
  labels: string[];
  cells: MatrixCell[];
  normalized: boolean;
  scale: MatrixScale;
  palette: CellPalette;
  /** The cell the keyboard table has focus on, read at every draw. */
  focused?: () => CellPosition | undefined;
  onselect?: (cell: MatrixCell) => void;
}

/**
 * Cell colours from the theme: empty cells in --surface-2 (distinct from the card), full ones in the
 * accent. The ink is black or white, whichever contrasts more with the fill: the fills span light to
 * dark in both themes, so no single theme text colour is readable on all of them.
 */
export function themePalette(): CellPalette {
  const white: Rgb = [255, 255, 255];
  const black: Rgb = [0, 0, 0];
  return {
    low: parseColor(cssVar('--surface-2', '#eef1f5')) ?? [238, 241, 245],
    high: parseColor(cssVar('--accent', '#3563d8')) ?? [53, 99, 216],
    inks: [white, black],
  };
}

const cellFont = (size: number) => `600 ${size}px ${Chart.defaults.font.family ?? 'system-ui'}`;

function overlay(input: MatrixChartInput, colors: { fill: string; ink: string }[]): Plugin<'matrix'> {
  return {
    id: 'serConfusionMatrix',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      const rects = chart.getDatasetMeta(0).data as unknown as MatrixElement[];
      ctx.save();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      rects.forEach((rect, i) => {
        const cell = input.cells[i];
        if (!cell || rect.width < 16 || rect.height < 12) return;
        const { x, y } = rect.getCenterPoint();
        ctx.font = cellFont(Math.max(9, Math.min(14, Math.floor(Math.min(rect.width / 3.2, rect.height / 2.2)))));
        ctx.fillStyle = colors[i]!.ink;
        ctx.fillText(formatCellValue(cell.value, input.normalized), x, y, rect.width - 4);
      });
      const focus = input.focused?.();
      const at = focus ? input.cells.findIndex((c) => c.row === focus.row && c.col === focus.col) : -1;
      const ring = rects[at];
      if (ring) {
        ctx.lineWidth = 2;
        ctx.strokeStyle = cssVar('--text', '#1d2330');
        ctx.strokeRect(ring.x - 1, ring.y - 1, ring.width + 2, ring.height + 2);
      }
      ctx.restore();
    },
    afterDraw(chart) {
      const { ctx, chartArea: area } = chart;
      if (!area) return;
      const x = area.right + 14;
      const bar = ctx.createLinearGradient(0, area.bottom, 0, area.top);
      bar.addColorStop(0, rgbCss(input.palette.low));
      bar.addColorStop(1, rgbCss(input.palette.high));
      ctx.save();
      ctx.fillStyle = bar;
      ctx.fillRect(x, area.top, SCALE_BAR, area.bottom - area.top);
      ctx.fillStyle = String(Chart.defaults.color);
      ctx.font = `${Chart.defaults.font.size ?? 12}px ${Chart.defaults.font.family ?? 'system-ui'}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(formatCellValue(input.scale.max, input.normalized), x + SCALE_BAR + 4, area.top);
      ctx.textBaseline = 'bottom';
      ctx.fillText(formatCellValue(input.scale.min, input.normalized), x + SCALE_BAR + 4, area.bottom);
      ctx.restore();
    },
  };
}

/** Cell under a click, from chart.js's hit list (matrix cells do not overlap: at most one). */
export function clickedCell(cells: MatrixCell[], elements: ActiveElement[]): MatrixCell | undefined {
  const hit = elements[0];
  return hit ? cells[hit.index] : undefined;
}

export function matrixChartConfig(input: MatrixChartInput): ChartConfiguration<'matrix', MatrixDataPoint[], string> {
  const n = input.labels.length;
  const colors = input.cells.map((c) => cellColors(c.intensity, input.palette));
  const axis = (title: string) => ({
    type: 'category' as const,
    labels: input.labels,
    offset: true,
    // The matrix controller reverses y for linear scales; categories must keep row 0 (the first label) on top.
    reverse: false,
    grid: { display: false },
    border: { display: false },
    ticks: { autoSkip: false },
    title: { display: true, text: title, font: { weight: 'bold' as const } },
  });
  return {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: 'Confusion matrix',
          data: input.cells.map((c) => ({ x: c.predictedLabel, y: c.trueLabel, v: c.value })),
          backgroundColor: (ctx) => colors[ctx.dataIndex]?.fill ?? 'transparent',
          // Hover keeps the fill (the ink was chosen for it); the focus ring and the tooltip mark the cell.
          hoverBackgroundColor: (ctx) => colors[ctx.dataIndex]?.fill ?? 'transparent',
          borderWidth: 0,
          width: ({ chart }) => Math.max(1, (chart.chartArea?.width ?? 0) / n - CELL_GAP),
          height: ({ chart }) => Math.max(1, (chart.chartArea?.height ?? 0) / n - CELL_GAP),
        },
      ],
    },
    options: {
      responsive: true,
      layout: { padding: { right: SCALE_GUTTER, top: 4 } },
      scales: { x: axis('Predicted label'), y: axis('True label') },
      plugins: {
        legend: { display: false },
        tooltip: {
          displayColors: false,
          callbacks: {
            title: () => '',
            label: (item) => {
              const cell = input.cells[item.dataIndex];
              return cell ? describeCell(cell) : '';
            },
          },
        },
      },
      onClick: (_event: ChartEvent, elements: ActiveElement[]) => {
        const cell = clickedCell(input.cells, elements);
        if (cell) input.onselect?.(cell);
      },
      onHover: (_event: ChartEvent, elements: ActiveElement[], chart) => {
        if (input.onselect) chart.canvas.style.cursor = elements.length > 0 ? 'pointer' : '';
      },
    },
    plugins: [overlay(input, colors)],
  };
}

/** Shows the focused cell as if hovered (highlight + tooltip), or clears it; the caller updates the chart. */
export function showFocusedCell(chart: Chart<'matrix'>, cells: MatrixCell[], focus: CellPosition | undefined): void {
  const index = focus ? cells.findIndex((c) => c.row === focus.row && c.col === focus.col) : -1;
  const rect = (chart.getDatasetMeta(0).data as unknown as MatrixElement[])[index];
  const active = rect ? [{ datasetIndex: 0, index }] : [];
  chart.setActiveElements(active);
  chart.tooltip?.setActiveElements(active, rect ? rect.getCenterPoint() : { x: 0, y: 0 });
}
