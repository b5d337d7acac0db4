import { ScratchnetError } from '../errors.js';
import type { TypedArray } from '../ndarray/dtype.js';
import { promoteTypes } from '../ndarray/dtype.js';
import { kernels } from '../ndarray/kernels/registry.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { backwardBeforeForward, checkDout } from './errors.js';
import { checkWindowSettings, col2im, im2col, windowOutputSize, type WindowGeometry } from './im2col.js';
import type { ParamLayer } from './types.js';
import { Workspace } from './workspace.js';

/** Stride and zero padding of a convolution (the book's defaults: 1 and 0). */
export interface ConvolutionOptions {
  readonly stride?: number;
  readonly pad?: number;
}

/**
 * (n, p, f) → (n, f, p) plus the bias: the product's rows per window position become the output's
 * channel planes, and the bias is added on the way (one pass over the output instead of two).
 */
function positionsToPlanes(src: TypedArray, bias: TypedArray, dst: TypedArray, batch: number, positions: number, filters: number): void {
  for (let n = 0; n < batch; n++) {
    const base = n * positions * filters;
    for (let p = 0; p < positions; p++) {
      const row = base + p * filters;
      for (let f = 0; f < filters; f++) dst[base + f * positions + p] = src[row + f]! + bias[f]!;
    }
  }
}

/**
 * (n, f, p) → (n, p, f), the inverse of positionsToPlanes without the bias, and the bias gradient:
 * each filter's sum over the batch and positions, accumulated in float64 while the planes are read.
 */
function planesToPositions(src: TypedArray, dst: TypedArray, dBias: TypedArray, batch: number, positions: number, filters: number): void {
  const sums = new Float64Array(filters);
  for (let n = 0; n < batch; n++) {
    const base = n * positions * filters;
    for (let f = 0; f < filters; f++) {
      const plane = base + f * positions;
      let sum = 0;
      for (let p = 0; p < positions; p++) {
        const v = src[plane + p]!;
        dst[base + p * filters + f] = v;
        sum += v;
      }
      sums[f]! += sum;
    }
  }
  for (let f = 0; f < filters; f++) dBias[f] = sums[f]!;
}

/**
 * The convolution layer of the book's chapter 7 on NCHW input: FN filters W (FN, C, FH, FW) and
 * biases b (FN), with stride and zero padding. Computed as im2col followed by one matrix product
 * against the filters read as (FN, C·FH·FW) rows (A·Wᵀ, no transposed copy of W); the backward pass
 * is the two products of that and col2im.
 */
export class Convolution implements ParamLayer {
  readonly name = 'Convolution';
  readonly W: NDArray;
  readonly b: NDArray;
  dW: NDArray;
  db: NDArray;
  readonly stride: number;
  readonly pad: number;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  private geometry: WindowGeometry | null = null;
  private col: NDArray | null = null;

  constructor(W: NDArray, b: NDArray, options: ConvolutionOptions = {}) {
    if (W.ndim !== 4 || b.ndim !== 1 || b.shape[0] !== W.shape[0]) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Convolution: W must be (filters, channels, height, width) and b (filters,), got W ${formatShape(W.shape)} and b ${formatShape(b.shape)}`,
      );
    }
    const { stride = 1, pad = 0 } = options;
    checkWindowSettings('Convolution', { stride, pad }, ['pad']);
    this.W = W;
    this.b = b;
    this.stride = stride;
    this.pad = pad;
    this.dW = NDArray.empty(W.shape, W.dtype);
    this.db = NDArray.empty(b.shape, b.dtype);
  }

  /** The output shape (N, FN, OH, OW) for an input shape (N, C, H, W); throws if they do not fit. */
  outputShape(inputShape: readonly number[]): [number, number, number, number] {
    const [filters, channels, fh, fw] = this.W.shape as [number, number, number, number];
    if (inputShape.length !== 4 || inputShape[1] !== channels) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Convolution: input must be (batch, ${channels}, height, width) for filters ${formatShape(this.W.shape)}, got ${formatShape(inputShape)}`,
      );
    }
    const oh = windowOutputSize('Convolution', 'height', inputShape[2]!, fh, this.stride, this.pad);
    const ow = windowOutputSize('Convolution', 'width', inputShape[3]!, fw, this.stride, this.pad);
    return [inputShape[0]!, filters, oh, ow];
  }

  forward(x: NDArray): NDArray {
    const [batch, filters, oh, ow] = this.outputShape(x.shape);
    const [, channels, fh, fw] = this.W.shape as [number, number, number, number];
    const g: WindowGeometry = {
      batch, channels, height: x.shape[2]!, width: x.shape[3]!, windowHeight: fh, windowWidth: fw,
      stride: this.stride, pad: this.pad, outHeight: oh, outWidth: ow,
    };
    const dtype = promoteTypes(x.dtype, this.W.dtype);
    const rows = batch * oh * ow;
    const patch = channels * fh * fw;
    const col = this.workspace.get('col', [rows, patch], dtype);
    im2col(x.data, g, col.data);
    const byPosition = this.workspace.get('byPosition', [rows, filters], dtype);
    kernels().matmul(col.data, this.W.data, byPosition.data, rows, patch, filters, false, true);
    const out = this.workspace.get('out', [batch, filters, oh, ow], dtype);
    positionsToPlanes(byPosition.data, this.b.data, out.data, batch, oh * ow, filters);
    this.geometry = g;
    this.col = col;
    return out;
  }

  /** Stores dW and db; returns dx in the input's shape. */
  backward(dout: NDArray): NDArray {
    const dByPosition = this.backwardParams(dout);
    const g = this.geometry!;
    const [filters, , fh, fw] = this.W.shape as [number, number, number, number];
    const rows = g.batch * g.outHeight * g.outWidth;
    const patch = g.channels * fh * fw;
    const dcol = this.workspace.get('dcol', [rows, patch], dByPosition.dtype);
    kernels().matmul(dByPosition.data, this.W.data, dcol.data, rows, filters, patch, false, false);
    const dx = this.workspace.get('dx', [g.batch, g.channels, g.height, g.width], dByPosition.dtype);
    col2im(dcol.data, g, dx.data);
    return dx;
  }

  /**
   * Only the parameter gradients (a network's first layer needs no gradient for its input, and
   * col2im with its product is half the backward work). Returns dout as (N·OH·OW, FN) rows.
   */
  backwardParams(dout: NDArray): NDArray {
    const g = this.geometry;
    const col = this.col;
    if (g === null || col === null) throw backwardBeforeForward(this.name);
    const filters = this.W.shape[0]!;
    checkDout(this.name, dout, [g.batch, filters, g.outHeight, g.outWidth]);
    const rows = g.batch * g.outHeight * g.outWidth;
    const patch = col.shape[1]!;
    const dByPosition = this.workspace.get('dByPosition', [rows, filters], promoteTypes(dout.dtype, this.W.dtype));
    const db = this.workspace.get('db', this.b.shape, this.b.dtype);
    planesToPositions(dout.data, dByPosition.data, db.data, g.batch, g.outHeight * g.outWidth, filters);
    const dW = this.workspace.get('dW', this.W.shape, this.W.dtype);
    kernels().matmul(dByPosition.data, col.data, dW.data, filters, rows, patch, true, false);
    this.dW = dW;
    this.db = db;
    return dByPosition;
  }

  params(): Record<string, NDArray> {
    return { W: this.W, b: this.b };
  }

  grads(): Record<string, NDArray> {
    return { W: this.dW, b: this.db };
  }
}
