import { ScratchnetError } from '../errors.js';
import { floatResult, type TypedArray } from '../ndarray/dtype.js';
import { maxPool, maxPoolBackward } from '../ndarray/kernels/pooling-js.js';
import { allocateResident, kernels } from '../ndarray/kernels/registry.js';
import { settleHalf } from '../ndarray/half.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkKnownOptions, describeKind } from '../validate.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import { checkInputShape, checkWindowSettings, windowOutputSize, type WindowGeometry } from './im2col.js';
import type { ForwardMode, Layer } from './types.js';
import { Workspace } from './workspace.js';

/** Window, stride and padding of a max-pooling layer. The stride defaults to 1, as in the book. */
export interface PoolingOptions {
  /** Window height, a positive integer. */
  readonly poolHeight: number;
  /** Window width, a positive integer. */
  readonly poolWidth: number;
  /** Step between windows, a positive integer (default 1; the book's networks pass 2). */
  readonly stride?: number;
  /** Padding on every side, an integer >= 0 (default 0); padded positions never win. */
  readonly pad?: number;
}

/** The settings from `{ poolHeight, poolWidth, stride, pad }` or the book's positional numbers. */
function poolingArguments(
  options: PoolingOptions | number,
  poolW: number | undefined,
  stride: number | undefined,
  pad: number | undefined,
): PoolingOptions {
  if (typeof options === 'number') {
    if (poolW === undefined) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `Pooling: the book's positional form needs both sides, Pooling(poolH, poolW, stride, pad); got poolH ${options} alone`,
      );
    }
    return { poolHeight: options, poolWidth: poolW, stride, pad };
  }
  checkKnownOptions(options, ['poolHeight', 'poolWidth', 'stride', 'pad'], 'Pooling');
  const extra = [poolW, stride, pad].find((v) => v !== undefined);
  if (extra !== undefined) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `Pooling: after an options object nothing more is taken (positional sizes start with a number), got ${describeKind(extra)}`,
    );
  }
  return options;
}

/**
 * Max pooling over each channel of NCHW input, the book's chapter 7 layer. Positions in the padding
 * never win (they count as −∞, as in PyTorch; the book's im2col would pad with 0, which only
 * differs where a whole window of real inputs is negative). Backward sends each output's gradient
 * to the input position that held its window's maximum (the first one, on ties).
 */
export class Pooling implements Layer {
  /** Always 'Pooling'. */
  readonly name = 'Pooling';
  /** Window height. */
  readonly poolHeight: number;
  /** Window width. */
  readonly poolWidth: number;
  /** Step between windows. */
  readonly stride: number;
  /** Padding on every side. */
  readonly pad: number;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  private geometry: WindowGeometry | null = null;
  /** For each output, the flat index into x of its window's maximum (−1 for an all-padding window). */
  private argmax: Int32Array = new Int32Array(0);
  /** The storage under argmax. */
  private argmaxStore: TypedArray = new Float32Array(0);

  /**
   * `new Pooling({ poolHeight, poolWidth, stride, pad })`, or the book's positional
   * `new Pooling(poolH, poolW, stride = 1, pad = 0)`. Throws BAD_ARGUMENT for settings that are not
   * positive integers (pad: integers >= 0).
   */
  constructor(options: PoolingOptions | number, poolW?: number, stride?: number, pad?: number) {
    const settings = poolingArguments(options, poolW, stride, pad);
    const { poolHeight, poolWidth } = settings;
    const { stride: step = 1, pad: padding = 0 } = settings;
    checkWindowSettings('Pooling', { poolHeight, poolWidth, stride: step, pad: padding }, ['pad']);
    this.poolHeight = poolHeight;
    this.poolWidth = poolWidth;
    this.stride = step;
    this.pad = padding;
  }

  /** The output shape (N, C, OH, OW) for an input shape (N, C, H, W); throws if they do not fit. */
  outputShape(inputShape: readonly number[]): [number, number, number, number] {
    checkInputShape(inputShape, 'Pooling.outputShape()');
    if (inputShape.length !== 4) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Pooling: input must be (batch, channels, height, width), got ${formatShape(inputShape)}`,
      );
    }
    const oh = windowOutputSize('Pooling', 'height', inputShape[2]!, this.poolHeight, this.stride, this.pad);
    const ow = windowOutputSize('Pooling', 'width', inputShape[3]!, this.poolWidth, this.stride, this.pad);
    return [inputShape[0]!, inputShape[1]!, oh, ow];
  }

  /**
   * The maximum of every window of every plane of x (N, C, H, W): (N, C, OH, OW), float. `mode` (the book's
   * `train_flg`: `true`, `false` or `{ train }`) is checked; this layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
    const [batch, channels, oh, ow] = this.outputShape(x.shape);
    const height = x.shape[2]!;
    const width = x.shape[3]!;
    const out = this.workspace.get('out', [batch, channels, oh, ow], floatResult(x.dtype));
    const { poolHeight: ph, poolWidth: pw, stride, pad } = this;
    const g: WindowGeometry = {
      batch,
      channels,
      height,
      width,
      windowHeight: ph,
      windowWidth: pw,
      stride,
      pad,
      outHeight: oh,
      outWidth: ow,
    };
    const argmax = this.argmaxFor(out.size);
    (kernels().maxPool ?? maxPool)(x.data, g, out.data, argmax);
    this.geometry = g;
    return out;
  }

  /**
   * The argmax buffer for `size` outputs, kept across calls. It lives where the kernels work without
   * copies (int32 viewed over resident float32 storage, which `store` keeps alive).
   */
  private argmaxFor(size: number): Int32Array {
    if (this.argmax.length === size) return this.argmax;
    if (this.argmaxStore.length < size) this.argmaxStore = allocateResident('float32', size);
    const store = this.argmaxStore;
    this.argmax = new Int32Array(store.buffer, store.byteOffset, size);
    return this.argmax;
  }

  /** Each output's gradient sent to its window's maximum: dx of the last input's shape. */
  backward(dout: NDArray): NDArray {
    const g = this.geometry;
    if (g === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, [g.batch, g.channels, g.outHeight, g.outWidth]);
    const dx = this.workspace.get('dx', [g.batch, g.channels, g.height, g.width], floatResult(dout.dtype));
    (kernels().maxPoolBackward ?? maxPoolBackward)(dout.data, this.argmax, dx.data);
    settleHalf(dx);
    return dx;
  }
}

/** Reshapes each sample to one row, (N, ...) → (N, features), and back in backward. */
export class Flatten implements Layer {
  /** Always 'Flatten'. */
  readonly name = 'Flatten';
  private inputShape: readonly number[] | null = null;

  /**
   * x (N, ...) as (N, features), a view; SHAPE_MISMATCH for a 0-d x. `mode` (the book's `train_flg`: `true`,
   * `false` or `{ train }`) is checked; this layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
    if (x.ndim < 1)
      throw new ScratchnetError('SHAPE_MISMATCH', 'Flatten: input must have a batch axis, got a 0-d array');
    this.inputShape = x.shape;
    const batch = x.shape[0]!;
    return x.reshape(batch, batch === 0 ? 0 : x.size / batch);
  }

  /** dout (N, features) back in the last input's shape, a view. */
  backward(dout: NDArray): NDArray {
    if (this.inputShape === null) throw backwardBeforeForward(this.name);
    const batch = this.inputShape[0]!;
    checkDout(this.name, dout, [batch, batch === 0 ? 0 : this.inputShape.reduce((p, d) => p * d, 1) / batch]);
    return dout.reshape(this.inputShape);
  }
}
