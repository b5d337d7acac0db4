import { ScratchnetError } from '../errors.js';
import type { TypedArray } from '../ndarray/dtype.js';
import { kernels } from '../ndarray/kernels/registry.js';
import { NDArray } from '../ndarray/ndarray.js';
import { isResidentStorage } from '../ndarray/resident.js';

/**
 * Copies made so far, by source storage: a hyperparameter search builds many Trainers over the same
 * data, and each copy would otherwise hold its own hundreds of megabytes until a garbage collection
 * (which a few small views do not prompt) gives them back.
 */
const copies = new WeakMap<TypedArray, TypedArray>();

/**
 * x with its storage in the kernels' own memory (the WebAssembly memory), where the matrix products
 * read it in place and mini-batches are gathered by the module; or x itself when the backend keeps
 * no arrays of its own (no shared memory) or the memory cannot grow that far. The storage
 * is allocated once per source storage and lives as long as it; its contents are copied afresh on
 * every call, which costs far less than a run's training, so a source changed in place is never stale.
 * An x made in the kernels' memory to begin with (`residentStorage`: loaded images) is used as it is.
 */
export function residentCopy(x: NDArray): NDArray {
  const source = x.data;
  if (isResidentStorage(source)) return x;
  let storage = copies.get(source);
  if (storage === undefined || storage.length !== source.length) {
    let fresh: TypedArray | null = null;
    try {
      fresh = kernels().allocate?.(x.dtype, source.length) ?? null;
    } catch (error) {
      // Out of WebAssembly memory: training still works from ordinary arrays, copying each batch in.
      if (!(error instanceof ScratchnetError && error.code === 'OUT_OF_MEMORY')) throw error;
    }
    if (fresh === null) return x;
    copies.set(source, fresh);
    storage = fresh;
  }
  storage.set(source);
  return new NDArray(storage, x.shape, x.dtype);
}
