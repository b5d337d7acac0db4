import type { NDArray } from '../ndarray/ndarray.js';

/** The optimizers of the book's chapter 6, by the names the CLI and `createOptimizer` use. */
export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam';

/** Every optimizer name, in the book's order. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = Object.freeze([
  'sgd',
  'momentum',
  'nesterov',
  'adagrad',
  'rmsprop',
  'adam',
]);

/** True when `value` is one of `OPTIMIZER_NAMES` (for checking a name read from the command line). */
export function isOptimizerName(value: unknown): value is OptimizerName {
  return typeof value === 'string' && (OPTIMIZER_NAMES as readonly string[]).includes(value);
}

/** SGD's hyperparameters: `params -= lr * grads`. */
export interface SGDOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
}

/** Momentum's and Nesterov's hyperparameters. */
export interface MomentumOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** How much of the previous velocity is kept each step, in [0, 1) (default 0.9). */
  momentum?: number;
}

/** AdaGrad's hyperparameters. */
export interface AdaGradOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
}

/** RMSprop's hyperparameters. */
export interface RMSpropOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** How much of the running mean of squared gradients is kept each step, in [0, 1) (default 0.99). */
  decayRate?: number;
}

/** Adam's hyperparameters. */
export interface AdamOptions {
  /** Learning rate (default 0.001). */
  lr?: number;
  /** Decay of the running mean of gradients, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the running mean of squared gradients, in [0, 1) (default 0.999). */
  beta2?: number;
}

/**
 * Any optimizer's hyperparameters: the union of the fields above. Each optimizer rejects a field it
 * does not take, so a typo or an option meant for another optimizer is an error, not a silent default.
 */
export interface OptimizerOptions {
  /** Learning rate. */
  lr?: number;
  /** Momentum and Nesterov. */
  momentum?: number;
  /** RMSprop. */
  decayRate?: number;
  /** Adam. */
  beta1?: number;
  /** Adam. */
  beta2?: number;
}

/** One per-parameter buffer, as plain JSON-friendly data. */
export interface SerializedBuffer {
  /** The parameter's shape. */
  shape: number[];
  /** The dtype the buffer was kept in (the parameter's). */
  dtype: 'float64' | 'float32';
  /** The elements, row-major. */
  data: number[];
}

/**
 * Everything an optimizer carries between steps, as plain data that survives `JSON.stringify`.
 * Buffers are keyed by parameter name, then by the book's buffer name (`v` for Momentum and
 * Nesterov, `h` for AdaGrad and RMSprop, `m` and `v` for Adam; SGD has none).
 */
export interface OptimizerState {
  /** The optimizer that wrote it; `loadState` refuses another optimizer's state. */
  name: OptimizerName;
  /** The hyperparameters in use when it was written; `createOptimizer(state.name, state.options)` rebuilds the optimizer. */
  options: OptimizerOptions;
  /** Updates done so far (Adam's bias correction depends on it). */
  iteration: number;
  /** Per-parameter buffers: `buffers[param][buffer]`. */
  buffers: Record<string, Record<string, SerializedBuffer>>;
}

/**
 * What an optimizer updates: arrays, updated in place, or plain numbers, replaced in the object (the
 * book's chapter 6 `params = {'x': -7.0, 'y': 2.0}`). `grads` has the same names and kinds.
 */
export type OptimizerParams = Record<string, NDArray | number>;

/** What every optimizer offers a training loop. */
export interface Optimizer {
  /** Which optimizer this is. */
  readonly name: OptimizerName;
  /**
   * One step: updates every array in `params` in place from the gradient of the same name, and
   * replaces every plain number in `params` by its updated value. `grads` must hold exactly the
   * names of `params`, each an array of its parameter's shape or, for a number, a number.
   */
  update(params: OptimizerParams, grads: OptimizerParams): void;
  /** A snapshot of the per-parameter buffers and iteration count, for a checkpoint. */
  state(): OptimizerState;
  /** Restores a snapshot from `state()`, so that the next `update` continues where it left off. */
  loadState(state: OptimizerState): void;
}
