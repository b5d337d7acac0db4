// scratchnet's float32 SIMD kernels. One source, compiled by scripts/build-wasm.mjs into a plain-SIMD
// and a relaxed-SIMD build (ASC_FEATURE_RELAXED_SIMD picks FMA), each with shared and unshared
// imported memory. Every kernel takes byte offsets into that memory and element counts; nothing
// here allocates, so the module has no data segment and the JS side owns all of memory above 1 KiB.

export {
  neg, exp, log, sqrt, abs, square, tanh, sigmoid, relu, step, reciprocal,
  add, sub, mul, div,
  addScalar, subScalar, mulScalar, divScalar, rsubScalar, rdivScalar,
  addRowVector, subRowVector, mulRowVector, divRowVector,
  addColumnVector, subColumnVector, mulColumnVector, divColumnVector,
  reluBackward, sigmoidBackward, axpy,
} from './elementwise';
export { sumRows, sumRowsF64, sumColumns, sumColumnsF64, maxRows, argmaxRows, softmaxRows } from './rows';
export { im2colT, col2imT } from './windows';
export { maxPool, maxPoolBackward } from './pooling';
export { productToPlanes, planesToProduct } from './conv-planes';
export { adamStep } from './optim';
export { gatherRows } from './gather';
export { matmul, matmulBlock, matmulScratchBytes, packBAll, packedBBytes, matmulPackedB, matmulPackedScratchBytes } from './matmul';

/** The first byte past the module's own static data: the JS heap must start at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
