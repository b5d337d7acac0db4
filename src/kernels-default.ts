import { createWasmKernels, setThreadSupport } from './ndarray/kernels/wasm/index.js';
import { nodeThreads } from './ndarray/kernels/wasm/threads-node.js';
import { setKernels } from './ndarray/kernels/registry.js';

/**
 * In Node, scratchnet computes float32 work with its SIMD WebAssembly kernels unless
 * SCRATCHNET_KERNELS=js asks for the plain TypeScript ones (the reference; float64 always uses them).
 * Node compiles small modules synchronously, so this costs a few milliseconds at import. Browsers
 * call `initWasmKernels()` themselves (a page's main thread may not compile synchronously).
 *
 * Large matrix products run on two threads (a `worker_threads` worker over the kernels' shared
 * memory) where the machine has two cores; SCRATCHNET_THREADS=1 keeps them on one.
 */
export function installDefaultKernels(): void {
  if (process.env.SCRATCHNET_KERNELS === 'js') return;
  // Installed here, not in the kernels, so that the browser core never meets node:worker_threads.
  setThreadSupport(nodeThreads);
  const wasm = createWasmKernels();
  if (wasm === null) return;
  if (process.env.SCRATCHNET_THREADS === '1') wasm.setThreads(1);
  setKernels(wasm);
}
