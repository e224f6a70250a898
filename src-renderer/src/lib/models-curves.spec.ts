import { describe, expect, it } from 'vitest';
import { history } from './models-fixture';
import { overlaidValidationAccuracy } from './models-curves';

describe('overlaidValidationAccuracy', () => {
  it('puts every run on the longest run\u2019s epoch axis, one series each', () => {
    const o = overlaidValidationAccuracy([
      { name: 'short', history: history([0.4, 0.5]) },
      { name: 'long', history: history([0.3, 0.6, 0.8]) },
    ]);
    expect(o.epochs).toEqual([1, 2, 3]);
    expect(o.series).toEqual([
      { label: 'short', data: [0.4, 0.5, null] },
      { label: 'long', data: [0.3, 0.6, 0.8] },
    ]);
  });
  it('falls back to training accuracy, labelled so, for a run saved without validation figures', () => {
    const o = overlaidValidationAccuracy([{ name: 'no-val', history: history([undefined, undefined]) }]);
    expect(o.series[0]).toEqual({ label: 'no-val (training accuracy)', data: [0.5, 0.6] });
  });
});
