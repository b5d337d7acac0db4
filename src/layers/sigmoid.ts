import { sigmoid } from '../functions/activations.js';
import { NDArray } from '../ndarray/ndarray.js';
import { backwardBeforeForward, checkDout } from './errors.js';
import type { Layer } from './types.js';

/** 1 / (1 + e^−x); backward uses the cached output: dx = dout·y·(1 − y). */
export class Sigmoid implements Layer {
  readonly name = 'Sigmoid';
  out: NDArray | null = null;

  forward(x: NDArray): NDArray {
    this.out = sigmoid(x);
    return this.out;
  }

  backward(dout: NDArray): NDArray {
    if (this.out === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, this.out.shape);
    const y = this.out.data;
    const dx = NDArray.empty(dout.shape, dout.dtype);
    for (let i = 0; i < y.length; i++) dx.data[i] = dout.data[i]! * (1 - y[i]!) * y[i]!;
    return dx;
  }
}
