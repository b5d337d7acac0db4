import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkArray, checkInteger } from '../validate.js';

/**
 * Targets as (batch, outputs) rows: `t` of that shape passes, and (batch,) is taken as one column
 * when there is one output. Anything else is a `SHAPE_MISMATCH` naming `where` and ending in `hint`
 * (which loss fits such targets).
 */
export function targetRows(t: NDArray, batch: number, outputs: number, where: string, hint: string): NDArray {
  if (t.ndim === 2 && t.shape[0] === batch && t.shape[1] === outputs) return t;
  if (t.ndim === 1 && outputs === 1 && t.shape[0] === batch) return t.reshape(batch, 1);
  const oneColumn = outputs === 1 ? ` or (${batch},)` : '';
  throw new ScratchnetError(
    'SHAPE_MISMATCH',
    `${where}: targets must be (${batch}, ${outputs})${oneColumn} like the scores, got t of shape ${formatShape(t.shape)}; ${hint}`,
  );
}

/** The scores of a loss layer must be (batch, outputs) with at least one row. */
export function checkScores(x: NDArray, where: string): void {
  if (x.ndim !== 2 || x.shape[0] === 0) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${where}: scores must be (batch, outputs) with batch >= 1, got ${formatShape(x.shape)}`,
    );
  }
}

/** The arguments of a loss layer's `startTally`: an NDArray of targets and two counts. */
export function checkTallyArguments(layer: string, t: unknown, samples: unknown, outputs: unknown): void {
  const where = tallyWhere(layer);
  checkArray(t, 't', where);
  checkInteger(samples, 'samples', where, 0);
  checkInteger(outputs, 'outputs', where, 1);
}

/** How startTally's messages name it: for the accuracy of a network, by the loss layer's method. */
export function tallyWhere(layer: string): string {
  return `accuracy (${layer}.startTally)`;
}
