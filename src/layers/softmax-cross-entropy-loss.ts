import { ScratchnetError } from '../errors.js';
import { checkLabels } from '../functions/losses.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkTallyArguments, tallyWhere } from './targets.js';
import type { AccuracyTally, LossLayer } from './loss-layer.js';
import { SoftmaxWithLoss } from './softmax-with-loss.js';

/** What a refused target should have been, and which losses fit other targets. */
const TARGET_HINT =
  "softmax-cross-entropy takes class labels (batch,) in [0, outputs) or one-hot rows (batch, outputs); for 0/1 targets of one output use 'sigmoid-cross-entropy', for real-valued targets use 'mse'";

/** Counts the rows whose highest score is the target class (labels or the argmax of one-hot rows). */
class ArgmaxTally implements AccuracyTally {
  private correct = 0;

  constructor(private readonly samples: number) {}

  add(y: NDArray, t: NDArray): void {
    const rows = y.shape[0]!;
    const predicted = y.argmax(1).data;
    const oneHot = t.ndim === 2 && t.shape[1] === y.shape[1];
    const labels = oneHot ? t.argmax(1).data : checkLabels(t, rows, y.shape[1]!, 'accuracy');
    for (let i = 0; i < rows; i++) if (predicted[i] === labels[i]) this.correct++;
  }

  value(): number {
    return this.correct / this.samples;
  }
}

/**
 * SoftmaxWithLoss as a network's loss layer ('softmax-cross-entropy'): the same forward and backward,
 * plus the accuracy as the share of rows whose highest score is the target class. Targets that do
 * not fit are refused with a message that says which loss fits them.
 */
export class SoftmaxCrossEntropyLoss extends SoftmaxWithLoss implements LossLayer {
  /** The loss of scores `x` (batch, classes) against labels (batch,) or one-hot rows (batch, classes). */
  override forward(x: NDArray, t: NDArray): number {
    try {
      return super.forward(x, t);
    } catch (error) {
      // Only a refused call pays for the hint: the training step stays as fast as SoftmaxWithLoss.
      if (error instanceof ScratchnetError) throw new ScratchnetError(error.code, `${error.message}; ${TARGET_HINT}`);
      throw error;
    }
  }

  /**
   * An argmax tally; throws `SHAPE_MISMATCH` unless `t` is `samples` labels ((samples,) or a
   * (samples, 1) column) or one-hot rows of width `outputs`.
   */
  startTally(t: NDArray, samples: number, outputs: number): AccuracyTally {
    checkTallyArguments(this.name, t, samples, outputs);
    if (t.ndim === 2 && t.shape[1] === 1 && outputs > 1) {
      checkLabels(t, samples, outputs, tallyWhere(this.name));
      return new ArgmaxTally(samples);
    }
    if (t.ndim === 2 && (t.shape[0] !== samples || t.shape[1] !== outputs)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${tallyWhere(this.name)}: one-hot targets must be (${samples}, ${outputs}), got ${formatShape(t.shape)}`,
      );
    }
    if (t.ndim !== 2 && (t.ndim !== 1 || t.shape[0] !== samples)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${tallyWhere(this.name)}: expected ${samples} labels, got t of shape ${formatShape(t.shape)}`,
      );
    }
    return new ArgmaxTally(samples);
  }
}
