import type { DType, TypedArray } from '../ndarray/dtype.js';
import { allocateResident } from '../ndarray/kernels/registry.js';
import { NDArray } from '../ndarray/ndarray.js';
import { shapesEqual } from '../ndarray/shape.js';

/** One name's storage and the array last handed out over it. */
interface Slot {
  storage: TypedArray;
  array: NDArray;
}

/**
 * A layer's named scratch arrays. While `enabled` (a network turns it on for the length of one
 * training step), `get` hands back the array it gave last time when shape and dtype still match, so a
 * training loop stops allocating a fresh array for every op of every iteration. While disabled, every
 * call allocates: results of `predict()` and friends are never overwritten behind the caller's back.
 *
 * A smaller shape reuses the storage of a larger one (a view of its start): alternating between two
 * batch sizes (a training and an evaluation split) would otherwise take fresh kernel memory at every
 * switch, which only the garbage collector frees, and WebAssembly memory never shrinks.
 */
export class Workspace {
  /** Whether `get` reuses arrays; while false every call allocates a fresh one. */
  enabled = false;
  private readonly slots = new Map<string, Slot>();

  /** An array of `shape` and `dtype` for the buffer called `name`: its last one when enabled and it fits. */
  get(name: string, shape: readonly number[], dtype: DType): NDArray {
    if (!this.enabled) return NDArray.empty(shape, dtype);
    const slot = this.slots.get(name);
    const size = shape.reduce((p, d) => p * d, 1);
    if (slot !== undefined && slot.array.dtype === dtype) {
      if (shapesEqual(slot.array.shape, shape)) return slot.array;
      if (size <= slot.storage.length) {
        slot.array = new NDArray(slot.storage.subarray(0, size), shape, dtype);
        return slot.array;
      }
    }
    // Kept arrays live where the kernels work on them without copies (see allocateResident).
    const storage = allocateResident(dtype, size);
    const array = new NDArray(storage, shape, dtype);
    this.slots.set(name, { storage, array });
    return array;
  }
}
