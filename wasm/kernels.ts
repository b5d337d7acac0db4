// scratchnet's float32 and float64 SIMD kernels (the float64 ones are named *64). One source, compiled by scripts/build-wasm.mjs into a plain-SIMD
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
export {
  neg64, exp64, sqrt64, abs64, square64, sigmoid64, relu64, step64, reciprocal64,
  add64, sub64, mul64, div64,
  addScalar64, subScalar64, mulScalar64, divScalar64, rsubScalar64, rdivScalar64,
  addRowVector64, subRowVector64, mulRowVector64, divRowVector64,
  addColumnVector64, subColumnVector64, mulColumnVector64, divColumnVector64,
  reluBackward64, sigmoidBackward64, axpy64,
} from './elementwise64';
export { argmaxRows64, sumColumns64, softmaxRows64 } from './rows64';
export {
  matmul64, matmulBlock64, matmul64ScratchBytes, packBAll64, packedB64Bytes, matmulPackedB64, matmulPackedB64ScratchBytes,
} from './matmul64';
export { matmul, matmulBlock, matmulScratchBytes, packBAll, packedBBytes, matmulPackedB, matmulPackedScratchBytes } from './matmul';

/** The first byte past the module's own static data: the JS heap must start at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
