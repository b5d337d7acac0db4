import { allocate, type DType, type TypedArray } from '../dtype.js';
import { jsKernels } from './js.js';
import type { Kernels } from './types.js';

let active: Kernels = jsKernels;

/** The kernels the array API currently dispatches to. */
export function kernels(): Kernels {
  return active;
}

/** Installs another backend (for example SIMD WebAssembly) behind the same array API. */
export function setKernels(next: Kernels): void {
  active = next;
}

/**
 * Storage for a long-lived array: where the backend offers it (the WebAssembly kernels' own memory),
 * kernels then read and write it without copies; otherwise an ordinary typed array.
 */
export function allocateResident(dtype: DType, size: number): TypedArray {
  return active.allocate?.(dtype, size) ?? allocate(dtype, size);
}
