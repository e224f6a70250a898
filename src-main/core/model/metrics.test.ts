import { describe, expect, it } from 'vitest';
import { argmax, clipOutcomes, evaluatePredictions, MetricsError } from './metrics';
import { formatClassificationReport, formatConfusionMatrix, pyFixed } from './report-format';

describe('evaluatePredictions', () => {
  // sklearn's classification_report docstring example, worked by hand:
  // cm = [[1,0,0],[1,0,0],[0,1,2]]; class 0: p=1/2 r=1/1; class 1: p=0/1 r=0/1; class 2: p=2/2 r=2/3.
  const labels = ['class 0', 'class 1', 'class 2'];
  const r = evaluatePredictions(labels, [0, 1, 2, 2, 2], [0, 0, 2, 2, 1]);

  it('counts the confusion matrix with rows = true labels', () => {
    expect(r.confusionMatrix).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 2],
    ]);
    expect(r.normalizedConfusionMatrix[2]).toEqual([0, 1 / 3, 2 / 3]);
    expect(r.total).toBe(5);
  });

  it('scores each class, accuracy and UAR', () => {
    expect(r.accuracy).toBeCloseTo(3 / 5, 12);
    expect(r.uar).toBeCloseTo((1 + 0 + 2 / 3) / 3, 12);
    expect(r.perClass['class 0']).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    expect(r.perClass['class 1']).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perClass['class 2'].precision).toBe(1);
    expect(r.perClass['class 2'].recall).toBeCloseTo(2 / 3, 12);
    expect(r.perClass['class 2'].f1).toBeCloseTo(0.8, 12);
  });

  it('averages macro and weighted by support', () => {
    expect(r.macroAvg.precision).toBeCloseTo(0.5, 12);
    expect(r.macroAvg.recall).toBeCloseTo((1 + 0 + 2 / 3) / 3, 12);
    expect(r.macroAvg.f1).toBeCloseTo((2 / 3 + 0 + 0.8) / 3, 12);
    expect(r.weightedAvg.precision).toBeCloseTo((0.5 * 1 + 0 * 1 + 1 * 3) / 5, 12);
    expect(r.weightedAvg.recall).toBeCloseTo(3 / 5, 12);
    expect(r.weightedAvg.f1).toBeCloseTo((2 / 3 + 0 + 0.8 * 3) / 5, 12);
  });

  it('prints the classification_report layout of sklearn exactly', () => {
    expect(formatClassificationReport(r)).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '     class 0       0.50      1.00      0.67         1',
        '     class 1       0.00      0.00      0.00         1',
        '     class 2       1.00      0.67      0.80         3',
        '',
        '    accuracy                           0.60         5',
        '   macro avg       0.50      0.56      0.49         5',
        'weighted avg       0.70      0.60      0.61         5',
        '',
      ].join('\n'),
    );
  });

  // a: tp 1 of 2 predicted, 2 true; b: 1/1, 2 true; c: never predicted, 1 true; d: predicted twice, never true;
  // e: neither (left out of the report, kept in the matrix).
  const edge = evaluatePredictions(['a', 'b', 'c', 'd', 'e'], [0, 0, 1, 1, 2], [0, 3, 1, 0, 3]);

  it('uses zero_division=0 for a class never predicted and a class absent from y_true', () => {
    expect(edge.perClass.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(edge.perClass.d).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(edge.perClass.e).toBeUndefined();
    expect(edge.perClass.b).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(edge.confusionMatrix.length).toBe(5);
    expect(edge.normalizedConfusionMatrix[3]).toEqual([0, 0, 0, 0, 0]);
    // UAR only over a, b, c (present in y_true): (1/2 + 1/2 + 0) / 3.
    expect(edge.uar).toBeCloseTo(1 / 3, 12);
    // macro over a, b, c, d (present in y_true or y_pred).
    expect(edge.macroAvg.precision).toBeCloseTo(1.5 / 4, 12);
    expect(edge.macroAvg.recall).toBeCloseTo(1 / 4, 12);
    expect(edge.macroAvg.f1).toBeCloseTo((0.5 + 2 / 3) / 4, 12);
    expect(edge.weightedAvg.precision).toBeCloseTo(3 / 5, 12);
  });

  it('prints the edge case with Python rounding (0.375 → 0.38, ties to even)', () => {
    expect(formatClassificationReport(edge)).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '           a       0.50      0.50      0.50         2',
        '           b       1.00      0.50      0.67         2',
        '           c       0.00      0.00      0.00         1',
        '           d       0.00      0.00      0.00         0',
        '',
        '    accuracy                           0.40         5',
        '   macro avg       0.38      0.25      0.29         5',
        'weighted avg       0.60      0.40      0.47         5',
        '',
      ].join('\n'),
    );
  });

  it('widens the name column for long labels and honours digits', () => {
    const long = evaluatePredictions(['pleasant surprise', 'x'], [0, 1, 1], [0, 1, 0]);
    const lines = formatClassificationReport(long, 3).split('\n');
    expect(lines[2]).toBe('pleasant surprise      0.500     1.000     0.667         1');
    expect(lines[0].length).toBe(lines[2].length);
  });

  it('rejects mismatched or out-of-range input', () => {
    expect(() => evaluatePredictions(['a'], [0], [])).toThrow(MetricsError);
    expect(() => evaluatePredictions(['a', 'b'], [0, 2], [0, 1])).toThrow(/yTrue\[1\] = 2/);
    expect(() => evaluatePredictions(['a', 'a'], [0], [0])).toThrow(/distinct/);
  });

  it('gives zeros, not NaN, for no clips', () => {
    const empty = evaluatePredictions(['a', 'b'], [], []);
    expect(empty.accuracy).toBe(0);
    expect(empty.uar).toBe(0);
    expect(empty.macroAvg.f1).toBe(0);
  });
});

