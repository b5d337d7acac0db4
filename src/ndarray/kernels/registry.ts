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
