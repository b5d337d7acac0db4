// `ready()`: the fast kernels by default, in every runtime, with one awaited call.

import { jsKernels } from './js.js';
import { kernels, kernelsChosen, setKernels } from './registry.js';
import { initWasmKernels } from './wasm/runtime.js';
import type { WasmKernels } from './wasm/backend.js';

let pending: Promise<string> | undefined;

async function compileWasm(): Promise<WasmKernels | null> {
  try {
    return await initWasmKernels();
  } catch {
    // A page whose Content-Security-Policy forbids compiling WebAssembly ('wasm-unsafe-eval'), or
    // a runtime that runs out of memory for the module: the TypeScript kernels compute the same
    // numbers, more slowly, and the resolved name says which kernels run.
    return null;
  }
}

async function installWasm(): Promise<string> {
  const wasm = await compileWasm();
  // Kernels installed while the module compiled (setKernels(jsKernels), say) are the user's choice.
  if (wasm !== null && !kernelsChosen()) setKernels(wasm);
  return kernels().name;
}

/**
 * Makes scratchnet compute float32 work with its SIMD WebAssembly kernels (4-5x faster than the
 * TypeScript ones when Chromium trains a 784-100-10 network): compiles and instantiates them
 * (asynchronously, as a browser page's main thread requires) unless kernels are installed already,
 * installs them, and resolves to the name of the kernels that then run (`kernels().name`: 'wasm-relaxed-simd',
 * 'wasm-simd', or 'js' where WebAssembly SIMD is unavailable or may not be compiled).
 *
 * Call it once before building networks; later calls return at once with the same name. In a
 * browser, importing scratchnet already starts it, so code that never awaits it still gets the
 * fast kernels a moment later (its first float32 steps may run on the TypeScript ones). In Node,
 * `scratchnet` installs the kernels at import and `ready()` resolves at once. Kernels installed with
 * `setKernels` (before or while it compiles) are kept: `setKernels(jsKernels)` turns the
 * WebAssembly kernels off for good. float64 work always runs on the TypeScript kernels.
 *
 * The large matrix products use a second thread where the page is cross-origin isolated
 * (SharedArrayBuffer: the `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp` headers) and the machine has two cores; elsewhere
 * one thread. `setThreads(1)` keeps them on one.
 *
 * @example
 * import { ready, TwoLayerNet } from 'scratchnet';
 * await ready(); // 'wasm-relaxed-simd'
 * const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 100, outputSize: 10, dtype: 'float32' });
 */
export function ready(): Promise<string> {
  if (kernelsChosen()) return Promise.resolve(kernels().name);
  pending ??= installWasm();
  return pending;
}

/** Whether this runtime is Node (or one that runs Node's packages as Node), whose entry installs the kernels itself. */
function isNode(): boolean {
  const proc: unknown = Reflect.get(globalThis, 'process');
  if (typeof proc !== 'object' || proc === null) return false;
  const versions: unknown = Reflect.get(proc, 'versions');
  return typeof versions === 'object' && versions !== null && typeof Reflect.get(versions, 'node') === 'string';
}

/**
 * Starts `ready()` when the browser core is imported, so that pages which never await it still get
 * the WebAssembly kernels once they have compiled. Not in Node: its entry installs them
 * synchronously, and `scratchnet/core` in Node stays on the TypeScript kernels until `ready()`.
 */
export function startReadyInBrowsers(): void {
  if (isNode() || kernels() !== jsKernels) return;
  void ready();
}
