// What every op table of the WebAssembly backend works with.

import type { WasmHeap } from './heap.js';
import type { WasmKernelExports } from './loader.js';
import type { SplitScheduler } from './split-schedule.js';
import type { Staging } from './staging.js';
import type { SizeGate } from './thresholds.js';

/** One backend's module exports, heap, staging, size gate and thread scheduler, shared by its op tables. */
export interface WasmOpContext {
  /** The kernel module's raw exports. */
  readonly ex: WasmKernelExports;
  /** The heap of the module's memory. */
  readonly heap: WasmHeap;
  /** Where operands are staged for a call. */
  readonly staging: Staging;
  /** Whether a call is large enough for WebAssembly. */
  readonly gate: SizeGate;
  /** The worker thread and when calls are shared with it. */
  readonly schedule: SplitScheduler;
}
