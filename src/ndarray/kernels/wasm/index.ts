// The float32 and float64 SIMD WebAssembly kernels: loader, heap, and the `Kernels` backend over them.

export {
  createWasmKernels,
  initWasmKernels,
  wasmKernelInfo,
  wasmRuntime,
  setThreads,
  threadCount,
  type WasmRuntime,
} from './runtime.js';
export { createWasmBackend, type WasmKernels } from './backend.js';
export { WASM_THRESHOLDS, type WasmThresholds, type WasmThresholdSet } from './thresholds.js';
export { WASM_SPLIT, type WasmSplitThresholds, type WasmBackendOptions } from './split-schedule.js';
export {
  MatmulThread,
  setThreadSupport,
  threadSupport,
  WORKER_SOURCE,
  DEFAULT_SPIN_US,
  MAX_CHUNKS,
  READY_SIGNAL,
  chunkOf,
  type MatmulJob,
  type MatmulCut,
  type ThreadSupport,
  type WorkerInit,
  type WorkerHandle,
} from './threads.js';
export { WasmHeap } from './heap.js';
export {
  loadWasmKernelModule,
  instantiateWasmKernelModule,
  detectWasmVariant,
  WASM_UNARY,
  WASM_BINARY,
  WASM_SCALAR,
  WASM_VECTOR,
  WASM_ROWS,
  WASM_BACKWARD,
  type WasmVariant,
  type WasmKernelModule,
  type WasmKernelExports,
  type WasmLoadOptions,
  type WasmUnaryKernel,
  type WasmBinaryKernel,
  type WasmScalarKernel,
  type WasmVectorKernel,
  type WasmRowKernel,
  type WasmBackwardKernel,
} from './loader.js';
