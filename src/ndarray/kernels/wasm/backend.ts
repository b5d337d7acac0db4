// The `Kernels` backend that runs float32 work through the SIMD WebAssembly module and everything
// else (float64, integers, general broadcasting, reductions over inner axes) through the
// TypeScript kernels.

import type { DType, TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import { gatherRows as jsGatherRows, jsKernels, softmaxRows as jsSoftmaxRows } from '../js.js';
import { col2imTransposed as jsCol2imTransposed, im2colTransposed as jsIm2colTransposed } from '../windows-js.js';
import type { ActivationOp, BinaryOp, Kernels, ReduceOp, UnaryOp, WindowGeometry } from '../types.js';
import { WasmHeap } from './heap.js';
import { Scratch, alignUp } from './scratch.js';
import {
  detectWasmVariant,
  instantiateWasmKernelModule,
  loadWasmKernelModule,
  type WasmBinaryKernel,
  type WasmKernelModule,
  type WasmScalarKernel,
  type WasmUnaryKernel,
  type WasmVariant,
  type WasmVectorKernel,
} from './loader.js';
import { MatmulThread, threadSupport, type MatmulCut, type ThreadSupport } from './threads.js';

/** Sizes below which a call stays in TypeScript. */
export interface WasmThresholds {
  /** Elements, for the unary ops. */
  readonly unary: number;
  /** Elements of the result, for the binary ops. */
  readonly binary: number;
  /** Elements of the array reduced (sum, max, argmax). */
  readonly reduce: number;
  /**
   * m·n of a matrix product. Below about a quarter of the 4×8 register tile most of the tile's work
   * is thrown away and a TypeScript dot product wins once k is in the hundreds.
   */
  readonly matmul: number;
}

/** Thresholds for calls whose operands must be copied in and out, and for calls whose operands all live in the module's memory. */
export interface WasmThresholdSet {
  readonly copied: WasmThresholds;
  readonly resident: WasmThresholds;
}

/**
 * Below these sizes a call stays in TypeScript: the WebAssembly call, and the copies in and out
 * where an operand lives outside the module's memory, cost more than SIMD saves. Each is about the
 * size where the WebAssembly path started to win against the TypeScript kernels on the 2-core EPYC
 * of ../shared/NOTES.md (Node 20, plain SIMD, medians of interleaved runs). A call costs ~0.1 µs
 * with resident operands (mostly `.buffer` reads) and ~0.3 µs plus the copies otherwise (a copy
 * into or out of a shared memory runs at ~10-20 GB/s). With copies the crossovers were: unary ops
 * 12-16 elements (exp, log, tanh) to 48-64 (sigmoid, relu, neg); binary ops ~120 (row or column
 * vector) to ~230 (same shape, scalar); reductions ~250 (max) to ~700 (row sums into float64);
 * matrix products m·n = 4-8 when k = 784, and m·n >= 8 won at every k tried (1 to 784). With
 * resident operands: unary 8-16, binary 32-64, row sums ~500.
 */
export const WASM_THRESHOLDS: WasmThresholdSet = {
  copied: { unary: 64, binary: 256, reduce: 1024, matmul: 8 },
  resident: { unary: 16, binary: 64, reduce: 512, matmul: 8 },
};

/** When a matrix product is split between two threads, in m·k·n (half its flops). */
export interface WasmSplitThresholds {
  /** From this size while the worker thread is awake (spinning for work: a job reaches it in under 1 µs). */
  readonly awake: number;
  /**
   * From this size even when the worker sleeps: waking it costs 30-100 µs or more on these
   * machines, so a smaller product runs on one thread and only wakes the worker for the next ones.
   */
  readonly asleep: number;
  /** Bytes of a mini-batch gather (`gatherRows`) from which the two threads share it, while the worker is awake. */
  readonly gatherBytes: number;
}

/**
 * Measured on the 2-core EPYC of ../shared/NOTES.md (Node 20, plain SIMD, medians of interleaved
 * runs, one thread against two). With the worker spinning, two threads won from m·k·n ≈ 16K
 * ((16,64,16): 1.2 against 0.9 µs) and by 1.5-1.9x from 32K up ((32,32,32): 2.5 against 1.6 µs;
 * (100,784,50): 275 against 160 µs); 32K keeps the tiniest products, where a descheduled worker
 * would cost most, on one thread. With the worker asleep, (100,200,50) (1M) and (40,784,50) (1.6M)
 * came out even and (60,784,50) (2.4M) 1.3x faster.
 */
export const WASM_SPLIT: WasmSplitThresholds = { awake: 32768, asleep: 2097152, gatherBytes: 65536 };

/** Runs of rows a shared gather is cut into. */
const GATHER_CHUNKS = 4;

/**
 * Chunks per split product: enough that the thread which finishes first takes more of them (the
 * two cores are rarely equally free on a shared machine), few enough that each still fills its
 * tiles. Products with op(A) read in place are cut by columns from this many 8-column panels.
 */
const SPLIT_CHUNKS = 8;
const SPLIT_MIN_PANELS = 16;

/**
 * Backs off from splitting products while the worker keeps the main thread waiting. On a machine
 * with more busy threads than cores the worker is descheduled mid-chunk, and each wait for it costs
 * more than the split saves (measured here: an epoch of the book's network took 0.69 s on two
 * threads against 0.39 s on one while other processes kept both cores busy). After a few late
 * joins in a row, products run on one thread for a stretch that doubles each time it is needed
 * again (and halves back after a good one), and the idle worker goes to sleep, freeing its core.
 */
export class SplitPacing {
  private products = 0;
  private resumeAt = 0;
  private stretch = MIN_STRETCH;
  private late = 0;

  /** Whether this product may be split (counts it). */
  allows(): boolean {
    this.products++;
    return this.products >= this.resumeAt;
  }

  /** One split product: time spent on its own chunks, then waiting for the worker's. */
  record(working: number, waiting: number): void {
    if (waiting > LATE_SHARE * working + LATE_FLOOR_MS) {
      if (++this.late < LATE_IN_A_ROW) return;
      this.late = 0;
      this.resumeAt = this.products + this.stretch + 1;
      this.stretch = Math.min(MAX_STRETCH, this.stretch * 2);
    } else {
      this.late = 0;
      this.stretch = Math.max(MIN_STRETCH, this.stretch >> 1);
    }
  }
}

/** A join is late when the wait exceeds this share of the main thread's own work, plus the floor. */
const LATE_SHARE = 0.5;
const LATE_FLOOR_MS = 0.05;
const LATE_IN_A_ROW = 3;
/** Products run on one thread after late joins: from this many, doubling up to the maximum. */
const MIN_STRETCH = 64;
const MAX_STRETCH = 8192;

/** The threads of `createWasmBackend`. */
export interface WasmBackendOptions {
  /**
   * Threads for the matrix products. Default: 2 where the memory is shared, threads can be started
   * and there are at least 2 cores; otherwise 1.
   */
  readonly threads?: 1 | 2;
  /**
   * How to start the worker thread. Default: what `threadSupport()` says when the first product is
   * split (browsers are detected; Node's entry installs `worker_threads`). null: one thread.
   */
  readonly threadSupport?: ThreadSupport | null;
  /** When a product is split (default `WASM_SPLIT`). */
  readonly split?: WasmSplitThresholds;
  /** How long the worker spins for the next job before it sleeps, in µs (default `DEFAULT_SPIN_US`). */
  readonly spinMicroseconds?: number;
}

/** The WebAssembly `Kernels`, with control over the second thread of the matrix products. */
export interface WasmKernels extends Kernels {
  /**
   * Computes large matrix products on 1 or 2 threads. 2 needs shared memory and a way to start
   * threads, else it stays 1. Going to 1 stops the worker; going back to 2 starts a new one.
   */
  setThreads(n: 1 | 2): void;
  /** 2 when large products are split between two threads (once the worker has started), else 1. */
  threadCount(): 1 | 2;
  /**
   * Starts the worker if it is not running and waits up to `timeoutMs` for it to take work (it
   * starts in the background on the first large product otherwise, and those before it is ready
   * run on one thread); true if it is ready. For benchmarks and tests that must measure two threads.
   */
  waitForThreads(timeoutMs?: number): boolean;
}

const isF32 = (x: TypedArray): x is Float32Array => x instanceof Float32Array;

/** The row-major shape padded with leading 1s to `rank` axes. */
function padded(shape: Shape, rank: number): number[] {
  return [...new Array<number>(rank - shape.length).fill(1), ...shape];
}

/** `v` is a row vector for `outShape`: it broadcasts along every axis but the last. */
function isRowVector(shape: Shape, outShape: Shape): boolean {
  const rank = outShape.length;
  if (rank < 1 || shape.length > rank) return false;
  const p = padded(shape, rank);
  for (let d = 0; d < rank - 1; d++) if (p[d] !== 1) return false;
  return p[rank - 1] === outShape[rank - 1];
}

/** `v` is a column vector for `outShape`: it matches every axis but the last, which is 1. */
function isColumnVector(shape: Shape, outShape: Shape): boolean {
  const rank = outShape.length;
  if (rank < 1 || shape.length > rank) return false;
  const p = padded(shape, rank);
  for (let d = 0; d < rank - 1; d++) if (p[d] !== outShape[d]) return false;
  return p[rank - 1] === 1;
}

/**
 * The float32 SIMD backend over one loaded module and its heap. Float32 operands go through
 * WebAssembly: one that already lives in the module's memory (a view of `heap`'s buffer) is used
 * in place, any other is copied into scratch and the result copied back. Everything else falls
 * back to the TypeScript kernels.
 */
export function createWasmBackend(
  module: WasmKernelModule,
  heap: WasmHeap,
  thresholds: WasmThresholdSet = WASM_THRESHOLDS,
  options: WasmBackendOptions = {},
): WasmKernels {
  const ex = module.exports;
  const scratch = new Scratch(heap);
  const { copied, resident } = thresholds;
  const split = options.split ?? WASM_SPLIT;

  /**
   * Whether a call of `size` is worth sending to WebAssembly. Residency (a `.buffer` read, ~35 ns
   * each) is checked only in the band where it decides.
   */
  function worth(size: number, key: keyof WasmThresholds, a: TypedArray, b?: TypedArray, c?: TypedArray): boolean {
    if (size >= copied[key]) return true;
    if (size < resident[key]) return false;
    return heap.owns(a) && (b === undefined || heap.owns(b)) && (c === undefined || heap.owns(c));
  }

  const unaryKernels: Partial<Record<UnaryOp, WasmUnaryKernel>> = {
    neg: ex.neg,
    exp: ex.exp,
    log: ex.log,
    sqrt: ex.sqrt,
    abs: ex.abs,
    square: ex.square,
    tanh: ex.tanh,
    sigmoid: ex.sigmoid,
    relu: ex.relu,
    step: ex.step,
    reciprocal: ex.reciprocal,
  };
  const same: Partial<Record<BinaryOp, WasmBinaryKernel>> = { add: ex.add, sub: ex.sub, mul: ex.mul, div: ex.div };
  // x op s, and s op x for a scalar on the left.
  const scalarRight: Partial<Record<BinaryOp, WasmScalarKernel>> = {
    add: ex.addScalar,
    sub: ex.subScalar,
    mul: ex.mulScalar,
    div: ex.divScalar,
  };
  const scalarLeft: Partial<Record<BinaryOp, WasmScalarKernel>> = {
    add: ex.addScalar,
    sub: ex.rsubScalar,
    mul: ex.mulScalar,
    div: ex.rdivScalar,
  };
  const rowRight: Partial<Record<BinaryOp, WasmVectorKernel>> = {
    add: ex.addRowVector,
    sub: ex.subRowVector,
    mul: ex.mulRowVector,
    div: ex.divRowVector,
  };
  const columnRight: Partial<Record<BinaryOp, WasmVectorKernel>> = {
    add: ex.addColumnVector,
    sub: ex.subColumnVector,
    mul: ex.mulColumnVector,
    div: ex.divColumnVector,
  };
  // Only the commutative ops can take the vector on the left, by swapping.
  const rowLeft: Partial<Record<BinaryOp, WasmVectorKernel>> = { add: ex.addRowVector, mul: ex.mulRowVector };
  const columnLeft: Partial<Record<BinaryOp, WasmVectorKernel>> = { add: ex.addColumnVector, mul: ex.mulColumnVector };

  // Pointers of the call being staged (fields, so staging allocates nothing).
  let p0 = 0;
  let p1 = 0;
  let pOut = 0;
  let pExtra = 0;
  let outInPlace = false;

  /**
   * Puts the operands of one call in the module's memory: x (and y) as inputs, `out` as the output
   * (the same pointer where it is x or y), plus `extra` bytes of scratch. Offsets of resident
   * arrays are read before the scratch is reserved, because reserving may grow (and, for unshared
   * memory, detach) the buffer.
   */
  function stage(out: TypedArray, extra: number, x: TypedArray, y?: TypedArray): void {
    const xIn = heap.owns(x);
    const yIn = y === undefined || (y === x ? xIn : heap.owns(y));
    const oIn = out === x ? xIn : out === y ? yIn : heap.owns(out);
    const xOff = x.byteOffset;
    const yOff = y === undefined ? 0 : y.byteOffset;
    const oOff = out.byteOffset;
    let bytes = alignUp(extra);
    if (!xIn) bytes += alignUp(x.byteLength);
    if (!yIn && y !== x) bytes += alignUp(y.byteLength);
    if (!oIn && out !== x && out !== y) bytes += alignUp(out.byteLength);
    scratch.reserve(bytes);
    p0 = xIn ? xOff : scratch.copyIn(x);
    p1 = y === undefined ? 0 : y === x ? p0 : yIn ? yOff : scratch.copyIn(y);
    pOut = out === x ? p0 : out === y ? p1 : oIn ? oOff : scratch.take(out.byteLength);
    outInPlace = oIn;
    pExtra = extra > 0 ? scratch.take(extra) : 0;
  }

  /** Copies the result back unless `out` lives in the module's memory. */
  function finish(out: TypedArray): void {
    if (outInPlace) return;
    scratch.copyOut(pOut, out);
  }

  function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
    const kernel = unaryKernels[op];
    if (!kernel || !isF32(x) || !isF32(out) || !worth(x.length, 'unary', x, out)) {
      jsKernels.unary(op, x, out);
      return;
    }
    stage(out, 0, x);
    kernel(p0, pOut, x.length);
    finish(out);
  }

  function binary(
    op: BinaryOp,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    out: TypedArray,
    outShape: Shape,
  ): void {
    const size = out.length;
    const elementwise = same[op];
    if (!elementwise || !isF32(out) || !worth(size, 'binary', a, b, out)) {
      jsKernels.binary(op, a, aShape, b, bShape, out, outShape);
      return;
    }
    const n = outShape[outShape.length - 1] ?? 1;
    const rows = n === 0 ? 0 : size / n;
    // Full-size operands broadcast nothing (only size-1 axes can differ), so they pair up elementwise.
    if (isF32(a) && isF32(b) && a.length === size && b.length === size) {
      stage(out, 0, a, b);
      elementwise(p0, p1, pOut, size);
      finish(out);
      return;
    }
    if (isF32(a) && a.length === size) {
      const scalar = scalarRight[op];
      if (b.length === 1 && scalar) {
        stage(out, 0, a);
        scalar(p0, b[0]!, pOut, size);
        finish(out);
        return;
      }
      const vector = isF32(b)
        ? isRowVector(bShape, outShape)
          ? rowRight[op]
          : isColumnVector(bShape, outShape)
            ? columnRight[op]
            : undefined
        : undefined;
      if (vector) {
        stage(out, 0, a, b);
        vector(p0, p1, pOut, rows, n);
        finish(out);
        return;
      }
    } else if (isF32(b) && b.length === size) {
      const scalar = scalarLeft[op];
      if (a.length === 1 && scalar) {
        stage(out, 0, b);
        scalar(p0, a[0]!, pOut, size);
        finish(out);
        return;
      }
      const vector = isF32(a)
        ? isRowVector(aShape, outShape)
          ? rowLeft[op]
          : isColumnVector(aShape, outShape)
            ? columnLeft[op]
            : undefined
        : undefined;
      if (vector) {
        stage(out, 0, b, a);
        vector(p0, p1, pOut, rows, n);
        finish(out);
        return;
      }
    }
    jsKernels.binary(op, a, aShape, b, bShape, out, outShape);
  }

  /** Whether the WebAssembly kernels cover this reduction (the caller checks the size). */
  function reducible(op: ReduceOp, inner: number, out: TypedArray): boolean {
    // The array API sums float32 into float64 and rounds once; the F64 kernels keep that precision.
    if (op === 'sum') return out instanceof Float64Array;
    if (inner !== 1) return false;
    return (op === 'max' && isF32(out)) || (op === 'argmax' && out instanceof Int32Array);
  }

  function reduce(op: ReduceOp, x: TypedArray, outer: number, length: number, inner: number, out: TypedArray): void {
    if (!isF32(x) || length === 0 || !reducible(op, inner, out) || !worth(x.length, 'reduce', x, out)) {
      jsKernels.reduce(op, x, outer, length, inner, out);
      return;
    }
    stage(out, 0, x);
    if (op === 'max') ex.maxRows(p0, pOut, outer, length);
    else if (op === 'argmax') ex.argmaxRows(p0, pOut, outer, length);
    else if (inner === 1) ex.sumRowsF64(p0, pOut, outer, length);
    else {
      const stride = length * inner;
      for (let o = 0; o < outer; o++) ex.sumColumnsF64(p0 + o * stride * 4, pOut + o * inner * 8, length, inner);
    }
    finish(out);
  }

  const pacing = new SplitPacing();

  // The second thread, started on the first product worth it. How to start it is looked up then,
  // not now: Node's entry may install worker_threads after this backend was made.
  let wanted = options.threads;
  let failed = false;
  let thread: MatmulThread | null = null;
  const supported = (): ThreadSupport | null => {
    if (!module.shared || failed) return null;
    return options.threadSupport === undefined ? threadSupport() : options.threadSupport;
  };

  function threadCount(): 1 | 2 {
    if (wanted === 1) return 1;
    const support = supported();
    if (support === null) return 1;
    return wanted === 2 || support.concurrency >= 2 ? 2 : 1;
  }

  function startThread(): MatmulThread | null {
    if (thread?.closed) {
      // It gave up (failed to start): one thread from now on.
      thread = null;
      failed = true;
    }
    if (thread === null && !failed) {
      const support = supported();
      thread = support === null ? null : MatmulThread.start(module, heap, support);
      workers.set(backend, thread);
      if (thread === null) failed = true;
      else if (options.spinMicroseconds !== undefined) thread.spinMicroseconds = options.spinMicroseconds;
    }
    return thread;
  }

  function setThreads(count: 1 | 2): void {
    if (count !== 1 && count !== 2) throw new RangeError(`setThreads: expected 1 or 2 threads, got ${String(count)}`);
    wanted = count;
    if (count === 1) {
      thread?.close();
      thread = null;
    }
  }

  function waitForThreads(timeoutMs = 5000): boolean {
    if (threadCount() !== 2) return false;
    return startThread()?.waitReady(timeoutMs) ?? false;
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
    if (!isF32(a) || !isF32(b) || !isF32(out) || !worth(m * n, 'matmul', a, b, out)) {
      jsKernels.matmul(a, b, out, m, k, n, transA, transB);
      return;
    }
    const tA: 0 | 1 = transA ? 1 : 0;
    const tB: 0 | 1 = transB ? 1 : 0;
    const size = m * k * n;
    if (size >= split.awake && threadCount() === 2 && pacing.allows()) {
      const t = thread !== null && !thread.closed ? thread : startThread();
      if (t?.ready) {
        if (!t.asleep || size >= split.asleep) {
          if (matmulSplit(t, a, b, out, m, k, n, tA, tB)) return;
        } else t.wake();
      }
    }
    stage(out, ex.matmulScratchBytes(m, k, n, tA), a, b);
    ex.matmul(p0, p1, pOut, m, k, n, tA, tB, pExtra);
    finish(out);
  }

  /**
   * C in chunks that both threads claim, each computed in place with its thread's own scratch, so
   * that a worker that is slow to wake or descheduled leaves its chunks to the main thread instead
   * of stalling it. Wide products with op(A) read in place (A·B, A·Bᵀ) are cut into 8-column panels
   * of C, each chunk packing only its own columns of B. Otherwise C's rows are cut, over an op(B)
   * packed once here for both threads (for (100,784,50) each thread packing all of B cost a
   * fifth of its share). C is bitwise equal to one thread's: every element's sum runs in the same
   * order. False if the product is too small to cut.
   */
  function matmulSplit(
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
      stage(out, 2 * scratch, a, b);
      t.post({
        a: p0,
        b: p1,
        c: pOut,
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
        scratch: pExtra + scratch,
      });
      runShared(t, pExtra, out);
      return true;
    }
    const packed = alignUp(ex.packedBBytes(k, n));
    const scratch = alignUp(ex.matmulPackedScratchBytes(Math.min(m, widest * 4), k, tA));
    stage(out, packed + 2 * scratch, a, b);
    ex.packBAll(p1, pExtra, ldb, k, n, tB);
    t.post({
      a: p0,
      b: pExtra,
      c: pOut,
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
      scratch: pExtra + packed + scratch,
    });
    runShared(t, pExtra + packed, out);
    return true;
  }

  /** The main thread's part of a posted product: its chunks, then the worker's last ones. */
  function runShared(t: MatmulThread, scratch: number, out: Float32Array): void {
    runJob(t, scratch);
    finish(out);
  }

  /** The main thread's chunks of the posted job, then a wait for the worker's. */
  function runJob(t: MatmulThread, scratch: number): void {
    const start = performance.now();
    let helped = start;
    try {
      t.help(ex, scratch);
      helped = performance.now();
    } finally {
      // Never leave the worker writing into memory that the next call may reuse.
      t.join();
    }
    pacing.record(helped - start, performance.now() - helped);
  }

  function activationBackward(op: ActivationOp, dout: TypedArray, cached: TypedArray, dx: TypedArray): void {
    if (!isF32(dout) || !isF32(cached) || !isF32(dx) || !worth(dx.length, 'binary', dout, cached, dx)) {
      jsKernels.activationBackward(op, dout, cached, dx);
      return;
    }
    stage(dx, 0, dout, cached);
    (op === 'relu' ? ex.reluBackward : ex.sigmoidBackward)(p0, p1, pOut, dx.length);
    finish(dx);
  }

  function axpy(y: TypedArray, x: TypedArray, alpha: number): void {
    if (!isF32(y) || !isF32(x) || !worth(y.length, 'binary', y, x)) {
      jsKernels.axpy(y, x, alpha);
      return;
    }
    // y is both an input and the output: staged as x of the call with out === y.
    stage(y, 0, y, x);
    ex.axpy(p0, p1, alpha, y.length);
    finish(y);
  }

  function softmaxRows(x: TypedArray, rows: number, n: number, out: TypedArray): void {
    if (!isF32(x) || !isF32(out) || n === 0 || !worth(out.length, 'unary', x, out)) {
      jsSoftmaxRows(x, rows, n, out);
      return;
    }
    stage(out, 0, x);
    ex.softmaxRows(p0, pOut, rows, n);
    finish(out);
  }

  function im2colTransposed(x: TypedArray, g: WindowGeometry, colT: TypedArray): void {
    if (!isF32(x) || !isF32(colT) || !worth(colT.length, 'binary', x, colT)) {
      jsIm2colTransposed(x, g, colT);
      return;
    }
    stage(colT, 0, x);
    ex.im2colT(
      p0,
      pOut,
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
    finish(colT);
  }

  function col2imTransposed(colT: TypedArray, g: WindowGeometry, dx: TypedArray): void {
    if (!isF32(colT) || !isF32(dx) || !worth(colT.length, 'binary', colT, dx)) {
      jsCol2imTransposed(colT, g, dx);
      return;
    }
    stage(dx, 0, colT);
    ex.col2imT(
      p0,
      pOut,
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
    finish(dx);
  }

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
    // Random rows of a large training set come from main memory: two cores fetch them faster than
    // one (a batch of MNIST's: ~70 µs on one thread while training, when the caches are full).
    if (count >= 2 * GATHER_CHUNKS && count * rowBytes >= split.gatherBytes && threadCount() === 2 && pacing.allows()) {
      const t = thread !== null && !thread.closed ? thread : startThread();
      if (t?.ready) {
        if (!t.asleep) {
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
          runJob(t, 0);
          return;
        }
        // Waking takes longer than the gather: this one runs here, the products that follow find the worker awake.
        t.wake();
      }
    }
    ex.gatherRows(srcOff, pIdx, count, rowBytes, outOff);
  }

  // Resident float32 arrays are blocks of the shared memory, given back when their view is collected.
  // With an unshared memory a growth would detach them, so there none are handed out.
  const released = new FinalizationRegistry<number>((ptr) => heap.release(ptr));
  function allocate(dtype: DType, size: number): TypedArray | null {
    if (dtype !== 'float32' || !module.shared) return null;
    const ptr = heap.allocZeroed(Math.max(4, size * 4));
    const view = new Float32Array(heap.f32.buffer, ptr, size);
    released.register(view, ptr);
    return view;
  }

  const backend: WasmKernels = {
    name: `wasm-${module.variant}`,
    unary,
    binary,
    reduce,
    matmul,
    activationBackward,
    axpy,
    softmaxRows,
    im2colTransposed,
    col2imTransposed,
    gatherRows,
    allocate,
    setThreads,
    threadCount,
    waitForThreads,
  };
  return backend;
}

