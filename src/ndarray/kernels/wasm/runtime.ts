// The process-wide WebAssembly kernels: the module loaded once, its heap, and the backend over them.

import { createWasmBackend, type WasmKernels } from './backend.js';
import { WasmHeap } from './heap.js';
import {
  detectWasmVariant,
  instantiateWasmKernelModule,
  loadWasmKernelModule,
  type WasmKernelModule,
  type WasmVariant,
} from './loader.js';
import { checkThreadCount } from './split-schedule.js';

/** The loaded kernel module, its heap and the backend over them. */
export interface WasmRuntime {
  /** The instantiated kernel module (its exports, memory and build). */
  readonly module: WasmKernelModule;
  /** The allocator over the module's memory; arrays meant to live there come from it. */
  readonly heap: WasmHeap;
  /** The backend over `module` and `heap`, as installed by `setKernels`. */
  readonly kernels: WasmKernels;
}

// undefined: not tried yet; null: this runtime has no WebAssembly SIMD.
let runtime: WasmRuntime | null | undefined;
let pending: Promise<WasmRuntime | null> | undefined;

function adopt(module: WasmKernelModule | null): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  if (module === null) {
    runtime = null;
    return null;
  }
  const heap = new WasmHeap(module.memory, module.exports.heapBase());
  runtime = { module, heap, kernels: createWasmBackend(module, heap) };
  return runtime;
}

/**
 * The SIMD WebAssembly backend, loaded synchronously on first use (Node, workers); null where the
 * runtime has no WebAssembly SIMD, so the TypeScript kernels stay. A browser page's main thread
 * should call `initWasmKernels` instead (synchronous compiles are refused there).
 */
export function createWasmKernels(): WasmKernels | null {
  if (runtime === undefined) {
    try {
      adopt(loadWasmKernelModule());
    } catch (err) {
      // Chrome's main thread refuses the synchronous compile with a RangeError: not cached, so that
      // initWasmKernels can still load the module.
      if (err instanceof RangeError) return null;
      throw err;
    }
  }
  return runtime?.kernels ?? null;
}

/** `createWasmKernels`, compiling asynchronously: works on a browser page's main thread too. */
export async function initWasmKernels(): Promise<WasmKernels | null> {
  if (runtime !== undefined) return runtime?.kernels ?? null;
  pending ??= instantiateWasmKernelModule().then(adopt, (err: unknown) => {
    pending = undefined;
    throw err;
  });
  return (await pending)?.kernels ?? null;
}

/**
 * The build the backend runs: the loaded one, or, before loading, the one that would be loaded
 * (relaxed SIMD where it validates, as in browsers and `node --experimental-wasm-relaxed-simd`;
 * plain SIMD in a flagless Node 20); null without WebAssembly SIMD.
 */
export function wasmKernelInfo(): WasmVariant | null {
  if (runtime !== undefined) return runtime?.module.variant ?? null;
  return detectWasmVariant();
}

/**
 * The loaded module's raw exports, memory and heap, for fused kernels built on it; null before
 * `createWasmKernels`/`initWasmKernels` has loaded it, or where it cannot load. Arrays meant to
 * live in the module's memory must come from this `heap`, so they never overlap the backend's
 * scratch; the backend then uses them in place.
 */
export function wasmRuntime(): WasmRuntime | null {
  return runtime ?? null;
}

/**
 * Runs the large float32 and float64 matrix products of the WebAssembly kernels on 1 or 2 threads
 * (loading the kernels if needed). 2 needs a shared memory (always in Node; in a browser, a cross-origin-isolated
 * page) and a way to start a worker (Node's entry installs `worker_threads`; browsers have Web
 * Workers); otherwise the kernels stay on 1. A no-op where there are no WebAssembly kernels. Throws
 * a BAD_ARGUMENT `ScratchnetError` for anything but the number 1 or 2.
 */
export function setThreads(n: 1 | 2): void {
  checkThreadCount('setThreads', n);
  createWasmKernels();
  runtime?.kernels.setThreads(n);
}

/**
 * How many threads the WebAssembly kernels' large matrix products use: 2 by default where the
 * memory is shared, workers can be started and the machine has at least 2 cores; 1 otherwise, and
 * before the kernels are loaded or where there are none.
 */
export function threadCount(): 1 | 2 {
  return runtime?.kernels.threadCount() ?? 1;
}
