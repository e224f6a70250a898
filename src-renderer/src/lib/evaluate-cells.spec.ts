import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../src-main/api/contract';
import { clipName, clipsInCell, rankedProbabilities } from './evaluate-cells';

const report = {
  labels: ['angry', 'sad'],
  predictions: [
    { path: '/c/OAF_a_angry.wav', label: 'angry', predicted: 'sad', probabilities: [0.4, 0.6] },
    { path: '/c/OAF_b_angry.wav', label: 'angry', predicted: 'sad', probabilities: [0.1, 0.9] },
    { path: '/c/OAF_c_angry.wav', label: 'angry', predicted: 'angry', probabilities: [0.8, 0.2] },
    { path: '/c/OAF_d_sad.wav', label: 'sad', predicted: 'sad', probabilities: [0.3, 0.7] },
  ],
} as unknown as EvaluationReport;

describe('confusion-matrix cells', () => {
  it('lists the clips of a cell, surest first', () => {
    expect(clipsInCell(report, { trueLabel: 'angry', predictedLabel: 'sad' })?.map((p) => clipName(p.path))).toEqual(['OAF_b_angry.wav', 'OAF_a_angry.wav']);
    expect(clipsInCell(report, { trueLabel: 'sad', predictedLabel: 'angry' })).toEqual([]);
  });

  it('says when a report has no per-clip predictions', () => {
    expect(clipsInCell({ ...report, predictions: undefined }, { trueLabel: 'angry', predictedLabel: 'sad' })).toBeUndefined();
  });

  it('ranks a clip’s probabilities', () => {
    expect(rankedProbabilities(report.labels, report.predictions![0]!)).toEqual([
      { label: 'sad', probability: 0.6 },
      { label: 'angry', probability: 0.4 },
    ]);
  });
});