/** Each backend's worker, stopped when the backend is collected (an idle worker would otherwise sleep on forever). */
const workerHolders = new FinalizationRegistry<{ thread: MatmulThread | null }>((holder) => holder.thread?.close());
const workerOf = new WeakMap<WasmKernels, { thread: MatmulThread | null }>();
const workers = {
  set(backend: WasmKernels, thread: MatmulThread | null): void {
    let holder = workerOf.get(backend);
    if (holder === undefined) {
      holder = { thread };
      workerOf.set(backend, holder);
      workerHolders.register(backend, holder);
    }
    holder.thread = thread;
  },
};

/** The loaded kernel module, its heap and the backend over them. */
export interface WasmRuntime {
  readonly module: WasmKernelModule;
  readonly heap: WasmHeap;
  readonly kernels: WasmKernels;
}

// undefined: not tried yet; null: this runtime has no WebAssembly SIMD.
let runtime: WasmRuntime | null | undefined;
let pending: Promise<WasmRuntime | null> | undefined;

function adopt(module: WasmKernelModule | null): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  if (module === null) {
    runtime = null;
    return null;
  }
  const heap = new WasmHeap(module.memory, module.exports.heapBase());
  runtime = { module, heap, kernels: createWasmBackend(module, heap) };
  return runtime;
}

