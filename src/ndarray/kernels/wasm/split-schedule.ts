// The second thread of the WebAssembly backend: when it starts, and which calls are shared with it.

import { ScratchnetError } from '../../../errors.js';
import type { WasmHeap } from './heap.js';
import type { WasmKernelExports, WasmKernelModule } from './loader.js';
import { SplitChoice } from './split-choice.js';
import { SplitPacing } from './split-pacing.js';
import { MatmulThread, threadSupport, type ThreadSupport } from './threads.js';

/** When a matrix product is split between two threads, in m·k·n (half its flops). */
export interface WasmSplitThresholds {
  /** From this size while the worker thread is awake (spinning for work: a job reaches it in under 1 µs). */
  readonly awake: number;
  /**
   * From this size even when the worker sleeps: waking it costs 30-100 µs or more, so a smaller
   * product runs on one thread and only wakes the worker for the next ones.
   */
  readonly asleep: number;
  /** Bytes of a mini-batch gather (`gatherRows`) from which the two threads share it, while the worker is awake. */
  readonly gatherBytes: number;
}

/**
 * 32K keeps the tiniest products, where a descheduled worker would cost most, on one thread; below
 * about 2M a product does not pay for waking a sleeping worker (docs/performance.md has the figures).
 */
export const WASM_SPLIT: WasmSplitThresholds = { awake: 32768, asleep: 2097152, gatherBytes: 65536 };

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

/** What a backend's worker is stopped through once the backend is collected. */
interface WorkerHolder {
  thread: MatmulThread | null;
}

/** Each scheduler's worker, stopped when the scheduler is collected (an idle worker would otherwise sleep on forever). */
const workerHolders = new FinalizationRegistry<WorkerHolder>((holder) => holder.thread?.close());

/**
 * The worker thread of one backend and the policy for sharing calls with it. The worker starts on
 * the first call worth sharing; how to start it is looked up then, not when the backend is made,
 * because Node's entry may install worker_threads afterwards.
 */
export class SplitScheduler {
  /** When products and gathers are shared. */
  readonly split: WasmSplitThresholds;
  /** Whether sharing calls with the worker pays, as measured (see `productWorker`). */
  readonly choice = new SplitChoice();
  private readonly pacing = new SplitPacing();
  private wanted: 1 | 2 | undefined;
  private failed = false;
  private thread: MatmulThread | null = null;
  private readonly holder: WorkerHolder = { thread: null };

  constructor(
    private readonly module: WasmKernelModule,
    private readonly heap: WasmHeap,
    private readonly options: WasmBackendOptions,
  ) {
    this.split = options.split ?? WASM_SPLIT;
    this.wanted = options.threads;
    workerHolders.register(this, this.holder);
  }

  private supported(): ThreadSupport | null {
    if (!this.module.shared || this.failed) return null;
    return this.options.threadSupport === undefined ? threadSupport() : this.options.threadSupport;
  }

  /** 2 when calls worth it are shared with the worker (once it has started), else 1. */
  threadCount(): 1 | 2 {
    if (this.wanted === 1) return 1;
    const support = this.supported();
    if (support === null) return 1;
    return this.wanted === 2 || support.concurrency >= 2 ? 2 : 1;
  }

  /** Asks for 1 or 2 threads; 1 stops the worker. Throws BAD_ARGUMENT for anything but 1 or 2. */
  setThreads(count: 1 | 2): void {
    checkThreadCount('setThreads', count);
    this.wanted = count;
    if (count === 1) {
      this.thread?.close();
      this.thread = null;
    }
  }

  /** Starts the worker if needed and waits up to `timeoutMs` for it to take work; true if it is ready. */
  waitForThreads(timeoutMs: number): boolean {
    if (this.threadCount() !== 2) return false;
    return this.startThread()?.waitReady(timeoutMs) ?? false;
  }

  private startThread(): MatmulThread | null {
    if (this.thread?.closed) {
      // It gave up (failed to start): one thread from now on.
      this.thread = null;
      this.failed = true;
    }
    if (this.thread === null && !this.failed) {
      const support = this.supported();
      const thread = support === null ? null : MatmulThread.start(this.module, this.heap, support);
      this.thread = thread;
      this.holder.thread = thread;
      if (thread === null) this.failed = true;
      else if (this.options.spinMicroseconds !== undefined) thread.spinMicroseconds = this.options.spinMicroseconds;
    }
    return this.thread;
  }

  /**
   * The worker to share a call with, or null to run it on this thread alone; counts the call for the
   * pacing. A sleeping worker is returned only when `evenAsleep` (the call is worth waking it for);
   * otherwise it is woken for the calls that follow.
   */
  workerFor(evenAsleep: boolean): MatmulThread | null {
    if (this.threadCount() !== 2 || !this.choice.splitting || !this.pacing.allows()) return null;
    const current = this.thread;
    const t = current !== null && !current.closed ? current : this.startThread();
    if (!t?.ready) return null;
    if (!t.asleep || evenAsleep) return t;
    t.wake();
    return null;
  }

  /**
   * `workerFor` for a product of m·k·n = `units`, counted by `choice`: null too while the program
   * has lately run faster with its products on this thread alone.
   */
  productWorker(units: number, evenAsleep: boolean): MatmulThread | null {
    if (this.threadCount() !== 2 || !this.choice.next(units)) return null;
    return this.workerFor(evenAsleep);
  }

  /** This thread's chunks of the job posted to `t`, then a wait for the worker's. */
  runJob(t: MatmulThread, ex: WasmKernelExports, scratch: number): void {
    const start = performance.now();
    let helped = start;
    try {
      t.help(ex, scratch);
      helped = performance.now();
    } finally {
      // Never leave the worker writing into memory that the next call may reuse.
      t.join();
    }
    this.pacing.record(helped - start, performance.now() - helped);
  }
}

/**
 * Throws a BAD_ARGUMENT `ScratchnetError` naming `fn` unless `count` is the number 1 or 2 (callers
 * from plain JavaScript can pass anything).
 */
export function checkThreadCount(fn: string, count: unknown): asserts count is 1 | 2 {
  if (count === 1 || count === 2) return;
  // Strings quoted, so that '2' and 2 read differently.
  const got = typeof count === 'string' ? JSON.stringify(count) : String(count);
  throw new ScratchnetError('BAD_ARGUMENT', `${fn}: count must be the number 1 or 2, got ${got}`);
}
