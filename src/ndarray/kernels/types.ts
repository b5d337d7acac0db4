import type { DType, TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

/** Elementwise functions of one array (`Kernels.unary`); `isnan` and `isfinite` write 1 or 0. */
export type UnaryOp =
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'square'
  | 'tanh'
  | 'sign'
  | 'reciprocal'
  | 'sigmoid'
  | 'relu'
  | 'step'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'isnan'
  | 'isfinite';

/** Elementwise functions of two broadcast arrays (`Kernels.binary`); the comparisons write 1 or 0. */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'mod'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'eq'
  | 'ne';

/** Reductions along one axis (`Kernels.reduce`); `argmax` and `argmin` give the index of the first extreme (or first NaN, as numpy). */
export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

/** Activations whose backward pass the layers hand to a kernel. */
export type ActivationOp = 'relu' | 'sigmoid';

/**
 * The narrow interface between the array API and the loops that compute it. The API validates shapes
 * and dtypes and allocates `out`; a kernel trusts its inputs and only computes. A faster backend
 * (SIMD WebAssembly, threads) implements the same interface and is installed with `setKernels`.
 */
export interface Kernels {
  /** The backend's name, e.g. 'js' or 'wasm-relaxed-simd'. */
  readonly name: string;
  /** out[i] = op(x[i]); `out` has x's length (it may be x itself). */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray): void;
  /** out = op(a, b) with numpy broadcasting; `outShape` is the broadcast of `aShape` and `bShape`. */
  binary(
    op: BinaryOp,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    out: TypedArray,
    outShape: Shape,
  ): void;
  /** Reduces x viewed as [outer, length, inner] over its middle axis into out[outer * inner]. */
  reduce(op: ReduceOp, x: TypedArray, outer: number, length: number, inner: number, out: TypedArray): void;
  /**
   * out (m×n) = op(A)·op(B), where A is stored m×k (k×m if transA) and B is stored k×n (n×k if transB),
   * all row-major: products with a transposed operand need no transposed copy.
   */
  matmul(
    a: TypedArray,
    b: TypedArray,
    out: TypedArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void;
  /**
   * dx = ∂L/∂x of an activation from dout and what forward cached: for 'relu' the input x
   * (dx = dout where x > 0, else 0), for 'sigmoid' the output y (dx = dout·y·(1 − y)).
   */
  activationBackward(op: ActivationOp, dout: TypedArray, cached: TypedArray, dx: TypedArray): void;
  /** y += alpha·x, in place (the SGD step). */
  axpy(y: TypedArray, x: TypedArray, alpha: number): void;
  /**
   * out[r, ·] = softmax(x[r, ·]) for `rows` rows of n values: e^(x − max) / Σ e^(x − max), so large
   * inputs do not overflow; a row holding NaN or +Infinity gives NaN. `out` may be x. Optional:
   * without it the TypeScript version runs.
   */
  softmaxRows?(x: TypedArray, rows: number, n: number, out: TypedArray): void;
  /**
   * Convolution windows of x (N, C, H, W) unrolled one filter tap per row into colT
   * (C·FH·FW, N·OH·OW): the transpose of the book's im2col. Padding reads 0. Optional: without it
   * the TypeScript version runs.
   */
  im2colTransposed?(x: TypedArray, g: WindowGeometry, colT: TypedArray): void;
  /** The adjoint of im2colTransposed: dx (N, C, H, W) = 0, then each colT entry added where it was read from. */
  col2imTransposed?(colT: TypedArray, g: WindowGeometry, dx: TypedArray): void;
  /**
   * Max pooling of x (N, C, H, W) into out (N, C, OH, OW), and in argmax each window's flat index into
   * x (first on ties, −1 for a window wholly in the padding; a NaN wins). Optional: without it the
   * TypeScript version runs.
   */
  maxPool?(x: TypedArray, g: WindowGeometry, out: TypedArray, argmax: Int32Array): void;
  /** dx = 0, then dx[argmax[o]] += dout[o] in output order: the backward pass of maxPool. Optional. */
  maxPoolBackward?(dout: TypedArray, argmax: Int32Array, dx: TypedArray): void;
  /** A convolution's product (FN, N·P) into output planes (N, FN, P) plus bias[f]. Optional. */
  productToPlanes?(
    product: TypedArray,
    bias: TypedArray,
    out: TypedArray,
    batch: number,
    positions: number,
    filters: number,
  ): void;
  /** dout (N, FN, P) into dProduct (FN, N·P), and db[f] = its sum over n and p. Optional. */
  planesToProduct?(
    dout: TypedArray,
    dProduct: TypedArray,
    db: TypedArray,
    batch: number,
    positions: number,
    filters: number,
  ): void;
  /**
   * The book's Adam on one parameter p with gradient g and running means m and v, in place, in
   * float64 arithmetic (bitwise the TypeScript loop's results). Optional.
   */
  adamStep?(
    p: TypedArray,
    g: TypedArray,
    m: TypedArray,
    v: TypedArray,
    lrT: number,
    keep1: number,
    keep2: number,
    eps: number,
  ): void;
  /**
   * Copies rows indices[0..count) of src, `run` elements per row, to consecutive rows of out (a
   * mini-batch). src and out have the same element type; the row numbers are trusted to be in range.
   * Optional: without it the TypeScript version runs.
   */
  gatherRows?(src: TypedArray, run: number, indices: Int32Array, count: number, out: TypedArray): void;
  /**
   * Storage for long-lived arrays (parameters, a layer's training buffers) where this backend works
   * on them without copies, e.g. inside a WebAssembly memory; null to use ordinary typed arrays.
   */
  allocate?(dtype: DType, size: number): TypedArray | null;
}

/** The geometry of a sliding window over NCHW input: what im2col, col2im and pooling share. */
export interface WindowGeometry {
  /** N: samples in the batch. */
  readonly batch: number;
  /** C: channels of the input. */
  readonly channels: number;
  /** H: input rows, before padding. */
  readonly height: number;
  /** W: input columns, before padding. */
  readonly width: number;
  /** FH: rows of the window (filter or pool). */
  readonly windowHeight: number;
  /** FW: columns of the window. */
  readonly windowWidth: number;
  /** Step between windows, in both directions. */
  readonly stride: number;
  /** Zeros added on every side of each input plane. */
  readonly pad: number;
  /** OH = ⌊(H + 2·pad − FH) / stride⌋ + 1: window positions down. */
  readonly outHeight: number;
  /** OW = ⌊(W + 2·pad − FW) / stride⌋ + 1: window positions across. */
  readonly outWidth: number;
}
