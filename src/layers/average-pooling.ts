import { ScratchnetError } from '../errors.js';
import { floatResult, type TypedArray } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkKnownOptions } from '../validate.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import { checkInputShape, checkWindowSettings, windowOutputSize } from './im2col.js';
import type { ForwardMode, Layer } from './types.js';
import { Workspace } from './workspace.js';
import { settleHalf } from '../ndarray/half.js';

/** Window and stride of an average-pooling layer. */
export interface AveragePoolingOptions {
  /** Side of the square window. */
  readonly size: number;
  /** Step between windows (default: the window's side, so windows do not overlap). */
  readonly stride?: number;
}

/** The shapes of the last forward pass: input (N, C, H, W) and output (N, C, OH, OW). */
interface PoolGeometry {
  readonly input: readonly [number, number, number, number];
  readonly output: readonly [number, number, number, number];
}

/**
 * Walks every input position of every output's window: 'sum' adds the inputs into their output,
 * 'spread' adds each output's value to every input of its window (the backward pass).
 */
function poolWindows(
  inputs: TypedArray,
  outputs: TypedArray,
  input: readonly number[],
  output: readonly number[],
  size: number,
  stride: number,
  direction: 'sum' | 'spread',
): void {
  const [batch, channels, height, width] = input as [number, number, number, number];
  const [, , oh, ow] = output as [number, number, number, number];
  let o = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * height * width;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o++) {
        const corner = base + oy * stride * width + ox * stride;
        for (let ky = 0; ky < size; ky++) {
          const row = corner + ky * width;
          if (direction === 'sum') for (let kx = 0; kx < size; kx++) outputs[o]! += inputs[row + kx]!;
          else for (let kx = 0; kx < size; kx++) inputs[row + kx]! += outputs[o]!;
        }
      }
    }
  }
}

/**
 * Average pooling over each channel of NCHW input, without padding: each output is the mean of its
 * size×size window, and backward spreads each output's gradient evenly over its window.
 */
export class AveragePooling implements Layer {
  /** The layer's name, used in error messages. */
  readonly name = 'AveragePooling';
  /** Side of the square window. */
  readonly size: number;
  /** Step between windows. */
  readonly stride: number;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  private geometry: PoolGeometry | null = null;

  /** Throws `BAD_ARGUMENT` for options other than `{ size, stride }` or values that are not positive integers. */
  constructor(options: AveragePoolingOptions) {
    checkKnownOptions(options, ['size', 'stride'], 'AveragePooling');
    const { size, stride = size } = options;
    checkWindowSettings('AveragePooling', { size, stride });
    this.size = size;
    this.stride = stride;
  }

  /** The output shape (N, C, OH, OW) for an input shape (N, C, H, W); throws `SHAPE_MISMATCH` if they do not fit. */
  outputShape(inputShape: readonly number[]): [number, number, number, number] {
    checkInputShape(inputShape, 'AveragePooling.outputShape()');
    if (inputShape.length !== 4) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `AveragePooling: input must be (batch, channels, height, width), got ${formatShape(inputShape)}`,
      );
    }
    const oh = windowOutputSize('AveragePooling', 'height', inputShape[2]!, this.size, this.stride, 0);
    const ow = windowOutputSize('AveragePooling', 'width', inputShape[3]!, this.size, this.stride, 0);
    return [inputShape[0]!, inputShape[1]!, oh, ow];
  }

  /**
   * The mean of every window, (N, C, OH, OW). `mode` (the book's `train_flg`: `true`, `false` or `{ train }`) is
   * checked; this layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
    const output = this.outputShape(x.shape);
    const input = x.shape as [number, number, number, number];
    const out = this.workspace.get('out', output, floatResult(x.dtype));
    out.data.fill(0);
    poolWindows(x.data, out.data, input, output, this.size, this.stride, 'sum');
    const area = this.size * this.size;
    for (let o = 0; o < out.size; o++) out.data[o] = out.data[o]! / area;
    settleHalf(out);
    this.geometry = { input, output };
    return out;
  }

  /** Each output's gradient, divided by the window's area, added to every input of its window. */
  backward(dout: NDArray): NDArray {
    const g = this.geometry;
    if (g === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, g.output);
    const dx = this.workspace.get('dx', g.input, floatResult(dout.dtype));
    dx.data.fill(0);
    poolWindows(dx.data, dout.data, g.input, g.output, this.size, this.stride, 'spread');
    const scale = 1 / (this.size * this.size);
    for (let i = 0; i < dx.size; i++) dx.data[i] = dx.data[i]! * scale;
    settleHalf(dx);
    return dx;
  }
}
