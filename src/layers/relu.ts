import { NDArray } from '../ndarray/ndarray.js';
import { backwardBeforeForward, checkDout } from './errors.js';
import type { Layer } from './types.js';

/**
 * max(0, x). Unlike the book's Relu, which zeroes its input array in place, this returns a new
 * array and leaves x untouched.
 */
export class Relu implements Layer {
  readonly name = 'Relu';
  /** 1 where the input was <= 0 (those positions pass no gradient back). */
  mask: NDArray | null = null;

  forward(x: NDArray): NDArray {
    const out = NDArray.empty(x.shape, x.dtype);
    const mask = NDArray.empty(x.shape, 'bool');
    const src = x.data;
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      if (v > 0) out.data[i] = v;
      else mask.data[i] = 1;
    }
    this.mask = mask;
    return out;
  }

  backward(dout: NDArray): NDArray {
    if (this.mask === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, this.mask.shape);
    const dx = NDArray.empty(dout.shape, dout.dtype);
    const m = this.mask.data;
    for (let i = 0; i < m.length; i++) if (!m[i]) dx.data[i] = dout.data[i]!;
    return dx;
  }
}
