import type { NDArray } from '../ndarray/ndarray.js';
import type { ForwardOptions } from '../nets/types.js';

/**
 * A node of the computational graph on arrays. `forward` caches what `backward` needs; `backward`
 * takes ∂L/∂out and returns ∂L/∂x, storing any parameter gradients on the layer (dW, db, ...).
 * Layers never modify the arrays they are given.
 */
export interface Layer {
  /** The class name ('Affine', 'Relu', ...), used in messages and saved architectures. */
  readonly name: string;
  /**
   * The layer's output for a batch `x` (batch first); `options.train` selects training behaviour in
   * the layers that have one (Dropout, BatchNormalization). Throws ScratchnetError for input it cannot take.
   */
  forward(x: NDArray, options?: ForwardOptions): NDArray;
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

/** Whether `layer` has learnable parameters (a `params()` method). */
export function hasParams(layer: Layer): layer is ParamLayer {
  return typeof (layer as Partial<ParamLayer>).params === 'function';
}
