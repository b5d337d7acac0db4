import { ScratchnetError } from '../errors.js';
import { gatherRows } from '../ndarray/kernels/js.js';
import { allocateResident, kernels } from '../ndarray/kernels/registry.js';
import { NDArray } from '../ndarray/ndarray.js';

/**
 * Copies chosen rows of `source` into a buffer allocated once and reused every iteration, because
 * the training loop gathers a batch 10000+ times and a fresh allocation each time is garbage the
 * browser must collect mid-training. The returned array is overwritten by the next `gather`, so a
 * network must not keep it past `lossAndGradient` (none of scratchnet's layers do).
 */
export class RowGatherer {
  private readonly source: NDArray;
  private readonly rows: number;
  private readonly run: number;
  private readonly full: NDArray;
  /** A smaller array over the same storage for the last batch of a 'shuffle' epoch. */
  private partial: NDArray | null = null;

  constructor(source: NDArray, batchSize: number) {
    this.source = source;
    const rows = source.shape[0]!;
    this.rows = rows;
    this.run = rows === 0 ? 0 : source.size / rows;
    const shape = [batchSize, ...source.shape.slice(1)];
    // Resident: the first layer's products then read the batch where it is, without a copy.
    this.full = new NDArray(
      allocateResident(
        source.dtype,
        shape.reduce((p, d) => p * d, 1),
      ),
      shape,
      source.dtype,
    );
  }

  /**
   * Rows `indices[0..count)` of the source, in that order. Throws `BAD_ARGUMENT` for a row number
   * outside the source, before anything is copied (the kernels trust their row numbers).
   */
  gather(indices: Int32Array, count: number): NDArray {
    const rows = this.rows;
    for (let j = 0; j < count; j++) {
      const i = indices[j]!;
      if (!(i >= 0 && i < rows)) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `RowGatherer.gather: row ${i} (index ${j}) is outside the ${rows} rows of the source`,
        );
      }
    }
    const out = this.batchArray(count);
    (kernels().gatherRows ?? gatherRows)(this.source.data, this.run, indices, count, out.data);
    return out;
  }

  private batchArray(count: number): NDArray {
    if (count === this.full.shape[0]) return this.full;
    if (this.partial === null || this.partial.shape[0] !== count) {
      this.partial = new NDArray(
        this.full.data.subarray(0, count * this.run),
        [count, ...this.full.shape.slice(1)],
        this.full.dtype,
      );
    }
    return this.partial;
  }
}
