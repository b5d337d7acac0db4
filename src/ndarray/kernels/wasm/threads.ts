// A second thread for the matrix products: one persistent worker that instantiates the same kernel
// module on the same shared memory and computes its share of a product in place. Browser-safe: the
// worker's code is a string (no worker file to resolve or bundle), started from a Blob URL in a
// browser; Node's `worker_threads` starter lives in threads-node.ts, which only the Node entry loads.
//
// The two threads meet through Atomics on a small control block in the shared memory, not through
// messages: a message round trip costs tens of microseconds, a spinning worker sees a job in well
// under one. The worker spins for a while after each job, since products come
// in bursts during training, then sleeps in Atomics.wait so an idle process burns no core.

import { ScratchnetError } from '../../../errors.js';
import type { WasmHeap } from './heap.js';
import type { WasmKernelModule } from './loader.js';

/** What the worker thread receives: the module's binary, the shared memory, and where its control block and warm-up room are. */
export interface WorkerInit {
  readonly bytes: Uint8Array;
  readonly memory: WebAssembly.Memory;
  /** Byte offset of the control block (CONTROL_BYTES long). */
  readonly control: number;
  /** Byte offset of WARM_BYTES of room for the worker's warm-up products. */
  readonly warm: number;
}

/** A started worker thread. */
export interface WorkerHandle {
  terminate(): void;
}

/**
 * How this runtime starts threads: `start` runs `source` (a classic script that defines the global
 * function `scratchnetWorker`) in a new thread and calls `scratchnetWorker(init)` there; null if it
 * cannot. `concurrency` is the number of logical cores.
 */
export interface ThreadSupport {
  readonly start: (source: string, init: WorkerInit) => WorkerHandle | null;
  readonly concurrency: number;
}

// Control block, in Int32 slots: a cache line the main thread writes, one the worker writes, and
// one both contend on (the chunk claims), so the job's arguments never share a line with them.
const SEQ = 0; // bumped by the main thread to post a job; the worker waits on it
const QUIT = 1;
const SPIN_US = 2; // how long the worker spins for the next job before it sleeps
const SCRATCH = 3; // the worker's packing scratch for the posted job
const ARGS = 4; // a, b, c, m, k, n, transA, transB, lda, ldb, ldc, cut
const STATE = 16; // STARTING, READY or FAILED
const ERROR = 17; // 1 if a chunk threw
const ASLEEP = 18; // 1 while the worker is in (or about to enter) Atomics.wait
const CLAIM = 32; // (job tag << 16) | (chunk count << 8) | next unclaimed chunk
const FINISHED = 33; // chunks of the current job computed
/** Bytes of the control block. */
export const CONTROL_BYTES = 192;

const STARTING = 0;
const READY = 1;
const FAILED = -1;

/**
 * Where a worker reports that it is ready, for tests that stand in for a worker which then never
 * takes a job (a descheduled thread, at its worst).
 */
export const READY_SIGNAL = { slot: STATE, value: READY } as const;

/** The warm-up products: 48×48 operands, in all four layouts. */
const WARM_SIZE = 48;
const WARM_FLOATS = WARM_SIZE * WARM_SIZE;
/** Operands and scratch of the warm-up products (the scratch is generously sized: 32 KiB). */
export const WARM_BYTES = 3 * WARM_FLOATS * 4 + 32768;

/**
 * How long the worker keeps spinning for the next job, in microseconds. The gaps between the large
 * products of one training step (activations, loss, the optimizer's update, gathering the next
 * batch) are well under this; a worker woken from Atomics.wait costs 20-50 µs instead of under one.
 */
export const DEFAULT_SPIN_US = 500;

/**
 * How a product is cut into chunks: 4-row tiles of C (each chunk packs op(B) itself), 8-column
 * panels of C (each packs its own columns of B), or 4-row tiles over an op(B) that the caller
 * packed once with `packBAll` (then `b` is the packed B). 'gather-rows' is not a product but a
 * mini-batch gather, cut into runs of rows: rows b[0..m) (int32 row numbers at b) of the matrix at
 * a, k bytes each, copied to consecutive rows at c (the other fields unused). 'rows64' and
 * 'packed-rows64' are 'rows' and 'packed-rows' for a float64 product (`matmulBlock64` and
 * `matmulPackedB64` over B packed by `packBAll64`; lda, ldb and ldc count doubles).
 */
