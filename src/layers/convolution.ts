import { ScratchnetError } from '../errors.js';
import { promoteTypes } from '../ndarray/dtype.js';
import { planesToProduct, productToPlanes } from '../ndarray/kernels/pooling-js.js';
import { kernels } from '../ndarray/kernels/registry.js';
import { col2imTransposed, im2colTransposed } from '../ndarray/kernels/windows-js.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkFloatingArray, checkKnownOptions, describeKind } from '../validate.js';
import { backwardBeforeForward, biasArray, checkDout, checkForward } from './errors.js';
import { checkInputShape, checkWindowSettings, windowOutputSize, type WindowGeometry } from './im2col.js';
import type { ForwardMode, ParamLayer } from './types.js';
import { Workspace } from './workspace.js';
import { settleHalf } from '../ndarray/half.js';

/** Stride and zero padding of a convolution (the book's defaults: 1 and 0). */
export interface ConvolutionOptions {
  /** Step between windows, a positive integer (default 1). */
  readonly stride?: number;
  /** Zeros added on every side of each plane, an integer >= 0 (default 0). */
  readonly pad?: number;
}

/** Stride and padding from `{ stride, pad }` or the book's positional `stride, pad` numbers. */
function windowArguments(
  where: string,
  options: ConvolutionOptions | number,
  pad: number | undefined,
): { stride: number; pad: number } {
  if (typeof options === 'number') return { stride: options, pad: pad === undefined ? 0 : pad };
  checkKnownOptions(options, ['stride', 'pad'], where);
  if (pad !== undefined) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: pad follows a numeric stride (the book's Convolution(W, b, stride, pad)) or goes in the options, got ${describeKind(pad)} after an options object`,
    );
  }
  const { stride = 1, pad: padding = 0 } = options;
  return { stride, pad: padding };
}

/**
 * The convolution layer of the book's chapter 7 on NCHW input: FN filters W (FN, C, FH, FW) and
 * biases b (FN), with stride and zero padding. Computed as one matrix product of the filters, read
 * as (FN, C·FH·FW), with the windows unrolled one tap per row, (C·FH·FW, N·OH·OW) (the transpose of
 * the book's im2col, which is much cheaper to build); the backward pass is the two products of that
 * and the matching col2im.
 */
export class Convolution implements ParamLayer {
  /** Always 'Convolution'. */
  readonly name = 'Convolution';
  /** Filters, (FN, C, FH, FW). Updated in place by optimizers. */
  readonly W: NDArray;
  /** Biases, one per filter (FN,). */
  readonly b: NDArray;
  /** ∂L/∂W of the last backward pass, W's shape. */
  dW: NDArray;
  /** ∂L/∂b of the last backward pass, (FN,). */
  db: NDArray;
  /** Step between windows. */
  readonly stride: number;
  /** Zero padding on every side. */
  readonly pad: number;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  private geometry: WindowGeometry | null = null;
  private col: NDArray | null = null;