/**
 * The SIMD WebAssembly backend, loaded synchronously on first use (Node, workers); null where the
 * runtime has no WebAssembly SIMD, so the TypeScript kernels stay. A browser page's main thread
 * should call `initWasmKernels` instead (synchronous compiles are refused there).
 */
export function createWasmKernels(): WasmKernels | null {
  if (runtime === undefined) {
    try {
      adopt(loadWasmKernelModule());
    } catch (err) {
      // Chrome's main thread refuses the synchronous compile with a RangeError: not cached, so that
      // initWasmKernels can still load the module.
      if (err instanceof RangeError) return null;
      throw err;
    }
  }
  return runtime?.kernels ?? null;
}

/** `createWasmKernels`, compiling asynchronously: works on a browser page's main thread too. */
export async function initWasmKernels(): Promise<WasmKernels | null> {
  if (runtime !== undefined) return runtime?.kernels ?? null;
  pending ??= instantiateWasmKernelModule().then(adopt, (err: unknown) => {
    pending = undefined;
    throw err;
  });
  return (await pending)?.kernels ?? null;
}

/**
 * The build the backend runs: the loaded one, or, before loading, the one that would be loaded
 * (relaxed SIMD where it validates, as in browsers and `node --experimental-wasm-relaxed-simd`;
 * plain SIMD in a flagless Node 20); null without WebAssembly SIMD.
 */