export type MatmulCut = 'rows' | 'columns' | 'packed-rows' | 'gather-rows' | 'rows64' | 'packed-rows64';
const CUT_ROWS = 0;
const CUT_COLUMNS = 1;
const CUT_PACKED_ROWS = 2;
const CUT_GATHER_ROWS = 3;
const CUT_ROWS64 = 4;
const CUT_PACKED_ROWS64 = 5;
const CUT_CODES: Record<MatmulCut, number> = {
  rows: CUT_ROWS,
  columns: CUT_COLUMNS,
  'packed-rows': CUT_PACKED_ROWS,
  'gather-rows': CUT_GATHER_ROWS,
  rows64: CUT_ROWS64,
  'packed-rows64': CUT_PACKED_ROWS64,
};

/** The most chunks a product is cut into: the claim word holds counts below 256. */
export const MAX_CHUNKS = 64;
/** Job tags cycle through 15 bits, so the claim word stays a positive Int32. */
const TAG_MASK = 0x7fff;

/**
 * The worker's code. Plain JavaScript of the oldest style every runtime's worker takes, since it is
 * run as it stands (never compiled by TypeScript or a bundler): keep it free of imports.
 * `scratchnetChunk` must compute the same blocks as `chunkOf` below.
 */
export const WORKER_SOURCE = `
function scratchnetChunk(ex, ctl, index, count, scratch) {
  var a = ctl[${ARGS}], b = ctl[${ARGS + 1}], c = ctl[${ARGS + 2}], m = ctl[${ARGS + 3}], k = ctl[${ARGS + 4}], n = ctl[${ARGS + 5}];
  var tA = ctl[${ARGS + 6}], tB = ctl[${ARGS + 7}], lda = ctl[${ARGS + 8}], ldb = ctl[${ARGS + 9}], ldc = ctl[${ARGS + 10}], cut = ctl[${ARGS + 11}];
  if (cut === ${CUT_GATHER_ROWS}) {
    var g0 = Math.floor(index * m / count), g1 = Math.min(m, Math.floor((index + 1) * m / count));
    ex.gatherRows(a, b + g0 * 4, g1 - g0, k, c + g0 * k);
    return;
  }
  if (cut === ${CUT_COLUMNS}) {
    var units = Math.ceil(n / 8);
    var c0 = Math.floor(index * units / count) * 8, c1 = Math.min(n, Math.floor((index + 1) * units / count) * 8);
    ex.matmulBlock(a, b + (tB ? c0 * ldb : c0) * 4, c + c0 * 4, m, k, c1 - c0, tA, tB, scratch, lda, ldb, ldc);
    return;
  }
  var units = Math.ceil(m / 4);
  var r0 = Math.floor(index * units / count) * 4, r1 = Math.min(m, Math.floor((index + 1) * units / count) * 4);
  if (cut === ${CUT_ROWS64}) {
    ex.matmulBlock64(a + (tA ? r0 : r0 * lda) * 8, b, c + r0 * ldc * 8, r1 - r0, k, n, tA, tB, scratch, lda, ldb, ldc);
    return;
  }
  if (cut === ${CUT_PACKED_ROWS64}) {
    ex.matmulPackedB64(a + (tA ? r0 : r0 * lda) * 8, b, c + r0 * ldc * 8, r1 - r0, k, n, tA, scratch, lda, ldc);
    return;
  }
  var a0 = a + (tA ? r0 : r0 * lda) * 4;
  if (cut === ${CUT_PACKED_ROWS}) ex.matmulPackedB(a0, b, c + r0 * ldc * 4, r1 - r0, k, n, tA, scratch, lda, ldc);
  else ex.matmulBlock(a0, b, c + r0 * ldc * 4, r1 - r0, k, n, tA, tB, scratch, lda, ldb, ldc);
}
function scratchnetWorker(init) {
  var ctl = new Int32Array(init.memory.buffer, init.control, ${CONTROL_BYTES / 4});
  var ex;
  try {
    ex = new WebAssembly.Instance(new WebAssembly.Module(init.bytes), { env: { memory: init.memory } }).exports;
    // The first calls of a fresh instance run on V8's baseline tier, 3.5-5x slower: warm up before
    // taking jobs, in room of our own.
    var w = init.warm, f = ${WARM_FLOATS * 4}, s = ${WARM_SIZE};
    for (var r = 0; r < 12; r++) for (var t = 0; t < 4; t++) ex.matmulBlock(w, w + f, w + 2 * f, s, s, s, t & 1, t >> 1, w + 3 * f, s, s, s);
  } catch (e) {
    Atomics.store(ctl, ${STATE}, ${FAILED});
    return;
  }
  // Read before READY is published: the first job may be posted the moment it is.
  var seen = Atomics.load(ctl, ${SEQ});
  Atomics.store(ctl, ${STATE}, ${READY});
  Atomics.notify(ctl, ${STATE});
  for (;;) {
    var seq = Atomics.load(ctl, ${SEQ});
    if (seq === seen) {
      var until = performance.now() + Atomics.load(ctl, ${SPIN_US}) / 1000;
      for (var i = 1; (seq = Atomics.load(ctl, ${SEQ})) === seen; i++) {
        if ((i & 1023) === 0 && performance.now() > until) {
          Atomics.store(ctl, ${ASLEEP}, 1);
          // Returns at once if SEQ moved on since it was read: no job is ever missed. A notify
          // without a job (a wake-up call: a burst of products is coming) starts a new spin.
          Atomics.wait(ctl, ${SEQ}, seen);
          Atomics.store(ctl, ${ASLEEP}, 0);
          until = performance.now() + Atomics.load(ctl, ${SPIN_US}) / 1000;
        }
      }
    }
    seen = seq;
    if (Atomics.load(ctl, ${QUIT}) !== 0) return;
    // Claim chunks of this job until none is left. A job that the main thread finished alone (this
    // thread was descheduled) has a new tag or no chunk left by now, and is skipped. The arguments
    // are read only after a claim succeeds: the job is then still running, so they are its own.
    var tag = seq & ${TAG_MASK};
    for (;;) {
      var claim = Atomics.load(ctl, ${CLAIM});
      var count = (claim >> 8) & 255, next = claim & 255;
      if ((claim >>> 16) !== tag || next >= count) break;
      if (Atomics.compareExchange(ctl, ${CLAIM}, claim, claim + 1) !== claim) continue;
      try {
        scratchnetChunk(ex, ctl, next, count, ctl[${SCRATCH}]);
      } catch (e) {
        Atomics.store(ctl, ${ERROR}, 1);
      }
      Atomics.add(ctl, ${FINISHED}, 1);
      Atomics.notify(ctl, ${FINISHED});
    }
  }
}
`;