  /**
   * Wraps float filters `W` (FN, C, FH, FW) and biases `b` (FN,), used as given. As in the book,
   * `new Convolution(W, b, stride, pad)` takes stride and padding positionally (or as `{ stride, pad }`),
   * and a number for `b` is one bias for every filter (apply_filter.py's `Convolution(W, 0)`): a fresh
   * array. Throws BAD_ARGUMENT / BAD_DTYPE for non-float arrays or bad options, SHAPE_MISMATCH when the
   * shapes do not fit.
   */
  constructor(W: NDArray, b: NDArray | number, options: ConvolutionOptions | number = {}, pad?: number) {
    checkFloatingArray(W, 'W', 'Convolution');
    if (W.ndim !== 4) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Convolution: W must be (filters, channels, height, width), got W ${formatShape(W.shape)}`,
      );
    }
    const bias = biasArray(b, W.shape[0]!, W.dtype, 'Convolution');
    if (bias.ndim !== 1 || bias.shape[0] !== W.shape[0]) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Convolution: W must be (filters, channels, height, width) and b (filters,), got W ${formatShape(W.shape)} and b ${formatShape(bias.shape)}`,
      );
    }
    const settings = windowArguments('Convolution', options, pad);
    checkWindowSettings('Convolution', settings, ['pad']);
    this.W = W;
    this.b = bias;
    this.stride = settings.stride;
    this.pad = settings.pad;
    this.dW = NDArray.empty(W.shape, W.dtype);
    this.db = NDArray.empty(bias.shape, bias.dtype);
  }

  /** The output shape (N, FN, OH, OW) for an input shape (N, C, H, W); throws if they do not fit. */
  outputShape(inputShape: readonly number[]): [number, number, number, number] {
    checkInputShape(inputShape, 'Convolution.outputShape()');
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

  /**
   * Elements per sample of this layer's largest buffer for an input shape (N, C, H, W): the unrolled
   * windows (C·FH·FW per output position) or the product (FN per position), whichever is larger. A
   * network sizes its evaluation chunks by it, since these buffers grow with the batch.
   */
  bufferElementsPerSample(inputShape: readonly number[]): number {
    checkInputShape(inputShape, 'Convolution.bufferElementsPerSample()');
    const [, filters, oh, ow] = this.outputShape(inputShape);
    const [, channels, fh, fw] = this.W.shape as [number, number, number, number];
    return Math.max(channels * fh * fw, filters) * oh * ow;
  }

  /**
   * The convolution of x (N, C, H, W) with every filter plus its bias: (N, FN, OH, OW). `mode` (the book's
   * `train_flg`: `true`, `false` or `{ train }`) is checked; this layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
    const [batch, filters, oh, ow] = this.outputShape(x.shape);
    const [, channels, fh, fw] = this.W.shape as [number, number, number, number];
    const g: WindowGeometry = {
      batch,
      channels,
      height: x.shape[2]!,
      width: x.shape[3]!,
      windowHeight: fh,
      windowWidth: fw,
      stride: this.stride,
      pad: this.pad,
      outHeight: oh,
      outWidth: ow,
    };
    const dtype = promoteTypes(x.dtype, this.W.dtype);
    const positions = batch * oh * ow;
    const patch = channels * fh * fw;
    const col = this.workspace.get('col', [patch, positions], dtype);
    (kernels().im2colTransposed ?? im2colTransposed)(x.data, g, col.data);
    const product = this.workspace.get('product', [filters, positions], dtype);
    kernels().matmul(this.W.data, col.data, product.data, filters, patch, positions, false, false);
    settleHalf(product);
    const out = this.workspace.get('out', [batch, filters, oh, ow], dtype);
    (kernels().productToPlanes ?? productToPlanes)(product.data, this.b.data, out.data, batch, oh * ow, filters);
    settleHalf(out);
    this.geometry = g;
    this.col = col;
    return out;
  }

  /** Stores dW and db; returns dx in the input's shape. */
  backward(dout: NDArray): NDArray {
    const dProduct = this.backwardParams(dout);
    const g = this.geometry!;
    const [filters, , fh, fw] = this.W.shape as [number, number, number, number];
    const positions = g.batch * g.outHeight * g.outWidth;
    const patch = g.channels * fh * fw;
    const dcol = this.workspace.get('dcol', [patch, positions], dProduct.dtype);
    kernels().matmul(this.W.data, dProduct.data, dcol.data, patch, filters, positions, true, false);
    const dx = this.workspace.get('dx', [g.batch, g.channels, g.height, g.width], dProduct.dtype);
    (kernels().col2imTransposed ?? col2imTransposed)(dcol.data, g, dx.data);
    settleHalf(dx);
    return dx;
  }

  /**
   * Only the parameter gradients (a network's first layer needs no gradient for its input, and
   * col2im with its product is half the backward work). Returns dout as (FN, N·OH·OW).
   */
  backwardParams(dout: NDArray): NDArray {
    const g = this.geometry;
    const col = this.col;
    if (g === null || col === null) throw backwardBeforeForward(this.name);
    const filters = this.W.shape[0]!;
    checkDout(this.name, dout, [g.batch, filters, g.outHeight, g.outWidth]);
    const positions = g.batch * g.outHeight * g.outWidth;
    const patch = col.shape[0]!;
    const dProduct = this.workspace.get('dProduct', [filters, positions], promoteTypes(dout.dtype, this.W.dtype));
    const db = this.workspace.get('db', this.b.shape, this.b.dtype);
    (kernels().planesToProduct ?? planesToProduct)(
      dout.data,
      dProduct.data,
      db.data,
      g.batch,
      g.outHeight * g.outWidth,
      filters,
    );
    const dW = this.workspace.get('dW', this.W.shape, this.W.dtype);
    kernels().matmul(dProduct.data, col.data, dW.data, filters, positions, patch, false, true);
    settleHalf(dW);
    settleHalf(db);
    this.dW = dW;
    this.db = db;
    return dProduct;
  }

  /** `{ W, b }`, the arrays themselves. */
  params(): Record<string, NDArray> {
    return { W: this.W, b: this.b };
  }

  /** `{ W: dW, b: db }` from the last backward pass. */
  grads(): Record<string, NDArray> {
    return { W: this.dW, b: this.db };
  }
}
