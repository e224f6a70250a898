import type { ActiveElement, ScriptableContext } from 'chart.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Chart } from './charts.svelte';
import { clickedCell, matrixChartConfig, themePalette, type MatrixChartInput } from './matrix-chart';
import { threeClassReport } from './report-fixture';
import { cellColors, describeCell, matrixCells, matrixScale, type CellPalette, type MatrixCell } from './report-matrix';

const palette: CellPalette = {
  low: [238, 241, 245],
  high: [53, 99, 216],
  inks: [
    [255, 255, 255],
    [0, 0, 0],
  ],
};

function input(extra: Partial<MatrixChartInput> = {}): MatrixChartInput {
  const report = threeClassReport();
  return { labels: report.labels, cells: matrixCells(report, false), normalized: false, scale: matrixScale(report, false), palette, ...extra };
}

const hit = (index: number) => [{ datasetIndex: 0, index, element: {} }] as unknown as ActiveElement[];

describe('matrix chart', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('registers the matrix chart type with chart.js', () => {
    expect(Chart.registry.getController('matrix')).toBeDefined();
    expect(Chart.registry.getElement('matrix')).toBeDefined();
  });

  it('puts predicted labels on x and true labels on y, first label on top', () => {
    const config = matrixChartConfig(input());
    const scales = config.options!.scales as Record<string, { labels: string[]; reverse: boolean; title: { text: string } }>;
    expect(scales.x).toMatchObject({ labels: ['angry', 'happy', 'neutral', 'sad'], title: { text: 'Predicted label' } });
    expect(scales.y).toMatchObject({ labels: ['angry', 'happy', 'neutral', 'sad'], reverse: false, title: { text: 'True label' } });
    const data = config.data.datasets[0]!.data;
    expect(data).toHaveLength(16);
    expect(data[12]).toEqual({ x: 'angry', y: 'sad', v: 2 });
  });

  it('fills each cell with its colour from the palette', () => {
    const { cells } = input();
    const fill = matrixChartConfig(input()).data.datasets[0]!.backgroundColor as (ctx: Partial<ScriptableContext<'matrix'>>) => string;
    expect(fill({ dataIndex: 0 })).toBe(cellColors(1, palette).fill); // angry→angry, the largest count
    expect(fill({ dataIndex: 12 })).toBe(cellColors(cells[12]!.intensity, palette).fill);
    expect(fill({ dataIndex: 2 })).toBe('rgb(238, 241, 245)'); // an empty cell: the low colour
  });

  it('selects the clicked cell, and nothing on a click between cells', () => {
    const onselect = vi.fn<(cell: MatrixCell) => void>();
    const config = matrixChartConfig(input({ onselect }));
    const onClick = config.options!.onClick as (e: unknown, els: ActiveElement[], chart: unknown) => void;
    onClick({}, hit(12), {});
    expect(onselect).toHaveBeenCalledOnce();
    expect(onselect.mock.calls[0]![0]).toMatchObject({ trueLabel: 'sad', predictedLabel: 'angry', count: 2 });
    onClick({}, [], {});
    expect(onselect).toHaveBeenCalledOnce();
    expect(clickedCell(input().cells, hit(5))?.predictedLabel).toBe('happy');
  });

  it('explains a cell in its tooltip', () => {
    const { cells } = input();
    const label = matrixChartConfig(input()).options!.plugins!.tooltip!.callbacks!.label as unknown as (item: { dataIndex: number }) => string;
    expect(label({ dataIndex: 1 })).toBe(describeCell(cells[1]!));
    expect(label({ dataIndex: 1 })).toBe('True angry, predicted happy: 1 clip (25% of angry)');
  });

  it('takes its colours from the theme, with fallbacks for what it cannot read', () => {
    const vars: Record<string, string> = { '--surface-2': '#242a34', '--accent': 'rgb(124, 156, 245)' };
    vi.stubGlobal('document', { documentElement: {} });
    vi.stubGlobal('getComputedStyle', () => ({ getPropertyValue: (name: string) => vars[name] ?? '' }));
    expect(themePalette()).toMatchObject({ low: [36, 42, 52], high: [124, 156, 245] });
    vars['--accent'] = 'color-mix(in srgb, red, blue)';
    expect(themePalette().high).toEqual([53, 99, 216]);
  });
});