export function wasmKernelInfo(): WasmVariant | null {
  if (runtime !== undefined) return runtime?.module.variant ?? null;
  return detectWasmVariant();
}

/**
 * The loaded module's raw exports, memory and heap, for fused kernels built on it; null before
 * `createWasmKernels`/`initWasmKernels` has loaded it, or where it cannot load. Arrays meant to
 * live in the module's memory must come from this `heap`, so they never overlap the backend's
 * scratch; the backend then uses them in place.
 */
export function wasmRuntime(): WasmRuntime | null {
  return runtime ?? null;
}

/**
 * Runs the large float32 matrix products of the WebAssembly kernels on 1 or 2 threads (loading the
 * kernels if needed). 2 needs a shared memory (always in Node; in a browser, a cross-origin-isolated
 * page) and a way to start a worker (Node's entry installs `worker_threads`; browsers have Web
 * Workers); otherwise the kernels stay on 1. A no-op where there are no WebAssembly kernels.
 */
export function setThreads(n: 1 | 2): void {
  createWasmKernels();
  runtime?.kernels.setThreads(n);
}

/**
 * How many threads the WebAssembly kernels' large matrix products use: 2 by default where the
 * memory is shared, workers can be started and the machine has at least 2 cores; 1 otherwise, and
 * before the kernels are loaded or where there are none.
 */
export function threadCount(): 1 | 2 {
  return runtime?.kernels.threadCount() ?? 1;
}
