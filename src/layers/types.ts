import type { NDArray } from '../ndarray/ndarray.js';
import type { ForwardOptions } from '../nets/types.js';

/**
 * A node of the computational graph on arrays. `forward` caches what `backward` needs; `backward`
 * takes ∂L/∂out and returns ∂L/∂x, storing any parameter gradients on the layer (dW, db, ...).
 * Layers never modify the arrays they are given.
 */
export interface Layer {
  readonly name: string;
  forward(x: NDArray, options?: ForwardOptions): NDArray;
  backward(dout: NDArray): NDArray;
}

/** A layer with learnable parameters: `params()` and `grads()` list them under the same keys. */
export interface ParamLayer extends Layer {
  /** The parameter arrays themselves (optimizers update them in place). */
  params(): Record<string, NDArray>;
  /** The gradients of the last backward pass, same keys and shapes as `params()`. */
  grads(): Record<string, NDArray>;
}

export function hasParams(layer: Layer): layer is ParamLayer {
  return typeof (layer as Partial<ParamLayer>).params === 'function';
}
