import { backwardBeforeForward, checkInput } from './errors.js';
import { floatResult } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkNumber } from '../validate.js';
import type { AccuracyTally, LossLayer } from './loss-layer.js';
import { checkScores, checkTallyArguments, tallyWhere, targetRows } from './targets.js';
import { Workspace } from './workspace.js';
import { settleHalf } from '../ndarray/half.js';

const TARGET_HINT =
  "mse takes real-valued targets of the scores' shape; for class labels use 'softmax-cross-entropy', for 0/1 targets of one output 'sigmoid-cross-entropy'";

/**
 * R² = 1 − SS_res / SS_tot, pooled over the outputs: SS_res = Σ (y − t)², SS_tot = Σ (t − column mean)².
 * Sums are kept per output column in float64 so chunks add up to the whole data set's value.
 */
class RSquaredTally implements AccuracyTally {
  private residual = 0;
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  private rows = 0;

  constructor(private readonly outputs: number) {
    this.sums = new Float64Array(outputs);
    this.squares = new Float64Array(outputs);
  }

  add(y: NDArray, t: NDArray): void {
    const rows = y.shape[0]!;
    const targets = targetRows(t, rows, this.outputs, 'accuracy', TARGET_HINT).data;
    const scores = y.data;
    for (let i = 0; i < rows * this.outputs; i++) {
      const target = targets[i]!;
      const j = i % this.outputs;
      this.residual += (scores[i]! - target) ** 2;
      this.sums[j]! += target;
      this.squares[j]! += target * target;
    }
    this.rows += rows;
  }

  value(): number {
    let total = 0;
    for (let j = 0; j < this.outputs; j++) total += this.squares[j]! - this.sums[j]! ** 2 / this.rows;
    // Constant targets leave R² undefined: a perfect fit scores 1 and anything else 0, as scikit-learn does.
    if (!(total > 0)) return this.residual === 0 ? 1 : 0;
    return 1 - this.residual / total;
  }
}

/**
 * The regression loss ('mse'): the scores are the output (identity), and the loss is the book's
 * sum of squares, ½·Σ (y − t)², summed over the outputs and averaged over the batch like
 * SoftmaxWithLoss, so ∂loss/∂y = (y − t) / batch. `accuracy` with this loss is R², the coefficient
 * of determination (1 for a perfect fit, 0 for predicting the mean, negative for worse).
 */
export class MeanSquaredErrorLoss implements LossLayer {
  /** The layer's name, used in error messages. */
  readonly name = 'MeanSquaredErrorLoss';
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  /** The loss of the last forward pass. */
  loss = NaN;
  private y: NDArray | null = null;
  private t: NDArray | null = null;

  /**
   * ½·Σ (x − t)² / batch for scores x (batch, outputs) and targets t of x's shape (or (batch,) for
   * one output). Throws `SHAPE_MISMATCH` for targets of another shape, saying which loss fits them.
   */
  forward(x: NDArray, t: NDArray): number {
    checkInput(this.name, x);
    checkInput(this.name, t, 't');
    checkScores(x, this.name);
    const [batch, outputs] = x.shape as [number, number];
    const targets = targetRows(t, batch, outputs, this.name, TARGET_HINT);
    let sum = 0;
    for (let i = 0; i < x.size; i++) sum += (x.data[i]! - targets.data[i]!) ** 2;
    this.y = x;
    this.t = targets;
    this.loss = (0.5 * sum) / batch;
    return this.loss;
  }

  /** dx = (y − t)·dout / batch. */
  backward(dout = 1): NDArray {
    if (this.y === null || this.t === null) throw backwardBeforeForward(this.name);
    checkNumber(dout, 'dout', `${this.name}.backward()`);
    const y = this.y;
    const dx = this.workspace.get('dx', y.shape, floatResult(y.dtype));
    const scale = dout / y.shape[0]!;
    for (let i = 0; i < y.size; i++) dx.data[i] = (y.data[i]! - this.t.data[i]!) * scale;
    settleHalf(dx);
    return dx;
  }

  /** An R² tally; throws `SHAPE_MISMATCH` unless `t` has one row of `outputs` targets per sample. */
  startTally(t: NDArray, samples: number, outputs: number): AccuracyTally {
    checkTallyArguments(this.name, t, samples, outputs);
    targetRows(t, samples, outputs, tallyWhere(this.name), TARGET_HINT);
    return new RSquaredTally(outputs);
  }
}
