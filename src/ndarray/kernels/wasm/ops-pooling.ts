// Max pooling and the reshuffles around a convolution's product, in WebAssembly for float32. Calls
// whose second output (argmax, the bias gradient) does not live in the module's memory run in
// TypeScript: staging copies back one output only, and the layers keep theirs resident anyway.

import type { TypedArray } from '../../dtype.js';
import * as js from '../pooling-js.js';
import type { WindowGeometry } from '../types.js';
import type { WasmOpContext } from './op-context.js';
import { isF32 } from './thresholds.js';

/** The pooling and convolution-plane ops of one backend. */
export interface PoolingOps {
  /** `Kernels.maxPool`. */
  maxPool(x: TypedArray, g: WindowGeometry, out: TypedArray, argmax: Int32Array): void;
  /** `Kernels.maxPoolBackward`. */
  maxPoolBackward(dout: TypedArray, argmax: Int32Array, dx: TypedArray): void;
  /** `Kernels.productToPlanes`. */
  productToPlanes(
    product: TypedArray,
    bias: TypedArray,
    out: TypedArray,
    batch: number,
    positions: number,
    filters: number,
  ): void;
  /** `Kernels.planesToProduct`. */
  planesToProduct(
    dout: TypedArray,
    dProduct: TypedArray,
    db: TypedArray,
    batch: number,
    positions: number,
    filters: number,
  ): void;
}

/** Pooling and plane ops over `ctx`. */
export function createPoolingOps(ctx: WasmOpContext): PoolingOps {
  const { ex, heap, gate, staging: st } = ctx;

  function maxPool(x: TypedArray, g: WindowGeometry, out: TypedArray, argmax: Int32Array): void {
    if (!isF32(x) || !isF32(out) || !heap.owns(argmax) || !gate.worth(out.length, 'binary', x, out)) {
      js.maxPool(x, g, out, argmax);
      return;
    }
    // Staging may grow the memory: the argmax offset stays valid (a shared memory never moves).
    st.stage(out, 0, x);
    ex.maxPool(
      st.p0,
      st.pOut,
      argmax.byteOffset,
      g.batch * g.channels,
      g.height,
      g.width,
      g.outHeight,
      g.outWidth,
      g.windowHeight,
      g.windowWidth,
      g.stride,
      g.pad,
    );
    st.finish(out);
  }

  function maxPoolBackward(dout: TypedArray, argmax: Int32Array, dx: TypedArray): void {
    if (!isF32(dout) || !isF32(dx) || !heap.owns(argmax) || !gate.worth(dx.length, 'binary', dout, dx)) {
      js.maxPoolBackward(dout, argmax, dx);
      return;
    }
    st.stage(dx, 0, dout);
    ex.maxPoolBackward(st.p0, argmax.byteOffset, st.pOut, argmax.length, dx.length);
    st.finish(dx);
  }

  function productToPlanes(
    product: TypedArray,
    bias: TypedArray,
    out: TypedArray,
    batch: number,
    positions: number,
    filters: number,
  ): void {
    if (!isF32(product) || !isF32(bias) || !isF32(out) || !gate.worth(out.length, 'binary', product, out)) {
      js.productToPlanes(product, bias, out, batch, positions, filters);
      return;
    }
    st.stage(out, 0, product, bias);
    ex.productToPlanes(st.p0, st.p1, st.pOut, batch, positions, filters);
    st.finish(out);
  }

  function planesToProduct(
    dout: TypedArray,
    dProduct: TypedArray,
    db: TypedArray,
    batch: number,
    positions: number,
    filters: number,
  ): void {
    const fits = isF32(dout) && isF32(dProduct) && isF32(db) && heap.owns(db);
    if (!fits || !gate.worth(dProduct.length, 'binary', dout, dProduct)) {
      js.planesToProduct(dout, dProduct, db, batch, positions, filters);
      return;
    }
    st.stage(dProduct, 0, dout);
    ex.planesToProduct(st.p0, st.pOut, db.byteOffset, batch, positions, filters);
    st.finish(dProduct);
  }

  return { maxPool, maxPoolBackward, productToPlanes, planesToProduct };
}