/** Chunk `index` of `count` of a 'rows64' or 'packed-rows64' job: 4-row tiles of a float64 C, on this thread. */
function rows64Chunk(
  exports: Pick<WasmKernelModule['exports'], 'matmulBlock64' | 'matmulPackedB64'>,
  job: MatmulJob,
  index: number,
  count: number,
  scratch: number,
): void {
  const [r0, r1] = chunkOf(job.m, 4, index, count);
  const a0 = job.a + (job.transA ? r0 : r0 * job.lda) * 8;
  const c0 = job.c + r0 * job.ldc * 8;
  const { k, n, transA, transB, lda, ldb, ldc } = job;
  if (job.cut === 'packed-rows64') exports.matmulPackedB64(a0, job.b, c0, r1 - r0, k, n, transA, scratch, lda, ldc);
  else exports.matmulBlock64(a0, job.b, c0, r1 - r0, k, n, transA, transB, scratch, lda, ldb, ldc);
}

/** A product posted to the worker: `matmulBlock`'s arguments, cut into chunks of rows or columns of C. */
export interface MatmulJob {
  /** Byte offsets of A, B and C in the shared memory. */
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transA: 0 | 1;
  readonly transB: 0 | 1;
  /** Floats between the starts of consecutive rows of A, B and C as stored. */
  readonly lda: number;
  readonly ldb: number;
  readonly ldc: number;
  /** How the product is cut; with 'packed-rows', `b` is op(B) packed by `packBAll`. */
  readonly cut: MatmulCut;
  /** How many chunks, 1 to MAX_CHUNKS. */
  readonly chunks: number;
  /** Byte offset of the worker's packing scratch, enough for the largest chunk. */
  readonly scratch: number;
}

