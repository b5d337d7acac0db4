import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { ForwardOptions } from '../nets/types.js';
import { checkKnownOptions, describeKind as describe } from '../validate.js';

/**
 * The second argument of every layer's `forward`: `{ train }`, or the book's positional `train_flg`
 * boolean (`dropout.forward(x, true)` is a training pass, `forward(x, false)` inference). Left out,
 * it means inference.
 */
export type ForwardMode = ForwardOptions | boolean;

/**
 * A node of the computational graph on arrays. `forward` caches what `backward` needs; `backward`
 * takes ∂L/∂out and returns ∂L/∂x, storing any parameter gradients on the layer (dW, db, ...).
 * Layers never modify the arrays they are given.
 */
export interface Layer {
  /** The class name ('Affine', 'Relu', ...), used in messages and saved architectures. */
  readonly name: string;
  /**
   * The layer's output for a batch `x` (batch first). `mode` (`true`, `false` or `{ train }`) selects
   * training behaviour in the layers that have one (Dropout, BatchNormalization); every layer checks
   * it. Throws ScratchnetError for input it cannot take.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray;
  /**
   * ∂L/∂x for the last forward pass, given `dout` = ∂L/∂out of the shape forward returned; stores any
   * parameter gradients. Throws BAD_ARGUMENT before any forward pass, SHAPE_MISMATCH for a wrong dout.
   */
  backward(dout: NDArray): NDArray;
}

/** A layer with learnable parameters: `params()` and `grads()` list them under the same keys. */
export interface ParamLayer extends Layer {
  /** The parameter arrays themselves (optimizers update them in place). */
  params(): Record<string, NDArray>;
  /** The gradients of the last backward pass, same keys and shapes as `params()`. */
  grads(): Record<string, NDArray>;
}

/**
 * Whether `layer` has learnable parameters (a `params()` method). Throws `BAD_ARGUMENT` for a value
 * that is not a layer (an object with a `forward` method).
 */
export function hasParams(layer: Layer): layer is ParamLayer {
  if (typeof layer !== 'object' || layer === null || typeof (layer as Partial<Layer>).forward !== 'function') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `hasParams: layer must be a layer (an object with a forward method), got ${describe(layer)}`,
    );
  }
  return typeof (layer as Partial<ParamLayer>).params === 'function';
}

/**
 * Whether a forward pass trains: `mode` is the book's `train_flg` boolean, `{ train }` or left out
 * (inference). Anything else is a `BAD_ARGUMENT` naming `where` (`'Dropout.forward()'`), so that a
 * misspelt `{ training: true }` cannot silently run inference.
 */
export function trainFlag(mode: unknown, where: string): boolean {
  if (mode === undefined) return false;
  if (typeof mode === 'boolean') return mode;
  if (typeof mode !== 'object' || mode === null || Array.isArray(mode)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: the mode must be true (training), false (inference) or { train }, got ${describe(mode)}`,
    );
  }
  checkKnownOptions(mode, ['train'], where);
  const train: unknown = (mode as ForwardOptions).train;
  if (train !== undefined && typeof train !== 'boolean') {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: options.train must be a boolean, got ${describe(train)}`);
  }
  return train === true;
}
