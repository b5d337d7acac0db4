// The `Kernels` backend that runs float32 and float64 work through the SIMD WebAssembly module and
// everything else (integers, general broadcasting, reductions over inner axes) through the
// TypeScript kernels. The op tables live in ops-*.ts; this file puts one backend together.

import type { DType, TypedArray } from '../../dtype.js';
import type { Kernels } from '../types.js';
import type { WasmHeap } from './heap.js';
import type { WasmKernelModule } from './loader.js';
import type { WasmOpContext } from './op-context.js';
import { createElementwiseOps } from './ops-elementwise.js';
import { createGatherOps } from './ops-gather.js';
import { createOptimOps } from './ops-optim.js';
import { createPoolingOps } from './ops-pooling.js';
import { createProductOps } from './ops-products.js';
import { createRowOps } from './ops-rows.js';
import { createWindowOps } from './ops-windows.js';
import { SplitScheduler, type WasmBackendOptions } from './split-schedule.js';
import { Staging } from './staging.js';
import { SizeGate, WASM_THRESHOLDS, type WasmThresholdSet } from './thresholds.js';

/** The WebAssembly `Kernels`, with control over the second thread of the matrix products. */
export interface WasmKernels extends Kernels {
  /**
   * Computes large matrix products on 1 or 2 threads. 2 needs shared memory and a way to start
   * threads, else it stays 1. Going to 1 stops the worker; going back to 2 starts a new one.
   * Throws a BAD_ARGUMENT `ScratchnetError` for anything but the number 1 or 2.
   */
  setThreads(n: 1 | 2): void;
  /** 2 when large products are split between two threads (once the worker has started), else 1. */
  threadCount(): 1 | 2;
  /**
   * Starts the worker if it is not running and waits up to `timeoutMs` for it to take work (it
   * starts in the background on the first large product otherwise, and those before it is ready
   * run on one thread); true if it is ready. For benchmarks and tests that must measure two threads.
   */
  waitForThreads(timeoutMs?: number): boolean;
}

/**
 * `Kernels.allocate` over the heap: resident float32 and float64 arrays are blocks of the shared
 * memory, given back when their view is collected. With an unshared memory a growth would detach
 * them, so there none are handed out.
 */
function residentAllocator(
  module: WasmKernelModule,
  heap: WasmHeap,
): (dtype: DType, size: number) => TypedArray | null {
  const released = new FinalizationRegistry<number>((ptr) => heap.release(ptr));
  return (dtype, size) => {
    if ((dtype !== 'float32' && dtype !== 'float64') || !module.shared) return null;
    const bytes = dtype === 'float32' ? 4 : 8;
    const ptr = heap.allocZeroed(Math.max(bytes, size * bytes));
    const view =
      dtype === 'float32' ? new Float32Array(heap.f32.buffer, ptr, size) : new Float64Array(heap.f64.buffer, ptr, size);
    released.register(view, ptr);
    return view;
  };
}

/**
 * The float32 and float64 SIMD backend over one loaded module and its heap. Float operands go
 * through WebAssembly (float64 bitwise as the TypeScript kernels compute it, but for the relaxed
 * build's products, within rounding): one that already lives in the module's memory (a view of `heap`'s buffer) is used
 * in place, any other is copied into scratch and the result copied back. Everything else falls
 * back to the TypeScript kernels. `thresholds` says from which sizes a call is worth it; `options`
 * control the second thread.
 */
export function createWasmBackend(
  module: WasmKernelModule,
  heap: WasmHeap,
  thresholds: WasmThresholdSet = WASM_THRESHOLDS,
  options: WasmBackendOptions = {},
): WasmKernels {
  const schedule = new SplitScheduler(module, heap, options);
  const ctx: WasmOpContext = {
    ex: module.exports,
    heap,
    staging: new Staging(heap),
    gate: new SizeGate(heap, thresholds),
    schedule,
  };
  return {
    name: `wasm-${module.variant}`,
    ...createElementwiseOps(ctx),
    ...createRowOps(ctx),
    ...createProductOps(ctx),
    ...createWindowOps(ctx),
    ...createPoolingOps(ctx),
    ...createOptimOps(ctx),
    ...createGatherOps(ctx),
    allocate: residentAllocator(module, heap),
    setThreads: (count) => schedule.setThreads(count),
    threadCount: () => schedule.threadCount(),
    waitForThreads: (timeoutMs = 5000) => schedule.waitForThreads(timeoutMs),
  };
}
