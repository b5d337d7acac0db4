import type { NDArray } from '../ndarray/ndarray.js';
import { backwardBeforeForward, checkDout } from './errors.js';
import type { Layer } from './types.js';
import { Workspace } from './workspace.js';

/**
 * max(0, x). Unlike the book's Relu, which zeroes its input array in place, this returns a new
 * array and leaves x untouched.
 */
export class Relu implements Layer {
  readonly name = 'Relu';
  /** 1 where the input was <= 0 (those positions pass no gradient back). */
  mask: NDArray | null = null;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();

  forward(x: NDArray): NDArray {
    const out = this.workspace.get('out', x.shape, x.dtype);
    const mask = this.workspace.get('mask', x.shape, 'bool');
    const src = x.data;
    const o = out.data;
    const m = mask.data;
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      // Written as "not <= 0" so a NaN passes through (as with numpy's x[x <= 0] = 0) and a
      // diverging network shows NaN instead of silently turning it into 0.
      const keep = !(v <= 0);
      o[i] = keep ? v : 0;
      m[i] = keep ? 0 : 1;
    }
    this.mask = mask;
    return out;
  }

  backward(dout: NDArray): NDArray {
    if (this.mask === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, this.mask.shape);
    const dx = this.workspace.get('dx', dout.shape, dout.dtype);
    const m = this.mask.data;
    const g = dout.data;
    const d = dx.data;
    for (let i = 0; i < m.length; i++) d[i] = m[i] ? 0 : g[i]!;
    return dx;
  }
}
