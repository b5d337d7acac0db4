export { NDArray, type ArrayLike, type NestedArray } from './ndarray.js';
export type { DType, FloatDType, TypedArray } from './dtype.js';
export { formatShape, type Shape } from './shape.js';
export {
  array,
  asArray,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  fullLike,
  arange,
  linspace,
  eye,
  type DTypeOption,
} from './create.js';
export {
  add,
  sub,
  mul,
  div,
  pow,
  mod,
  maximum,
  minimum,
  gt,
  ge,
  lt,
  le,
  eq,
  ne,
  neg,
  abs,
  square,
  sign,
  exp,
  log,
  sqrt,
  tanh,
  reciprocal,
  floor,
  ceil,
  round,
  isnan,
  isfinite,
  clip,
  where,
} from './elementwise.js';
export { sum, mean, max, min, variance, std, argmax, argmin, type Axis } from './reduce.js';
export {
  reshape,
  flatten,
  ravel,
  transpose,
  squeeze,
  expandDims,
  broadcastTo,
  copy,
  astype,
  concatenate,
  stack,
  broadcastShapesOf as broadcastShapes,
} from './manipulate.js';
export { dot, matmul, matmulT } from './linalg.js';
export { meshgrid, type MeshgridOptions } from './grid.js';
export { take, pick, slice, putMask, extract, type IndexInput } from './indexing.js';
export { allClose, arrayEqual, type Tolerance } from './compare.js';
export { Random, random, type RandomState } from './random.js';
export { kernels, setKernels } from './kernels/registry.js';
export type { Kernels, UnaryOp, BinaryOp, ReduceOp } from './kernels/types.js';
export {
  createWasmKernels,
  initWasmKernels,
  wasmKernelInfo,
  setThreads,
  threadCount,
  type WasmVariant,
} from './kernels/wasm/index.js';
export { jsKernels } from './kernels/js.js';
export { resident } from './create.js';
export { allocateResident } from './kernels/registry.js';
