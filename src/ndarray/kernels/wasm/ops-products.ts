// Matrix products of the WebAssembly backend, shared with the worker thread when they are large.

import type { TypedArray } from '../../dtype.js';
import { jsKernels } from '../js.js';
import type { Kernels } from '../types.js';
import type { WasmOpContext } from './op-context.js';
import { alignUp } from './scratch.js';
import type { MatmulCut, MatmulThread } from './threads.js';
import { isF32, isF64 } from './thresholds.js';

/**
 * Chunks per split product: enough that the thread which finishes first takes more of them (the
 * two cores are rarely equally free on a shared machine), few enough that each still fills its
 * tiles. Products with op(A) read in place are cut by columns from this many 8-column panels.
 */
const SPLIT_CHUNKS = 8;
const SPLIT_MIN_PANELS = 16;

/**
 * C in chunks that both threads claim, each computed in place with its thread's own scratch, so
 * that a worker that is slow to wake or descheduled leaves its chunks to the main thread instead
 * of stalling it. Wide products with op(A) read in place (A·B, A·Bᵀ) are cut into 8-column panels
 * of C, each chunk packing only its own columns of B. Otherwise C's rows are cut, over an op(B)
 * packed once here for both threads (each thread packing all of B would cost a fifth of its share
 * at MLP shapes). C is bitwise equal to one thread's: every element's sum runs in the same order.
 * False if the product is too small to cut.
 */
function matmulSplit(
  ctx: WasmOpContext,
  t: MatmulThread,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  tA: 0 | 1,
  tB: 0 | 1,
): boolean {
  const { ex, staging: st, schedule } = ctx;
  const panels = Math.ceil(n / 8);
  const tiles = Math.ceil(m / 4);
  const cut: MatmulCut = (tA === 0 && panels >= SPLIT_MIN_PANELS) || tiles < 2 ? 'columns' : 'packed-rows';
  const units = cut === 'columns' ? panels : tiles;
  if (units < 2) return false;
  const chunks = Math.min(units, SPLIT_CHUNKS);
  const widest = Math.ceil(units / chunks);
  const lda = tA ? m : k;
  const ldb = tB ? k : n;
  if (cut === 'columns') {
    const scratch = alignUp(ex.matmulScratchBytes(m, k, Math.min(n, widest * 8), tA));
    st.stage(out, 2 * scratch, a, b);
    const own = st.pExtra;
    t.post({
      a: st.p0,
      b: st.p1,
      c: st.pOut,
      m,
      k,
      n,
      transA: tA,
      transB: tB,
      lda,
      ldb,
      ldc: n,
      cut,
      chunks,
      scratch: own + scratch,
    });
    schedule.runJob(t, ex, own);
    st.finish(out);
    return true;
  }
  const packed = alignUp(ex.packedBBytes(k, n));
  const scratch = alignUp(ex.matmulPackedScratchBytes(Math.min(m, widest * 4), k, tA));
  st.stage(out, packed + 2 * scratch, a, b);
  const bPacked = st.pExtra;
  ex.packBAll(st.p1, bPacked, ldb, k, n, tB);
  t.post({
    a: st.p0,
    b: bPacked,
    c: st.pOut,
    m,
    k,
    n,
    transA: tA,
    transB: tB,
    lda,
    ldb,
    ldc: n,
    cut,
    chunks,
    scratch: bPacked + packed + scratch,
  });
  schedule.runJob(t, ex, bPacked + packed);
  st.finish(out);
  return true;
}

/**
 * A float64 product in chunks of 4-row tiles of C that both threads claim: over a B packed once
 * here for both (A·B, Aᵀ·B), or reading Bᵀ in place (A·Bᵀ). Every element's sum runs in the same
 * order as on one thread, so the result is bitwise the same. m must be at least 8 (two tiles).
 */
