import type { NDArray } from '../ndarray/ndarray.js';

/** Named parameters (W1, b1, ...) or their gradients, same names, same shapes. */
export type Params = Record<string, NDArray>;

/** Options of a network's forward pass (`predict`, `loss`). */
export interface ForwardOptions {
  /** Training mode: Dropout drops and BatchNormalization uses batch statistics (default false). */
  train?: boolean;
}

/**
 * How `predict` and `loss` are told the mode: an options object, or the book's positional
 * `train_flg` boolean (`net.predict(x, true)` is `net.predict(x, { train: true })`).
 */
export type TrainFlag = boolean | ForwardOptions;

/**
 * How a network's `loss` computes softmax cross-entropy. 'exact' (the default): from log-softmax,
 * exact to rounding. 'book': the book's `cross_entropy_error(softmax(y), t)`, which adds 1e-7 inside
 * the log, so that printed losses match the book's digit for digit (they differ from 'exact' by about
 * 1e-7 per sample, more for samples whose target probability is near 0). The gradient is (y − t)/batch
 * with either, as in the book.
 */
export type LossFormula = 'exact' | 'book';

/** What `lossAndGradient` returns: the batch loss and every parameter's gradient. */
export interface LossAndGradient {
  /** The loss of the batch (data loss plus any weight decay), from the same forward pass. */
  loss: number;
  /** ∂loss/∂param for every entry of `params`, by backpropagation. */
  grads: Params;
}

/**
 * What a trainable network offers the optimizers and the Trainer. `t` is either one-hot targets of
 * shape (batch, classes) or integer labels of shape (batch) or (batch, 1).
 */
export interface Network {
  /** The parameters, updated in place by optimizers. */
  readonly params: Params;
  /** The scores before the loss layer (before the final softmax, for classifiers), one row per sample. */
  predict(x: NDArray, options?: TrainFlag): NDArray;
  /** The loss for inputs x and targets t. */
  loss(x: NDArray, t: NDArray, options?: TrainFlag): number;
  /**
   * For classifiers, the fraction of rows whose highest score is the target class (for one sigmoid
   * output, whose probability is on the target's side of 0.5); for a Sequential with 'mse', R².
   */
  accuracy(x: NDArray, t: NDArray): number;
  /** Gradients by backpropagation (the book's `gradient`). */
  gradient(x: NDArray, t: NDArray): Params;
  /** Loss and gradients from one forward and one backward pass, in training mode. */
  lossAndGradient(x: NDArray, t: NDArray): LossAndGradient;
}
