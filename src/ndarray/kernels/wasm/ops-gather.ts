// Mini-batch gathers of the WebAssembly backend, shared with the worker thread when they are large.

import type { TypedArray } from '../../dtype.js';
import { gatherRows as jsGatherRows } from '../js.js';
import type { WasmOpContext } from './op-context.js';

/** Runs of rows a shared gather is cut into. */
const GATHER_CHUNKS = 4;

/** The gather of one backend. */
export interface GatherOps {
  /** `Kernels.gatherRows`: in WebAssembly where both src and out live in the module's memory. */
  gatherRows(src: TypedArray, run: number, indices: Int32Array, count: number, out: TypedArray): void;
}

/** The row gather over `ctx`. */
export function createGatherOps(ctx: WasmOpContext): GatherOps {
  const { ex, heap, staging, schedule } = ctx;
  const scratch = staging.scratch;
  const gatherBytes = schedule.split.gatherBytes;

  // Only where both sides already live in the memory: copying the source in would cost more than
  // the gather saves. The row numbers go through the scratch (a few hundred bytes).
  function gatherRows(src: TypedArray, run: number, indices: Int32Array, count: number, out: TypedArray): void {
    const bytes = src.BYTES_PER_ELEMENT;
    if (run < 16 || count === 0 || out.BYTES_PER_ELEMENT !== bytes || !heap.owns(src) || !heap.owns(out)) {
      jsGatherRows(src, run, indices, count, out);
      return;
    }
    const srcOff = src.byteOffset;
    const outOff = out.byteOffset;
    scratch.reserve(count * 4);
    const pIdx = scratch.copyIn(count === indices.length ? indices : indices.subarray(0, count));
    const rowBytes = run * bytes;
    // Random rows of a large training set come from main memory: two cores fetch them faster than one.
    if (count >= 2 * GATHER_CHUNKS && count * rowBytes >= gatherBytes) {
      // Waking a sleeping worker takes longer than the gather: this one then runs here alone.
      const t = schedule.workerFor(false);
      if (t !== null) {
        t.post({
          a: srcOff,
          b: pIdx,
          c: outOff,
          m: count,
          k: rowBytes,
          n: 0,
          transA: 0,
          transB: 0,
          lda: 0,
          ldb: 0,
          ldc: 0,
          cut: 'gather-rows',
          chunks: GATHER_CHUNKS,
          scratch: 0,
        });
        schedule.runJob(t, ex, 0);
        return;
      }
    }
    ex.gatherRows(srcOff, pIdx, count, rowBytes, outOff);
  }

  return { gatherRows };
}
