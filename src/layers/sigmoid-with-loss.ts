import { ScratchnetError } from '../errors.js';
import { floatResult } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkNumber } from '../validate.js';
import { backwardBeforeForward, checkInput } from './errors.js';
import type { AccuracyTally, LossLayer } from './loss-layer.js';
import { checkScores, checkTallyArguments, tallyWhere, targetRows } from './targets.js';
import { Workspace } from './workspace.js';
import { settleHalf } from '../ndarray/half.js';

const TARGET_HINT =
  "sigmoid-cross-entropy takes 0/1 targets of shape (batch,) or (batch, 1); for class labels use 'softmax-cross-entropy', for real-valued targets 'mse'";

/** Targets as a (batch, 1) column of 0s and 1s, or a `BAD_ARGUMENT` naming the first other value. */
function binaryTargets(t: NDArray, batch: number, where: string): NDArray {
  const column = targetRows(t, batch, 1, where, TARGET_HINT);
  for (let i = 0; i < batch; i++) {
    const v = column.data[i]!;
    if (v !== 0 && v !== 1) {
      throw new ScratchnetError('BAD_ARGUMENT', `${where}: target ${v} at index ${i} is not 0 or 1; ${TARGET_HINT}`);
    }
  }
  return column;
}

/** Counts the samples whose score is on the target's side of 0 (probability 0.5). */
class ThresholdTally implements AccuracyTally {
  private correct = 0;

  constructor(private readonly samples: number) {}

  add(y: NDArray, t: NDArray): void {
    const rows = y.shape[0]!;
    const targets = binaryTargets(t, rows, 'accuracy').data;
    for (let i = 0; i < rows; i++) if ((y.data[i]! > 0 ? 1 : 0) === targets[i]) this.correct++;
  }

  value(): number {
    return this.correct / this.samples;
  }
}

/**
 * Binary classification with one output ('sigmoid-cross-entropy'): y = σ(x) is the probability of
 * class 1 and the loss is −[t·log y + (1 − t)·log(1 − y)], averaged over the batch. It is computed as
 * max(x, 0) − t·x + log(1 + e^−|x|), which equals it exactly and never takes log 0; the gradient is
 * (y − t) / batch. `accuracy` counts y > 0.5 (x > 0) as class 1.
 */
export class SigmoidWithLoss implements LossLayer {
  /** The layer's name, used in error messages. */
  readonly name = 'SigmoidWithLoss';
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  /** The loss of the last forward pass. */
  loss = NaN;
  /** The probabilities σ(x) of the last forward pass, (batch, 1). */
  y: NDArray | null = null;
  private t: NDArray | null = null;

  /**
   * The mean binary cross-entropy of scores x (batch, 1) against 0/1 targets (batch,) or (batch, 1).
   * Throws `SHAPE_MISMATCH` for other shapes and `BAD_ARGUMENT` for other values, saying which loss fits.
   */
  forward(x: NDArray, t: NDArray): number {
    checkInput(this.name, x);
    checkInput(this.name, t, 't');
    checkScores(x, this.name);
    if (x.shape[1] !== 1) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${this.name}: sigmoid-cross-entropy needs one output per sample, got scores of width ${x.shape[1]}; use 'softmax-cross-entropy' for several classes`,
      );
    }
    const batch = x.shape[0]!;
    const targets = binaryTargets(t, batch, this.name);
    const y = this.workspace.get('y', x.shape, floatResult(x.dtype));
    let total = 0;
    for (let i = 0; i < batch; i++) {
      const z = x.data[i]!;
      total += Math.max(z, 0) - targets.data[i]! * z + Math.log1p(Math.exp(-Math.abs(z)));
      y.data[i] = 1 / (1 + Math.exp(-z));
    }
    settleHalf(y);
    this.y = y;
    this.t = targets;
    this.loss = total / batch;
    return this.loss;
  }

  /** dx = (y − t)·dout / batch. */
  backward(dout = 1): NDArray {
    if (this.y === null || this.t === null) throw backwardBeforeForward(this.name);
    checkNumber(dout, 'dout', `${this.name}.backward()`);
    const y = this.y;
    const dx = this.workspace.get('dx', y.shape, y.dtype);
    const scale = dout / y.shape[0]!;
    for (let i = 0; i < y.size; i++) dx.data[i] = (y.data[i]! - this.t.data[i]!) * scale;
    settleHalf(dx);
    return dx;
  }

  /** A threshold tally; throws `SHAPE_MISMATCH` unless `t` is (samples,) or (samples, 1). */
  startTally(t: NDArray, samples: number, _outputs: number): AccuracyTally {
    checkTallyArguments(this.name, t, samples, _outputs);
    targetRows(t, samples, 1, tallyWhere(this.name), TARGET_HINT);
    return new ThresholdTally(samples);
  }
}
