import { allocateResident } from '../ndarray/kernels/registry.js';
import { NDArray } from '../ndarray/ndarray.js';

/**
 * Copies chosen rows of `source` into a buffer allocated once and reused every iteration, because
 * the training loop gathers a batch 10000+ times and a fresh allocation each time is garbage the
 * browser must collect mid-training. The returned array is overwritten by the next `gather`, so a
 * network must not keep it past `lossAndGradient` (none of scratchnet's layers do).
 */
export class RowGatherer {
  private readonly source: NDArray;
  private readonly run: number;
  private readonly full: NDArray;
  /** A smaller array over the same storage for the last batch of a 'shuffle' epoch. */
  private partial: NDArray | null = null;

  constructor(source: NDArray, batchSize: number) {
    this.source = source;
    const rows = source.shape[0]!;
    this.run = rows === 0 ? 0 : source.size / rows;
    const shape = [batchSize, ...source.shape.slice(1)];
    // Resident: the first layer's products then read the batch where it is, without a copy.
    this.full = new NDArray(allocateResident(source.dtype, shape.reduce((p, d) => p * d, 1)), shape, source.dtype);
  }

  /** Rows `indices[0..count)` of the source, in that order. */
  gather(indices: Int32Array, count: number): NDArray {
    const out = this.batchArray(count);
    const src = this.source.data;
    const dst = out.data;
    const run = this.run;
    if (run === 1) {
      // Labels: one element per row, where creating a subarray would cost more than the copy.
      for (let j = 0; j < count; j++) dst[j] = src[indices[j]!]!;
    } else {
      for (let j = 0; j < count; j++) {
        const start = indices[j]! * run;
        dst.set(src.subarray(start, start + run), j * run);
      }
    }
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
