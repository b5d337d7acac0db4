import type { DType, TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'square' | 'tanh' | 'sign' | 'reciprocal'
  | 'sigmoid' | 'relu' | 'step' | 'floor' | 'ceil' | 'round' | 'isnan' | 'isfinite';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'mod'
  | 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne';

export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

/** Activations whose backward pass the layers hand to a kernel. */
export type ActivationOp = 'relu' | 'sigmoid';

/**
 * The narrow interface between the array API and the loops that compute it. The API validates shapes
 * and dtypes and allocates `out`; a kernel trusts its inputs and only computes. A faster backend
 * (SIMD WebAssembly, threads) implements the same interface and is installed with `setKernels`.
 */
export interface Kernels {
  readonly name: string;
  /** out[i] = op(x[i]); `out` has x's length (it may be x itself). */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray): void;
  /** out = op(a, b) with numpy broadcasting; `outShape` is the broadcast of `aShape` and `bShape`. */
  binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  /** Reduces x viewed as [outer, length, inner] over its middle axis into out[outer * inner]. */
  reduce(op: ReduceOp, x: TypedArray, outer: number, length: number, inner: number, out: TypedArray): void;
  /**
   * out (m×n) = op(A)·op(B), where A is stored m×k (k×m if transA) and B is stored k×n (n×k if transB),
   * all row-major: products with a transposed operand need no transposed copy.
   */
  matmul(a: TypedArray, b: TypedArray, out: TypedArray, m: number, k: number, n: number, transA: boolean, transB: boolean): void;
  /**
   * dx = ∂L/∂x of an activation from dout and what forward cached: for 'relu' the input x
   * (dx = dout where x > 0, else 0), for 'sigmoid' the output y (dx = dout·y·(1 − y)).
   */
  activationBackward(op: ActivationOp, dout: TypedArray, cached: TypedArray, dx: TypedArray): void;
  /** y += alpha·x, in place (the SGD step). */
  axpy(y: TypedArray, x: TypedArray, alpha: number): void;
  /**
   * Storage for long-lived arrays (parameters, a layer's training buffers) where this backend works
   * on them without copies, e.g. inside a WebAssembly memory; null to use ordinary typed arrays.
   */
  allocate?(dtype: DType, size: number): TypedArray | null;
}