function matmulSplit64(
  ctx: WasmOpContext,
  t: MatmulThread,
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
  tA: 0 | 1,
  tB: 0 | 1,
): void {
  const { ex, staging: st, schedule } = ctx;
  const tiles = Math.ceil(m / 4);
  const chunks = Math.min(tiles, SPLIT_CHUNKS);
  const rows = Math.min(m, Math.ceil(tiles / chunks) * 4);
  const lda = tA ? m : k;
  const ldb = tB ? k : n;
  const product = { m, k, n, transA: tA, transB: tB, lda, ldb, ldc: n, chunks };
  if (tB) {
    const scratch = alignUp(ex.matmul64ScratchBytes(rows, k, n, tA));
    st.stage(out, 2 * scratch, a, b);
    const own = st.pExtra;
    t.post({ ...product, a: st.p0, b: st.p1, c: st.pOut, cut: 'rows64', scratch: own + scratch });
    schedule.runJob(t, ex, own);
    st.finish(out);
    return;
  }
  const packed = alignUp(ex.packedB64Bytes(k, n));
  const scratch = alignUp(ex.matmulPackedB64ScratchBytes(rows, k, tA));
  st.stage(out, packed + 2 * scratch, a, b);
  const bPacked = st.pExtra;
  ex.packBAll64(st.p1, bPacked, ldb, k, n);
  t.post({ ...product, a: st.p0, b: bPacked, c: st.pOut, cut: 'packed-rows64', scratch: bPacked + packed + scratch });
  schedule.runJob(t, ex, bPacked + packed);
  st.finish(out);
}

/** The matrix product of one backend. */
export type ProductOps = Pick<Kernels, 'matmul'>;

/** Matrix products over `ctx`; float32 and float64 products worth it run in WebAssembly, the rest in TypeScript. */
export function createProductOps(ctx: WasmOpContext): ProductOps {
  const { ex, gate, staging: st, schedule } = ctx;
  const split = schedule.split;

  /**
   * Float64 products: bitwise the TypeScript kernel's C in the plain build (same order of sums),
   * within float64 rounding of it in the relaxed one (fused multiply-adds).
   */
  function matmul64(
    a: Float64Array,
    b: Float64Array,
    out: Float64Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void {
    const tA = transA ? 1 : 0;
    const tB = transB ? 1 : 0;
    const size = m * k * n;
    if (size >= split.awake && m >= 8) {
      const t = schedule.productWorker(size, size >= split.asleep);
      if (t !== null) {
        matmulSplit64(ctx, t, a, b, out, m, k, n, tA, tB);
        return;
      }
    }
    st.stage(out, ex.matmul64ScratchBytes(m, k, n, tA), a, b);
    ex.matmul64(st.p0, st.p1, st.pOut, m, k, n, tA, tB, st.pExtra);
    st.finish(out);
  }

  function matmul(
    a: TypedArray,
    b: TypedArray,
    out: TypedArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void {
    if (isF64(out) && isF64(a) && isF64(b) && !(transA && transB) && gate.worth(m * n, 'matmul', a, b, out)) {
      matmul64(a, b, out, m, k, n, transA, transB);
      return;
    }
    if (!isF32(a) || !isF32(b) || !isF32(out) || !gate.worth(m * n, 'matmul', a, b, out)) {
      jsKernels.matmul(a, b, out, m, k, n, transA, transB);
      return;
    }
    const tA: 0 | 1 = transA ? 1 : 0;
    const tB: 0 | 1 = transB ? 1 : 0;
    const size = m * k * n;
    if (size >= split.awake) {
      const t = schedule.productWorker(size, size >= split.asleep);
      if (t !== null && matmulSplit(ctx, t, a, b, out, m, k, n, tA, tB)) return;
    }
    st.stage(out, ex.matmulScratchBytes(m, k, n, tA), a, b);
    ex.matmul(st.p0, st.p1, st.pOut, m, k, n, tA, tB, st.pExtra);
    st.finish(out);
  }

  return { matmul };
}
