import type { DType } from '../ndarray/dtype.js';
import { allocateResident } from '../ndarray/kernels/registry.js';
import { NDArray } from '../ndarray/ndarray.js';
import { shapesEqual } from '../ndarray/shape.js';

/**
 * A layer's named scratch arrays. While `enabled` (a network turns it on for the length of one
 * training step), `get` hands back the array it gave last time when shape and dtype still match, so a
 * training loop stops allocating a fresh array for every op of every iteration. While disabled, every
 * call allocates: results of `predict()` and friends are never overwritten behind the caller's back.
 */
export class Workspace {
  enabled = false;
  private readonly arrays = new Map<string, NDArray>();

  get(name: string, shape: readonly number[], dtype: DType): NDArray {
    if (!this.enabled) return NDArray.empty(shape, dtype);
    const kept = this.arrays.get(name);
    if (kept !== undefined && kept.dtype === dtype && shapesEqual(kept.shape, shape)) return kept;
    // Kept arrays live where the kernels work on them without copies (see allocateResident).
    const fresh = new NDArray(allocateResident(dtype, shape.reduce((p, d) => p * d, 1)), shape, dtype);
    this.arrays.set(name, fresh);
    return fresh;
  }
}
