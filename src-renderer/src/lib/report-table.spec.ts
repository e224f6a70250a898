import { describe, expect, it } from 'vitest';
import { threeClassReport } from './report-fixture';
import { classRows, f1Series, formatScore, formatSupport, reportNotes, reportRows, scoredLabels } from './report-table';

const formatted = (label: string) => {
  const row = reportRows(threeClassReport()).find((r) => r.label === label)!;
  return [formatScore(row.precision), formatScore(row.recall), formatScore(row.f1), formatSupport(row.support)];
};

describe('report table', () => {
  it('lists the scored labels in the model order, leaving out one no clip had', () => {
    expect(scoredLabels(threeClassReport())).toEqual(['angry', 'happy', 'sad']);
  });

  it('keeps a scored label the label list lacks, after the others', () => {
    const report = threeClassReport();
    report.perClass.calm = { precision: 0, recall: 0, f1: 0, support: 1 };
    expect(classRows(report).map((r) => r.label)).toEqual(['angry', 'happy', 'sad', 'calm']);
  });

  it('orders rows as sklearn prints them, then UAR', () => {
    expect(reportRows(threeClassReport()).map((r) => `${r.kind}:${r.label}`)).toEqual([
      'class:angry',
      'class:happy',
      'class:sad',
      'accuracy:accuracy',
      'average:macro avg',
      'average:weighted avg',
      'uar:UAR',
    ]);
  });

  it('shows core’s figures with 3 decimals, blank where sklearn prints none', () => {
    expect(formatted('angry')).toEqual(['0.600', '0.750', '0.667', '4']);
    expect(formatted('happy')).toEqual(['0.500', '1.000', '0.667', '2']);
    expect(formatted('sad')).toEqual(['1.000', '0.250', '0.400', '4']);
    expect(formatted('accuracy')).toEqual(['', '', '0.600', '10']);
    expect(formatted('macro avg')).toEqual(['0.700', '0.667', '0.578', '10']);
    expect(formatted('weighted avg')).toEqual(['0.740', '0.600', '0.560', '10']);
    expect(formatted('UAR')).toEqual(['', '0.667', '', '10']);
  });

  it('marks a score that is not a number instead of printing NaN', () => {
    expect(formatScore(Number.NaN)).toBe('—');
    expect(formatSupport(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('gives the F1 series in table order', () => {
    expect(f1Series(threeClassReport())).toEqual({ labels: ['angry', 'happy', 'sad'], f1: [6 / 9, 4 / 6, 2 / 5] });
  });

  it('notes excluded and failed clips only when there are some', () => {
    expect(reportNotes(threeClassReport())).toEqual([]);
    expect(reportNotes({ ...threeClassReport(), excluded: 0, failed: [] })).toEqual([]);
    expect(
      reportNotes({
        ...threeClassReport(),
        excluded: 1,
        failed: [
          { path: '/a.wav', reason: 'bad header' },
          { path: '/b.wav', reason: 'empty' },
        ],
      }),
    ).toEqual(['1 clip left out: their label is not one the model knows.', '2 clips could not be read or featurised.']);
  });
});
