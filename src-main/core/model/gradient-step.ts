/**
 * One training step in parts, so that two threads can share a batch (data-parallel training): the gradients of
 * a (part of a) batch, and applying gradients through the model's own optimizer. The loss is what
 * `compileClassifier` compiles (Keras's categorical cross-entropy of softmax outputs, mean over the batch), so a
 * step made of these parts is the step `trainOnBatch` makes.
 */
import * as tf from '@tensorflow/tfjs';

/** The model's trainable variables, in the order gradients are exchanged (the same in every replica of a model). */
function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

export interface BatchGradients {
  /** Mean loss over the batch, and how many of its examples the model got right (before the step). */
  loss: number;
  correct: number;
  /** One array per trainable variable, in `trainableWeights` order. */
  grads: Float32Array[];
}

/** The gradients of the mean loss of x [n, …] against one-hot y [n, classes]; the weights are not changed. */
export async function batchGradients(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor2D): Promise<BatchGradients> {
  const variables = trainableVariables(model);
  let correct: tf.Scalar | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const probs = model.apply(x, { training: true }) as tf.Tensor2D;
    correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, -1), tf.argMax(y, -1)), 'float32')) as tf.Scalar);
    return tf.mean(tf.metrics.categoricalCrossentropy(y, probs)) as tf.Scalar;
  }, variables);
  try {
    const arrays = await Promise.all(variables.map((v) => grads[v.name]!.data() as Promise<Float32Array>));
    return { loss: (await value.data())[0]!, correct: (await correct!.data())[0]!, grads: arrays };
  } finally {
    tf.dispose([value, correct!, ...Object.values(grads)]);
  }
}

/** Applies gradients (in `trainableWeights` order) with the model's optimizer: its state moves as trainOnBatch's would. */
export function applyGradients(model: tf.LayersModel, grads: readonly Float32Array[]): void {
  const variables = trainableVariables(model);
  if (grads.length !== variables.length) throw new Error(`${grads.length} gradients for ${variables.length} trainable variables`);
  const named: tf.NamedTensorMap = {};
  variables.forEach((v, i) => (named[v.name] = tf.tensor(grads[i]!, v.shape, 'float32')));
  try {
    model.optimizer.applyGradients(named);
  } finally {
    tf.dispose(Object.values(named));
  }
}

/** Weighted mean of two parts' gradients, (a·na + b·nb) / (na + nb), element by element: a batch's gradient from its halves. */
export function combineGradients(a: readonly Float32Array[], na: number, b: readonly Float32Array[], nb: number): Float32Array[] {
  const n = na + nb;
  return a.map((ga, i) => {
    const gb = b[i]!;
    if (gb.length !== ga.length) throw new Error(`gradient ${i}: ${ga.length} values here, ${gb.length} from the replica`);
    const out = new Float32Array(ga.length);
    for (let j = 0; j < ga.length; j++) out[j] = (ga[j]! * na + gb[j]! * nb) / n;
    return out;
  });
}
