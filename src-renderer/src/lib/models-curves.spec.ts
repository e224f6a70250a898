import { describe, expect, it } from 'vitest';
import { history } from './models-fixture';
import { overlaidValidationAccuracy, trainingCurves } from './models-curves';

describe('trainingCurves', () => {
  it('gives training and validation loss and accuracy per epoch', () => {
    const c = trainingCurves(history([0.5, 0.75]));
    expect(c.epochs).toEqual([1, 2]);
    expect(c.loss.map((s) => s.label)).toEqual(['training loss', 'validation loss']);
    expect(c.loss[0]!.data).toEqual([1, 0.5]);
    expect(c.loss[1]!.data).toEqual([1.2, 0.6]);
    expect(c.accuracy[0]!.data).toEqual([0.5, 0.6]);
    expect(c.accuracy[1]!.data).toEqual([0.5, 0.75]);
  });
  it('leaves out validation series a history does not have, and gaps where an epoch lacks one', () => {
    const none = trainingCurves(history([undefined, undefined]));
    expect(none.loss).toHaveLength(1);
    expect(none.accuracy.map((s) => s.label)).toEqual(['training accuracy']);
    const some = trainingCurves(history([undefined, 0.7]));
    expect(some.accuracy[1]!.data).toEqual([null, 0.7]);
  });
});

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
