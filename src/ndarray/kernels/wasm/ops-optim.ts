// Optimizer steps of the WebAssembly backend, for float32 parameters whose arrays all live in the
// module's memory (parameters, gradients and optimizer buffers are allocated there); anything else
// runs in TypeScript, with bitwise the same results.

import type { TypedArray } from '../../dtype.js';
import { adamStep as jsAdamStep } from '../optim-js.js';
import type { WasmOpContext } from './op-context.js';
import { isF32 } from './thresholds.js';

/** Below this many elements the call costs more than the TypeScript loop. */
const MIN_ELEMENTS = 16;

/** The optimizer ops of one backend. */
export interface OptimOps {
  /** `Kernels.adamStep`. */
  adamStep(
    p: TypedArray,
    g: TypedArray,
    m: TypedArray,
    v: TypedArray,
    lrT: number,
    keep1: number,
    keep2: number,
    eps: number,
  ): void;
}

/** Optimizer ops over `ctx`. */
export function createOptimOps(ctx: WasmOpContext): OptimOps {
  const { ex, heap } = ctx;
  const resident = (x: TypedArray): boolean => isF32(x) && heap.owns(x);

  function adamStep(
    p: TypedArray,
    g: TypedArray,
    m: TypedArray,
    v: TypedArray,
    lrT: number,
    keep1: number,
    keep2: number,
    eps: number,
  ): void {
    if (p.length < MIN_ELEMENTS || !resident(p) || !resident(g) || !resident(m) || !resident(v)) {
      jsAdamStep(p, g, m, v, lrT, keep1, keep2, eps);
      return;
    }
    ex.adamStep(p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, p.length, lrT, keep1, keep2, eps);
  }

  return { adamStep };
}
