// Convolution windows of the WebAssembly backend: im2col and col2im in their transposed layout.

import type { TypedArray } from '../../dtype.js';
import type { WindowGeometry } from '../types.js';
import { col2imTransposed as jsCol2imTransposed, im2colTransposed as jsIm2colTransposed } from '../windows-js.js';
import type { WasmWindowKernel } from './loader.js';
import type { WasmOpContext } from './op-context.js';
import { isF32 } from './thresholds.js';

/** The window ops of one backend. */
export interface WindowOps {
  /** `Kernels.im2colTransposed`, in WebAssembly for float32. */
  im2colTransposed(x: TypedArray, g: WindowGeometry, colT: TypedArray): void;
  /** `Kernels.col2imTransposed`, in WebAssembly for float32. */
  col2imTransposed(colT: TypedArray, g: WindowGeometry, dx: TypedArray): void;
}

/** Calls a window kernel with `g` spelled out as its arguments. */
function runWindows(kernel: WasmWindowKernel, from: number, to: number, g: WindowGeometry): void {
  kernel(
    from,
    to,
    g.batch,
    g.channels,
    g.height,
    g.width,
    g.windowHeight,
    g.windowWidth,
    g.stride,
    g.pad,
    g.outHeight,
    g.outWidth,
  );
}

/** Window ops over `ctx`; float32 calls worth it run in WebAssembly, the rest in TypeScript. */
export function createWindowOps(ctx: WasmOpContext): WindowOps {
  const { ex, gate, staging: st } = ctx;

  function im2colTransposed(x: TypedArray, g: WindowGeometry, colT: TypedArray): void {
    if (!isF32(x) || !isF32(colT) || !gate.worth(colT.length, 'binary', x, colT)) {
      jsIm2colTransposed(x, g, colT);
      return;
    }
    st.stage(colT, 0, x);
    runWindows(ex.im2colT, st.p0, st.pOut, g);
    st.finish(colT);
  }

  function col2imTransposed(colT: TypedArray, g: WindowGeometry, dx: TypedArray): void {
    if (!isF32(colT) || !isF32(dx) || !gate.worth(colT.length, 'binary', colT, dx)) {
      jsCol2imTransposed(colT, g, dx);
      return;
    }
    st.stage(dx, 0, colT);
    runWindows(ex.col2imT, st.p0, st.pOut, g);
    st.finish(dx);
  }

  return { im2colTransposed, col2imTransposed };
}
