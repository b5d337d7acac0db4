import { createWasmKernels } from './ndarray/kernels/wasm/index.js';
import { setKernels } from './ndarray/kernels/registry.js';

/**
 * In Node, scratchnet computes float32 work with its SIMD WebAssembly kernels unless
 * SCRATCHNET_KERNELS=js asks for the plain TypeScript ones (the reference; float64 always uses them).
 * Node compiles small modules synchronously, so this costs a few milliseconds at import. Browsers
 * call `initWasmKernels()` themselves (a page's main thread may not compile synchronously).
 */
export function installDefaultKernels(): void {
  if (process.env.SCRATCHNET_KERNELS === 'js') return;
  const wasm = createWasmKernels();
  if (wasm !== null) setKernels(wasm);
}
