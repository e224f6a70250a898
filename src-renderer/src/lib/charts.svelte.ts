// chart.js with only the pieces the app draws (keeps the bundle small), themed from the CSS variables,
// and the one place that creates and destroys charts: every view draws through `chartOn`.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import { cssVar, onColorSchemeChange } from './theme';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };

function applyChartDefaults(): void {
  Chart.defaults.color = cssVar('--text-muted', '#5d6778');
  Chart.defaults.borderColor = cssVar('--border', '#d9dee6');
  Chart.defaults.font.family = cssVar('--font', 'system-ui');
  Chart.defaults.font.size = 12;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}

/**
 * A chart's whole life on one canvas, as a Svelte attachment: `<canvas {@attach chartOn(() => config)}>`.
 * State read by `build` redraws the chart from scratch (fine for charts that change rarely); state read
 * only by `refresh` updates the existing chart in place (curves that grow every epoch: mutate
 * `chart.data` there, then the chart is updated without animation). `refresh` must be idempotent — bring
 * `chart.data` up to date with the state, e.g. append the points the chart lacks — because it also runs
 * after a rebuild. The chart is rebuilt when the colour scheme changes and destroyed with the canvas.
 *
 * Arrays put into `chart.data` by `refresh` must be plain (`.map(...)` or `$state.snapshot`): chart.js
 * patches the arrays it draws with non-enumerable properties, which Svelte's state proxies refuse.
 */
export function chartOn<T extends ChartType>(build: () => ChartConfiguration<T>, refresh?: (chart: Chart<T>) => void): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    let chart: Chart<T> | undefined;
    // Only what `build` itself reads is a dependency; chart.js's own reads of the config are not.
    const create = (config: ChartConfiguration<T>) =>
      untrack(() => {
        chart?.destroy();
        applyChartDefaults();
        // A plain copy, for the reason above (functions in the options are kept as they are).
        chart = new Chart(canvas, $state.snapshot(config) as ChartConfiguration<T>);
      });
    create(build());
    const offScheme = onColorSchemeChange(() => {
      create(build());
      if (chart && refresh) {
        refresh(chart);
        chart.update('none');
      }
    });
    if (refresh) {
      $effect(() => {
        if (!chart) return;
        refresh(chart);
        const drawn = chart;
        untrack(() => drawn.update('none'));
      });
    }
    return () => {
      offScheme();
      chart?.destroy();
      chart = undefined;
    };
  };
}