describe('formatting helpers', () => {
  it('rounds like Python format', () => {
    expect(pyFixed(0.125, 2)).toBe('0.12');
    expect(pyFixed(0.375, 2)).toBe('0.38');
    expect(pyFixed(2.5, 0)).toBe('2');
    expect(pyFixed(0.615, 2)).toBe('0.61'); // 0.615 is 0.61499… in binary
    expect(pyFixed(0.005, 2)).toBe('0.01'); // 0.005 is 0.005000…1 in binary
    expect(pyFixed(2 / 3, 2)).toBe('0.67');
  });

  it('tables the confusion matrix', () => {
    const r = evaluatePredictions(['angry', 'sad'], [0, 0, 1], [0, 1, 1]);
    expect(formatConfusionMatrix(r)).toBe('true \\ predicted  angry  sad\nangry                 1    1\nsad                   0    1\n');
  });

  it('argmax takes the first maximum', () => {
    expect(argmax([0.1, 0.7, 0.7, 0.2])).toBe(1);
    expect(argmax(new Float32Array([5, 1, 9, 9, 0, 3]), 3, 3)).toBe(0);
  });
});

describe('clipOutcomes', () => {
  it('gives every clip its prediction and lists the misclassified ones', () => {
    const probs = Float32Array.from([0.7, 0.3, 0.2, 0.8, 0.6, 0.4]);
    const { predictions, misclassified } = clipOutcomes(['a', 'b'], ['/x', '/y', '/z'], [0, 1, 1], probs);
    expect(predictions.map((p) => [p.path, p.label, p.predicted])).toEqual([
      ['/x', 'a', 'a'],
      ['/y', 'b', 'b'],
      ['/z', 'b', 'a'],
    ]);
    expect(predictions[2]!.probabilities).toEqual([0.6, 0.4]);
    expect(misclassified).toEqual([{ path: '/z', label: 'b', predicted: 'a', confidence: probs[4] }]);
  });
});
