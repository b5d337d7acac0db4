/**
 * The 784-100-10 step of `bench/browser-tfjs.ts` in the form TensorFlow.js's wasm backend runs
 * fastest: the gradients written out (as bench/tfjs.ts does for the Node bench) with explicit
 * `tf.transpose` before plain `tf.matMul` — autograd's matMul gradients pass transpose flags, which
 * leave XNNPACK's fast path — and applied by `tf.train.adam().applyGradients`, all in one tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';

/** The MLP's variables, named as `applyGradients` finds them. */
export interface MlpVars {
  readonly W1: tf.Variable<tf.Rank.R2>;
  readonly b1: tf.Variable<tf.Rank.R1>;
  readonly W2: tf.Variable<tf.Rank.R2>;
  readonly b2: tf.Variable<tf.Rank.R1>;
}

/** He-initialised 784-100-10 variables with unique names (each run builds a fresh set). */
export function mlpVars(run: number): MlpVars {
  const W = (fanIn: number, out: number, name: string): tf.Variable<tf.Rank.R2> =>
    tf.variable(tf.randomNormal([fanIn, out], 0, Math.sqrt(2 / fanIn)), true, `${name}_${run}`);
  const b = (out: number, name: string): tf.Variable<tf.Rank.R1> =>
    tf.variable(tf.zeros([out]), true, `${name}_${run}`);
  return { W1: W(784, 100, 'W1'), b1: b(100, 'b1'), W2: W(100, 10, 'W2'), b2: b(10, 'b2') };
}

/** One step on batch `x` with one-hot targets `t`: softmax cross-entropy's gradient by hand, then Adam. */
export function mlpStep(v: MlpVars, optimizer: tf.Optimizer, x: tf.Tensor2D, t: tf.Tensor2D): void {
  tf.tidy(() => {
    const z1 = tf.add(tf.matMul(x, v.W1), v.b1);
    const h = tf.relu(z1);
    const scores = tf.add(tf.matMul(h, v.W2), v.b2);
    const dScores = tf.div(tf.sub(tf.softmax(scores), t), x.shape[0]);
    const dZ1 = tf.mul(tf.matMul(dScores, tf.transpose(v.W2)), tf.step(z1));
    optimizer.applyGradients({
      [v.W1.name]: tf.matMul(tf.transpose(x), dZ1),
      [v.b1.name]: tf.sum(dZ1, 0),
      [v.W2.name]: tf.matMul(tf.transpose(h), dScores),
      [v.b2.name]: tf.sum(dScores, 0),
    });
  });
}
