import { ScratchnetError } from '../../errors.js';
import { allocate, isDType, type DType, type TypedArray } from '../dtype.js';
import { jsKernels } from './js.js';
import type { Kernels } from './types.js';

let active: Kernels = jsKernels;
/** Whether kernels were installed on purpose (`setKernels`), which `ready()` must then keep. */
let chosen = false;

/** The kernels the array API currently dispatches to. */
export function kernels(): Kernels {
  return active;
}

/** Installs another backend (for example SIMD WebAssembly) behind the same array API. */
export function setKernels(next: Kernels): void {
  const missing = REQUIRED.filter(
    (name) => typeof (next as unknown as Record<string, unknown> | null)?.[name] !== 'function',
  );
  if (missing.length > 0) {
    // A wrong object installed here would break every later array operation with a TypeError.
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `setKernels: kernels must be a Kernels object such as jsKernels (missing ${missing.join(', ')})`,
    );
  }
  active = next;
  chosen = true;
}

/** Whether `setKernels` has installed kernels (the user's choice, or Node's default at import). */
export function kernelsChosen(): boolean {
  return chosen;
}

/** What every backend must implement (the optional members aside). */
const REQUIRED = ['unary', 'binary', 'reduce', 'matmul', 'activationBackward', 'axpy'] as const;

/**
 * Storage for a long-lived array: where the backend offers it (the WebAssembly kernels' own memory),
 * kernels then read and write it without copies; otherwise an ordinary typed array.
 */
export function allocateResident(dtype: DType, size: number): TypedArray {
  // No imports from the array modules here: they import this one, and the cycle would leave
  // jsKernels uninitialised when the registry loads.
  if (!isDType(dtype)) throw new ScratchnetError('BAD_DTYPE', `allocateResident: unknown dtype ${String(dtype)}`);
  if (!Number.isInteger(size) || size < 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `allocateResident: size must be a non-negative integer, got ${String(size)}`,
    );
  }
  try {
    return active.allocate?.(dtype, size) ?? allocate(dtype, size);
  } catch (error) {
    if (!(error instanceof ScratchnetError)) throw error;
    throw new ScratchnetError(error.code, `allocateResident: ${error.message}`);
  }
}
