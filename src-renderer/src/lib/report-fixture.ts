// A hand-made EvaluationReport for the report specs (not imported by product code). Four labels, one of
// them ("neutral") absent from both y_true and y_pred, so it has a confusion-matrix row but no perClass
// entry, as core reports it. The figures are sklearn's for this matrix, written as fractions.
//
//              predicted: angry happy neutral sad
//   true angry            3     1     0      0     support 4
//   true happy            0     2     0      0     support 2
//   true neutral          0     0     0      0     support 0
//   true sad              2     1     0      1     support 4
import type { EvaluationReport } from '../../../src-main/api/contract';

export function threeClassReport(): EvaluationReport {
  return {
    labels: ['angry', 'happy', 'neutral', 'sad'],
    accuracy: 6 / 10,
    uar: (3 / 4 + 1 + 1 / 4) / 3,
    confusionMatrix: [
      [3, 1, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 0, 0],
      [2, 1, 0, 1],
    ],
    normalizedConfusionMatrix: [
      [3 / 4, 1 / 4, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [2 / 4, 1 / 4, 0, 1 / 4],
    ],
    perClass: {
      angry: { precision: 3 / 5, recall: 3 / 4, f1: 6 / 9, support: 4 },
      happy: { precision: 2 / 4, recall: 1, f1: 4 / 6, support: 2 },
      sad: { precision: 1, recall: 1 / 4, f1: 2 / 5, support: 4 },
    },
    macroAvg: { precision: (3 / 5 + 2 / 4 + 1) / 3, recall: (3 / 4 + 1 + 1 / 4) / 3, f1: (6 / 9 + 4 / 6 + 2 / 5) / 3, support: 10 },
    weightedAvg: { precision: ((3 / 5) * 4 + (2 / 4) * 2 + 1 * 4) / 10, recall: 6 / 10, f1: ((6 / 9) * 4 + (4 / 6) * 2 + (2 / 5) * 4) / 10, support: 10 },
    total: 10,
  };
}
