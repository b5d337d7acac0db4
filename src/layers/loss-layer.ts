import type { NDArray } from '../ndarray/ndarray.js';
import type { Workspace } from './workspace.js';

/**
 * A running count behind `accuracy`: a network evaluates a data set in chunks and hands each chunk's
 * scores and targets to `add`, so that no chunk's scores need to outlive it.
 */
export interface AccuracyTally {
  /** Adds one chunk: `y` the network's scores (rows, outputs), `t` the chunk's targets. */
  add(y: NDArray, t: NDArray): void;
  /** The accuracy of everything added so far. */
  value(): number;
}

/**
 * The last layer of a network: turns the scores into a loss against targets, sends back the
 * gradient of that loss, and says what `accuracy` means for it.
 */
export interface LossLayer {
  /** The layer's name, used in error messages. */
  readonly name: string;
  /** Buffers reused across training steps, when the layer keeps any (see Workspace). */
  readonly workspace?: Workspace;
  /** The loss of scores `x` (batch, outputs) against targets `t`, averaged over the batch. */
  forward(x: NDArray, t: NDArray): number;
  /** ∂loss/∂x of the last forward pass, times `dout` (default 1). */
  backward(dout?: number): NDArray;
  /**
   * A fresh tally for the accuracy of `samples` samples with targets `t` (all of them: the tally
   * checks their shape once, before any chunk is added). Throws `SHAPE_MISMATCH` for targets of the
   * wrong shape.
   */
  startTally(t: NDArray, samples: number, outputs: number): AccuracyTally;
}
