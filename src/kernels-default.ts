import { setFlagsFromString } from 'node:v8';
import { createWasmKernels, detectWasmVariant, setThreadSupport } from './ndarray/kernels/wasm/index.js';
import { nodeThreads } from './ndarray/kernels/wasm/threads-node.js';
import { jsKernels } from './ndarray/kernels/js.js';
import { setKernels } from './ndarray/kernels/registry.js';

/**
 * Relaxed SIMD (fused multiply-add, 1.1-1.5x on matrix products) is a finished WebAssembly
 * standard that browsers and Node 22+ validate by default; Node 20's V8 has it complete but behind
 * --experimental-wasm-relaxed-simd. Turning the flag on from inside the process spares every user
 * (and every `node script.js`) from passing it. V8 reads the flag when it validates a module, so it
 * takes effect for the kernels compiled after this call, in this thread and in workers.
 * SCRATCHNET_RELAXED_SIMD=0 keeps the plain SIMD build (whose float64 products are bitwise the
 * TypeScript reference's).
 */
function enableRelaxedSimd(): void {
  if (process.env.SCRATCHNET_RELAXED_SIMD === '0') return;
  if (detectWasmVariant() !== 'simd') return; // already relaxed, or no SIMD at all
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}

/**
 * In Node, scratchnet computes float32 and float64 work with its SIMD WebAssembly kernels unless
 * SCRATCHNET_KERNELS=js asks for the plain TypeScript ones (the reference: float64 results are
 * bitwise the same, but for the matrix products of the relaxed-SIMD build, which fuse multiply-adds
 * and are within float64 rounding).
 * Node compiles small modules synchronously, so this costs a few milliseconds at import. Browsers
 * compile them asynchronously: the browser core starts `ready()` at import.
 *
 * Large matrix products run on two threads (a `worker_threads` worker over the kernels' shared
 * memory) where the machine has two cores; SCRATCHNET_THREADS=1 keeps them on one.
 */
export function installDefaultKernels(): void {
  // Installed rather than left as they are, so that `ready()` keeps them too.
  if (process.env.SCRATCHNET_KERNELS === 'js') {
    setKernels(jsKernels);
    return;
  }
  enableRelaxedSimd();
  // Installed here, not in the kernels, so that the browser core never meets node:worker_threads.
  setThreadSupport(nodeThreads);
  const wasm = createWasmKernels();
  if (wasm === null) return;
  if (process.env.SCRATCHNET_THREADS === '1') wasm.setThreads(1);
  setKernels(wasm);
}
