import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../src-main/api/contract';
import { appendEpochs, hasValues, LOSS_SERIES } from './epoch-curves';
import type { CurveChartData } from './epoch-curves';

const epoch = (n: number, val = true): EpochMetrics => ({
  epoch: n,
  seconds: 1,
  loss: 1 / n,
  accuracy: n / 10,
  ...(val ? { valLoss: 2 / n, valAccuracy: n / 20 } : {}),
});

describe('appendEpochs', () => {
  const picks = LOSS_SERIES.map((s) => s.pick);
  const empty = (): CurveChartData => ({ labels: [], datasets: [{ data: [] }, { data: [] }] });

  it('appends only the epochs the chart lacks, keeping the arrays it has', () => {
    const data = empty();
    const labels = data.labels;
    expect(appendEpochs(data, [epoch(1)], picks)).toBe(1);
    expect(appendEpochs(data, [epoch(1), epoch(2)], picks)).toBe(1);
    expect(data.labels).toBe(labels);
    expect(data.labels).toEqual([1, 2]);
    expect(data.datasets[0]!.data).toEqual([1, 0.5]);
    expect(data.datasets[1]!.data).toEqual([2, 1]);
  });
  it('is idempotent', () => {
    const data = empty();
    appendEpochs(data, [epoch(1), epoch(2)], picks);
    expect(appendEpochs(data, [epoch(1), epoch(2)], picks)).toBe(0);
    expect(data.labels).toEqual([1, 2]);
  });
  it('starts over when the history no longer begins with what the chart holds', () => {
    const data = empty();
    appendEpochs(data, [epoch(1), epoch(2)], picks);
    appendEpochs(data, [epoch(3)], picks);
    expect(data.labels).toEqual([3]);
    expect(data.datasets[0]!.data).toEqual([1 / 3]);
  });
});

describe('hasValues', () => {
  it('tells a series with a value from one of gaps only', () => {
    const data = { labels: [], datasets: [{ data: [] }, { data: [] }] } as CurveChartData;
    appendEpochs(
      data,
      [epoch(1, false), epoch(2, false)],
      LOSS_SERIES.map((s) => s.pick),
    );
    expect(hasValues(data.datasets[0]!.data)).toBe(true);
    expect(hasValues(data.datasets[1]!.data)).toBe(false);
  });
});
