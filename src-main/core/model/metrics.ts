/**
 * Classification metrics with scikit-learn's semantics (precision_recall_fscore_support with
 * zero_division=0, balanced_accuracy_score for UAR), so figures compare with the notebook's.
 */

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Misclassified {
  path: string;
  label: string;
  predicted: string;
  confidence: number;
}

/** One evaluated clip: its label, the model's choice, and the model's probability for each label (in `labels` order). */
export interface ClipPrediction {
  path: string;
  label: string;
  predicted: string;
  probabilities: number[];
}

export interface EvaluationReport {
  /** The model's labels, in the order of the confusion matrix rows and columns. */
  labels: string[];
  accuracy: number;
  /** Unweighted average recall: mean recall over the classes present in y_true. */
  uar: number;
  /** Counts; rows = true label, columns = predicted label. */
  confusionMatrix: number[][];
  /** Each row divided by its sum (a row with no clips stays zeros). */
  normalizedConfusionMatrix: number[][];
  /** Classes present in y_true or y_pred (sklearn's default label set), keyed by label. */
  perClass: Record<string, ClassScores>;
  macroAvg: ClassScores;
  weightedAvg: ClassScores;
  /** Number of clips evaluated. */
  total: number;
  misclassified?: Misclassified[];
  /** Every evaluated clip with its probabilities: what a confusion-matrix cell holds, clip by clip. */
  predictions?: ClipPrediction[];
  /** Clips left out because the model does not know their label. */
  excluded?: number;
  /** Those clips' labels, each with its clip count. */
  excludedLabels?: Record<string, number>;
  /** Clips that could not be read or featurised, with the reason. */
  failed?: { path: string; reason: string }[];
}

export class MetricsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}

/** precision/recall divisions with sklearn's zero_division=0. */
const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);

/**
 * Scores predictions of a model over `labels`: yTrue and yPred hold indices into `labels`.
 * The confusion matrix covers every label; per-class rows and macro/weighted averages cover the
 * labels that occur in yTrue or yPred, as sklearn's classification_report does without `labels=`.
 */
export function evaluatePredictions(labels: string[], yTrue: number[], yPred: number[]): EvaluationReport {
  const n = labels.length;
  if (new Set(labels).size !== n) throw new MetricsError('labels must be distinct');
  if (yTrue.length !== yPred.length) throw new MetricsError(`yTrue has ${yTrue.length} entries but yPred has ${yPred.length}`);
  const cm = labels.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(Number.isInteger(t) && t >= 0 && t < n)) throw new MetricsError(`yTrue[${i}] = ${t} is not a label index (0..${n - 1})`);
    if (!(Number.isInteger(p) && p >= 0 && p < n)) throw new MetricsError(`yPred[${i}] = ${p} is not a label index (0..${n - 1})`);
    cm[t][p]++;
  }
  const support = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = labels.map((_, j) => cm.reduce((a, row) => a + row[j], 0));
  const total = yTrue.length;
  let correct = 0;
  for (let k = 0; k < n; k++) correct += cm[k][k];

  const perClass: Record<string, ClassScores> = {};
  const present: ClassScores[] = [];
  const recalls: number[] = [];
  for (let k = 0; k < n; k++) {
    if (support[k] === 0 && predicted[k] === 0) continue;
    const tp = cm[k][k];
    const precision = ratio(tp, predicted[k]);
    const recall = ratio(tp, support[k]);
    // sklearn ≥ 1.3: F1 = 2tp / (2tp + fp + fn), zero_division when the denominator is 0.
    const f1 = ratio(2 * tp, support[k] + predicted[k]);
    const scores = { precision, recall, f1, support: support[k] };
    perClass[labels[k]] = scores;
    present.push(scores);
    if (support[k] > 0) recalls.push(recall);
  }
  const mean = (key: 'precision' | 'recall' | 'f1') =>
    ratio(
      present.reduce((a, s) => a + s[key], 0),
      present.length,
    );
  const weighted = (key: 'precision' | 'recall' | 'f1') =>
    ratio(
      present.reduce((a, s) => a + s[key] * s.support, 0),
      total,
    );

  return {
    labels: [...labels],
    accuracy: ratio(correct, total),
    uar: ratio(
      recalls.reduce((a, b) => a + b, 0),
      recalls.length,
    ),
    confusionMatrix: cm,
    normalizedConfusionMatrix: cm.map((row, k) => row.map((c) => ratio(c, support[k]))),
    perClass,
    macroAvg: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support: total },
    weightedAvg: { precision: weighted('precision'), recall: weighted('recall'), f1: weighted('f1'), support: total },
    total,
  };
}

/** Index of the largest value (the first on ties), as numpy's argmax. */
export function argmax(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let best = 0;
  for (let j = 1; j < length; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}

/**
 * The per-clip outcome of scoring `paths` (true label indices `yTrue`, softmax rows in `probs`):
 * every clip's prediction and the misclassified ones. Probabilities keep four decimals.
 */
export function clipOutcomes(
  labels: string[],
  paths: string[],
  yTrue: number[],
  probs: ArrayLike<number>,
): { predictions: ClipPrediction[]; misclassified: Misclassified[] } {
  const n = labels.length;
  const predictions: ClipPrediction[] = [];
  const misclassified: Misclassified[] = [];
  paths.forEach((path, i) => {
    const best = argmax(probs, i * n, n);
    const probabilities = Array.from({ length: n }, (_, j) => Math.round(probs[i * n + j] * 1e4) / 1e4);
    predictions.push({ path, label: labels[yTrue[i]], predicted: labels[best], probabilities });
    if (best !== yTrue[i]) misclassified.push({ path, label: labels[yTrue[i]], predicted: labels[best], confidence: probs[i * n + best] });
  });
  return { predictions, misclassified };
}