/**
 * The rows (or columns) `[start, end)` of C that chunk `index` of `count` covers: whole 4-row
 * tiles (8-column panels), spread evenly. The worker's `scratchnetChunk` computes the same.
 */
export function chunkOf(extent: number, unit: number, index: number, count: number): [number, number] {
  const units = Math.ceil(extent / unit);
  return [
    Math.floor((index * units) / count) * unit,
    Math.min(extent, Math.floor(((index + 1) * units) / count) * unit),
  ];
}

/**
 * Marks the worker of `init` failed if it never became ready (it died starting): for a starter to
 * call from the thread's error or exit event.
 */
export function workerGaveUp(init: WorkerInit): void {
  Atomics.compareExchange(new Int32Array(init.memory.buffer, init.control, CONTROL_BYTES / 4), STATE, STARTING, FAILED);
}

/** Browsers: a Blob-URL worker that gets its init by message; null where there are no workers. */
function browserThreads(): ThreadSupport | null {
  const WorkerClass: unknown = Reflect.get(globalThis, 'Worker');
  const nav: unknown = Reflect.get(globalThis, 'navigator');
  if (typeof WorkerClass !== 'function' || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function')
    return null;
  const cores: unknown = typeof nav === 'object' && nav !== null ? Reflect.get(nav, 'hardwareConcurrency') : undefined;
  return {
    concurrency: typeof cores === 'number' ? cores : 1,
    start(source, init) {
      const url = URL.createObjectURL(
        new Blob([`${source}\nonmessage = function (e) { onmessage = null; scratchnetWorker(e.data); };\n`], {
          type: 'text/javascript',
        }),
      );
      try {
        const worker = new Worker(url);
        worker.addEventListener('error', () => workerGaveUp(init));
        worker.postMessage(init);
        return {
          terminate() {
            worker.terminate();
            URL.revokeObjectURL(url);
          },
        };
      } catch {
        URL.revokeObjectURL(url);
        return null;
      }
    },
  };
}

/**
 * How long `join` spins before it sleeps: longer than the two shares of a split product ever differ
 * when both threads run, short against a scheduler's time slice.
 */
const JOIN_SPIN_MS = 0.2;

/** Whether this thread may block in Atomics.wait (not a browser page's main thread). */
let canWait = true;

// undefined: not looked for yet.
let support: ThreadSupport | null | undefined;

/**
 * Installs how threads are started (Node's entry installs `worker_threads`; browsers are detected).
 * null turns threads off for backends that have not started their worker yet.
 */
export function setThreadSupport(next: ThreadSupport | null): void {
  support = next;
}

/** How this runtime starts threads, or null where it cannot. */
export function threadSupport(): ThreadSupport | null {
  if (support === undefined) support = browserThreads();
  return support;
}

/**
 * The worker thread of one kernel module and the main thread's end of its control block. The
 * worker is started at construction and takes jobs once `ready`; until then (tens of milliseconds),
 * and for good if it fails to start, callers compute on one thread.
 */
export class MatmulThread {
  private readonly ctl: Int32Array;
  private readonly heap: WasmHeap;
  private readonly control: number;
  private warm: number;
  private handle: WorkerHandle | null;
  private seq = 0;
  private job: MatmulJob | null = null;
  private isReady = false;
  private started = false;

  /** Null where the memory is not shared or no thread can be started. */
  static start(module: WasmKernelModule, heap: WasmHeap, threads: ThreadSupport): MatmulThread | null {
    if (!module.shared) return null;
    const thread = new MatmulThread(module, heap, threads);
    return thread.handle === null ? null : thread;
  }

  private constructor(module: WasmKernelModule, heap: WasmHeap, threads: ThreadSupport) {
    this.heap = heap;
    this.control = heap.alloc(CONTROL_BYTES);
    this.warm = heap.alloc(WARM_BYTES);
    this.ctl = new Int32Array(heap.i32.buffer, this.control, CONTROL_BYTES / 4);
    this.ctl.fill(0);
    heap.f32.fill(0.5, this.warm / 4, (this.warm + 3 * WARM_FLOATS * 4) / 4);
    Atomics.store(this.ctl, SPIN_US, DEFAULT_SPIN_US);
    let handle: WorkerHandle | null = null;
    try {
      handle = threads.start(WORKER_SOURCE, {
        bytes: module.bytes,
        memory: module.memory,
        control: this.control,
        warm: this.warm,
      });
    } catch {
      handle = null;
    }
    this.handle = handle;
    this.started = handle !== null;
    if (handle === null) this.free();
  }

  /** Whether the worker has been stopped, or gave up starting: it takes no more jobs. */
  get closed(): boolean {
    return this.handle === null;
  }

  /** Whether the worker takes jobs (it has instantiated the module and warmed up). */
  get ready(): boolean {
    if (this.isReady) return true;
    if (this.handle === null) return false;
    const state = Atomics.load(this.ctl, STATE);
    if (state === READY) {
      this.isReady = true;
      this.heap.release(this.warm);
      this.warm = 0;
      return true;
    }
    if (state === FAILED) this.close();
    return false;
  }

  /**
   * Blocks (spinning, since a page's main thread may not Atomics.wait) until the worker is ready or
   * `timeoutMs` has passed; true if it is. For tests and benchmarks that must measure two threads.
   */
  waitReady(timeoutMs = 5000): boolean {
    const end = performance.now() + timeoutMs;
    while (!this.ready && this.handle !== null && performance.now() < end) {
      // Atomics.wait where allowed (Node, workers) rather than burning the core the worker starts on.
      try {
        Atomics.wait(this.ctl, STATE, STARTING, 1);
      } catch {
        // A browser page's main thread: spin.
      }
    }
    return this.ready;
  }

  /**
   * Whether the worker is asleep: a job would wait 30-50 µs or more for it to wake, so only large
   * products should be split; `wake` it for the ones that follow.
   */
  get asleep(): boolean {
    return Atomics.load(this.ctl, ASLEEP) !== 0;
  }

  /** Wakes a sleeping worker to spin for the next job (no job is posted). */
  wake(): void {
    Atomics.notify(this.ctl, SEQ);
  }

  /** Microseconds the worker spins for the next job before sleeping. */
  set spinMicroseconds(us: number) {
    Atomics.store(this.ctl, SPIN_US, Math.max(0, Math.round(us)));
  }

  get spinMicroseconds(): number {
    return Atomics.load(this.ctl, SPIN_US);
  }

  /**
   * Posts `job` for the worker to claim chunks of; the caller then computes chunks itself with
   * `help` and waits for the rest with `join`. Only when `ready`, and one job at a time. Throws BAD_ARGUMENT unless 1 <= `job.chunks` <= `MAX_CHUNKS`.
   */
  post(job: MatmulJob): void {
    const ctl = this.ctl;
    if (!(job.chunks >= 1 && job.chunks <= MAX_CHUNKS)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `MatmulThread.post: job.chunks must be 1 to ${MAX_CHUNKS}, got ${job.chunks}`,
      );
    }
    ctl[SCRATCH] = job.scratch;
    ctl[ARGS] = job.a;
    ctl[ARGS + 1] = job.b;
    ctl[ARGS + 2] = job.c;
    ctl[ARGS + 3] = job.m;
    ctl[ARGS + 4] = job.k;
    ctl[ARGS + 5] = job.n;
    ctl[ARGS + 6] = job.transA;
    ctl[ARGS + 7] = job.transB;
    ctl[ARGS + 8] = job.lda;
    ctl[ARGS + 9] = job.ldb;
    ctl[ARGS + 10] = job.ldc;
    ctl[ARGS + 11] = CUT_CODES[job.cut];
    this.job = job;
    this.seq = (this.seq + 1) | 0;
    Atomics.store(ctl, FINISHED, 0);
    Atomics.store(ctl, CLAIM, ((this.seq & TAG_MASK) << 16) | (job.chunks << 8));
    // The store publishes everything written before it (Atomics are sequentially consistent).
    Atomics.store(ctl, SEQ, this.seq);
    // Always notify: a worker that is asleep, or just about to sleep, must not miss a job (a missed
    // notify deadlocked an earlier design), and a notify with nobody waiting costs well under 1 µs.
    Atomics.notify(ctl, SEQ);
  }

  /**
   * Computes unclaimed chunks of the posted job on this thread with `exports` (this thread's
   * instance of the module) and `scratch` of its own, until none is left. A worker that is slow to
   * wake, or descheduled, then costs nothing: its chunks are taken here.
   */
  help(
    exports: Pick<
      WasmKernelModule['exports'],
      'matmulBlock' | 'matmulPackedB' | 'gatherRows' | 'matmulBlock64' | 'matmulPackedB64'
    >,
    scratch: number,
  ): void {
    const job = this.job;
    if (job === null) return;
    const ctl = this.ctl;
    const tag = this.seq & TAG_MASK;
    for (;;) {
      const claim = Atomics.load(ctl, CLAIM);
      const count = (claim >> 8) & 255;
      const next = claim & 255;
      if (claim >>> 16 !== tag || next >= count) return;
      if (Atomics.compareExchange(ctl, CLAIM, claim, claim + 1) !== claim) continue;
      try {
        if (job.cut === 'gather-rows') {
          const [r0, r1] = chunkOf(job.m, 1, next, count);
          exports.gatherRows(job.a, job.b + r0 * 4, r1 - r0, job.k, job.c + r0 * job.k);
        } else if (job.cut === 'columns') {
          const [c0, c1] = chunkOf(job.n, 8, next, count);
          exports.matmulBlock(
            job.a,
            job.b + (job.transB ? c0 * job.ldb : c0) * 4,
            job.c + c0 * 4,
            job.m,
            job.k,
            c1 - c0,
            job.transA,
            job.transB,
            scratch,
            job.lda,
            job.ldb,
            job.ldc,
          );
        } else if (job.cut === 'rows64' || job.cut === 'packed-rows64') {
          rows64Chunk(exports, job, next, count, scratch);
        } else {
          const [r0, r1] = chunkOf(job.m, 4, next, count);
          const a0 = job.a + (job.transA ? r0 : r0 * job.lda) * 4;
          const c0 = job.c + r0 * job.ldc * 4;
          if (job.cut === 'packed-rows')
            exports.matmulPackedB(a0, job.b, c0, r1 - r0, job.k, job.n, job.transA, scratch, job.lda, job.ldc);
          else
            exports.matmulBlock(
              a0,
              job.b,
              c0,
              r1 - r0,
              job.k,
              job.n,
              job.transA,
              job.transB,
              scratch,
              job.lda,
              job.ldb,
              job.ldc,
            );
        }
      } finally {
        Atomics.add(ctl, FINISHED, 1);
      }
    }
  }

  /**
   * Waits until every chunk of the posted job is computed: spinning, since the worker's last chunk
   * is short, then, if it is late (the worker was descheduled: more busy threads than cores),
   * sleeping where the runtime lets this thread wait, so that the two threads do not fight for one
   * core. Throws if a chunk failed in the worker.
   */
  join(): void {
    const job = this.job;
    if (job === null) return;
    this.job = null;
    const ctl = this.ctl;
    let late = 0;
    for (let i = 1; ; i++) {
      const done = Atomics.load(ctl, FINISHED);
      if (done >= job.chunks) break;
      if ((i & 0xff) !== 0 || !canWait) continue;
      const now = performance.now();
      if (late === 0) late = now + JOIN_SPIN_MS;
      else if (now > late) {
        try {
          Atomics.wait(ctl, FINISHED, done, 1);
        } catch {
          // A browser page's main thread may not wait: spin.
          canWait = false;
        }
      }
    }
    if (Atomics.load(ctl, ERROR) !== 0) {
      Atomics.store(ctl, ERROR, 0);
      throw new Error('the WebAssembly kernel worker failed on a matrix product');
    }
  }

  /** Stops the worker. Idle workers need no closing: they never keep Node alive. */
  close(): void {
    const handle = this.handle;
    if (handle === null) return;
    this.handle = null;
    this.isReady = false;
    Atomics.store(this.ctl, QUIT, 1);
    Atomics.store(this.ctl, SEQ, (this.seq + 1) | 0);
    Atomics.notify(this.ctl, SEQ);
    handle.terminate();
  }

  /**
   * Gives the memory back where no worker ever started. Once one has, the control block stays:
   * terminating a thread is asynchronous, its exit event may still mark the block failed, and it
   * must never read a reused block as a job.
   */
  private free(): void {
    if (this.handle !== null || this.started) return;
    if (this.warm !== 0) this.heap.release(this.warm);
    this.heap.release(this.control);
    this.warm = 0;
  }
}
