// When a float32 or float64 call is worth sending to WebAssembly rather than running in TypeScript.

import type { TypedArray } from '../../dtype.js';
import type { WasmHeap } from './heap.js';

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
  /** For calls with at least one operand outside the module's memory (copied in, or the result copied out). */
  readonly copied: WasmThresholds;
  /** For calls whose operands and result all live in the module's memory (no copies). */
  readonly resident: WasmThresholds;
}

/**
 * Below these sizes a call stays in TypeScript: the WebAssembly call, and the copies in and out
 * where an operand lives outside the module's memory, cost more than SIMD saves. Each is about the
 * size where the WebAssembly path starts to win against the TypeScript kernels (the crossovers are
 * listed in docs/performance.md).
 */
export const WASM_THRESHOLDS: WasmThresholdSet = {
  copied: { unary: 64, binary: 256, reduce: 1024, matmul: 8 },
  resident: { unary: 16, binary: 64, reduce: 512, matmul: 8 },
};

/** Decides, from a call's size and where its operands live, whether it runs in WebAssembly. */
export class SizeGate {
  private readonly copied: WasmThresholds;
  private readonly resident: WasmThresholds;

  constructor(
    private readonly heap: WasmHeap,
    thresholds: WasmThresholdSet,
  ) {
    this.copied = thresholds.copied;
    this.resident = thresholds.resident;
  }

  /**
   * Whether a call of `size` is worth sending to WebAssembly. Residency (a `.buffer` read, ~35 ns
   * each) is checked only in the band where it decides.
   */
  worth(size: number, key: keyof WasmThresholds, a: TypedArray, b?: TypedArray, c?: TypedArray): boolean {
    if (size >= this.copied[key]) return true;
    if (size < this.resident[key]) return false;
    const heap = this.heap;
    return heap.owns(a) && (b === undefined || heap.owns(b)) && (c === undefined || heap.owns(c));
  }
}

/** Whether `x` is float32. */
export const isF32 = (x: TypedArray): x is Float32Array => x instanceof Float32Array;

/** Whether `x` is float64 (the other dtype the WebAssembly kernels take). */
export const isF64 = (x: TypedArray): x is Float64Array => x instanceof Float64Array;
