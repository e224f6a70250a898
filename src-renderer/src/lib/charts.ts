// chart.js with only the pieces the app draws (keeps the bundle small), themed from the CSS variables.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';
import { cssVar } from './theme';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };

export { onColorSchemeChange } from './theme';

export function applyChartDefaults(): void {
  Chart.defaults.color = cssVar('--text-muted', '#5d6778');
  Chart.defaults.borderColor = cssVar('--border', '#d9dee6');
  Chart.defaults.font.family = cssVar('--font', 'system-ui');
  Chart.defaults.font.size = 12;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}
