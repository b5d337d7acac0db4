/**
 * Arrays whose storage lives in the kernels' own memory (the WebAssembly memory) from the start.
 * Fresh memory costs a page fault per 4 KiB the first time it is written, which on some machines
 * (virtual machines especially) makes writing a few hundred megabytes take most of a second. A data
 * set that is made in the kernels' memory is written once; one made in an ordinary array and
 * copied in for training is written twice, into two fresh blocks.
 */
import { ScratchnetError } from '../errors.js';
import type { TypedArray } from './dtype.js';
import { kernels } from './kernels/registry.js';

/** The storages handed out by `residentStorage`: training uses them in place, without a copy. */
const handedOut = new WeakSet<TypedArray>();

/**
 * A zeroed float array of `size` elements in the kernels' memory where the kernels keep one (and it
 * has room), an ordinary one otherwise. Either way it is an ordinary typed array to its user.
 */
export function residentStorage(dtype: 'float32' | 'float64', size: number): Float32Array | Float64Array {
  let storage: TypedArray | null = null;
  try {
    storage = kernels().allocate?.(dtype, size) ?? null;
  } catch (error) {
    // Out of WebAssembly memory: an ordinary array works the same, only copied in for training.
    if (!(error instanceof ScratchnetError && error.code === 'OUT_OF_MEMORY')) throw error;
  }
  if (storage === null) return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  handedOut.add(storage);
  return storage as Float32Array | Float64Array;
}

/** True if `storage` came from `residentStorage` and lives in the kernels' memory. */
export function isResidentStorage(storage: TypedArray): boolean {
  return handedOut.has(storage);
}
