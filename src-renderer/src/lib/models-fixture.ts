// Hand-made ModelSummary values for the Models view's specs (not imported by product code).
import type { EpochMetrics, EvaluationReport, ModelSummary } from '../../../src-main/api/contract';

function report(accuracy: number, uar: number, macroF1: number): EvaluationReport {
  const scores = { precision: macroF1, recall: uar, f1: macroF1, support: 10 };
  return {
    labels: ['angry', 'sad'],
    accuracy,
    uar,
    confusionMatrix: [
      [5, 0],
      [0, 5],
    ],
    normalizedConfusionMatrix: [
      [1, 0],
      [0, 1],
    ],
    perClass: { angry: scores, sad: scores },
    macroAvg: scores,
    weightedAvg: scores,
    total: 10,
  };
}

export function history(valAccuracies: (number | undefined)[]): EpochMetrics[] {
  return valAccuracies.map((v, i) => ({
    epoch: i + 1,
    seconds: 1,
    loss: 1 / (i + 1),
    accuracy: 0.5 + i / 10,
    ...(v === undefined ? {} : { valLoss: 1.2 / (i + 1), valAccuracy: v }),
  }));
}

export function modelSummary(over: Partial<ModelSummary> & { id: string; accuracy?: number; uar?: number; macroF1?: number }): ModelSummary {
  const { accuracy, uar, macroF1, ...rest } = over;
  return {
    builtIn: false,
    dir: `/models/${over.id}`,
    name: over.id,
    preset: 'seed',
    labels: ['angry', 'sad'],
    featureSpec: { kind: 'seed' },
    createdAt: '2025-01-01T10:00:00.000Z',
    backend: 'wasm',
    appVersion: '0.1.0',
    history: history([0.5, 0.6]),
    report: accuracy === undefined ? undefined : report(accuracy, uar ?? accuracy, macroF1 ?? accuracy),
    corpus: { root: '/data/corpora/tess', convention: 'tess', clips: 40 },
    hyperParams: { epochs: 2, batchSize: 8, learningRate: 0.001, seed: 1 },
    split: {
      spec: { kind: 'random', valFraction: 0.25, seed: 1 },
      trainCount: 30,
      validationCount: 10,
      trainSpeakers: ['OAF', 'YAF'],
      validationSpeakers: ['OAF', 'YAF'],
    },
    speakerNormalised: false,
    ...rest,
  };
}
