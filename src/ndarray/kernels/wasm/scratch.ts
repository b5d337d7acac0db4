// Staging room in the kernel module's memory for operands that live outside it.

import type { TypedArray } from '../../dtype.js';
import type { WasmHeap } from './heap.js';

const ALIGN = 64;

/** n rounded up to the heap's 64-byte block alignment. */
export const alignUp = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/**
 * One block of the heap for the operands of a call that do not already live in the module's memory:
 * a bump allocator reset on every call, reallocated (twice as large) when a call needs more.
 */
export class Scratch {
  private ptr = 0;
  private capacity = 0;
  private used = 0;

  constructor(private readonly heap: WasmHeap) {}

  /** Starts a call that needs `bytes` bytes. It may grow the memory: take operands' byteOffsets first. */
  reserve(bytes: number): void {
    if (bytes > this.capacity) {
      if (this.capacity > 0) this.heap.release(this.ptr);
      this.capacity = Math.max(alignUp(bytes), 2 * this.capacity);
      this.ptr = this.heap.alloc(this.capacity);
    }
    this.used = 0;
  }

  /** The byte offset of `bytes` more bytes of this call's room. */
  take(bytes: number): number {
    const p = this.ptr + this.used;
    this.used += alignUp(bytes);
    return p;
  }

  /** Copies `x` into this call's room and returns its byte offset. */
  copyIn(x: TypedArray): number {
    const p = this.take(x.byteLength);
    if (x instanceof Float32Array) copyFloats(x, 0, this.heap.f32, p >>> 2, x.length);
    else this.heap.u8.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength), p);
    return p;
  }

  /** Copies a result at byte offset p into `out`. */
  copyOut(p: number, out: TypedArray): void {
    const heap = this.heap;
    if (out instanceof Float32Array) copyFloats(heap.f32, p >>> 2, out, 0, out.length);
    else if (out instanceof Float64Array) {
      const f64 = heap.f64;
      const at = p >>> 3;
      // Creating a subarray costs ~100 ns: a loop is quicker for a few elements (a reduction's result).
      if (out.length <= 32) for (let i = 0; i < out.length; i++) out[i] = f64[at + i]!;
      else out.set(f64.subarray(at, at + out.length));
    } else if (out instanceof Int32Array) out.set(heap.i32.subarray(p >>> 2, (p >>> 2) + out.length));
    else out.set(heap.u8.subarray(p, p + out.length));
  }
}

/** `set` needs a subarray here (~100 ns to create): a loop is as quick for a few floats. */
function copyFloats(from: Float32Array, at: number, to: Float32Array, start: number, n: number): void {
  if (n <= 32) for (let i = 0; i < n; i++) to[start + i] = from[at + i]!;
  else if (at === 0 && n === from.length) to.set(from, start);
  else to.set(from.subarray(at, at + n), start);
}
