import { describe, expect, it } from 'vitest';
import { history, modelSummary } from './models-fixture';
import { metricsComparison, settingsDiff } from './models-compare';

const a = modelSummary({ id: 'a', accuracy: 0.6, uar: 0.5, macroF1: 0.4 });
const b = modelSummary({
  id: 'b',
  preset: 'sequence',
  featureSpec: { kind: 'frames' },
  history: history([0.4, 0.5, 0.7]),
  hyperParams: { epochs: 3, batchSize: 16, learningRate: 0.001, seed: 1 },
  accuracy: 0.8,
  uar: 0.5,
  macroF1: 0.75,
});

describe('settingsDiff', () => {
  it('marks exactly the settings that differ', () => {
    const rows = settingsDiff([a, b]);
    const differing = rows.filter((r) => !r.same).map((r) => r.key);
    expect(differing).toEqual(['preset', 'features', 'epochs', 'batchSize']);
    expect(rows.find((r) => r.key === 'epochs')!.values).toEqual(['2', '3']);
    expect(rows.find((r) => r.key === 'corpus')).toMatchObject({ same: true, values: ['tess (40 clips)', 'tess (40 clips)'] });
  });
  it('sees a different split, corpus, labels, learning rate and seed', () => {
    const c = modelSummary({
      id: 'c',
      labels: ['angry', 'happy', 'sad'],
      corpus: { root: '/data/ravdess', clips: 99 },
      hyperParams: { epochs: 2, batchSize: 8, learningRate: 0.01, seed: 7 },
      split: { spec: { kind: 'speaker', testSpeakers: ['YAF'] }, trainCount: 20, validationCount: 20, trainSpeakers: ['OAF'], validationSpeakers: ['YAF'] },
    });
    const differing = settingsDiff([a, c])
      .filter((r) => !r.same)
      .map((r) => r.key);
    expect(differing).toEqual(['split', 'counts', 'learningRate', 'seed', 'corpus', 'labels']);
  });
  it('finds nothing different between a model and itself, and handles three runs', () => {
    expect(settingsDiff([a, a]).every((r) => r.same)).toBe(true);
    const three = settingsDiff([a, a, b]);
    expect(three.find((r) => r.key === 'preset')).toMatchObject({ same: false, values: ['seed', 'seed', 'sequence'] });
  });
});

describe('metricsComparison', () => {
  it('takes the saved scores and marks the best of each', () => {
    const rows = metricsComparison([a, b]);
    expect(rows.map((r) => r.key)).toEqual(['accuracy', 'uar', 'macroF1']);
    expect(rows[0]).toMatchObject({ values: [0.6, 0.8], best: 1 });
    expect(rows[1]).toMatchObject({ values: [0.5, 0.5], best: -1 }); // a tie has no best
    expect(rows[2]).toMatchObject({ values: [0.4, 0.75], best: 1 });
  });
  it('leaves a model without a report blank and out of the running', () => {
    const none = modelSummary({ id: 'n' });
    const rows = metricsComparison([none, a]);
    expect(rows[0]).toMatchObject({ values: [undefined, 0.6], best: 1 });
  });
});
