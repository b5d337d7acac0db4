// Puts a call's operands in the kernel module's memory and brings its result back.

import type { TypedArray } from '../../dtype.js';
import type { WasmHeap } from './heap.js';
import { Scratch, alignUp } from './scratch.js';

/**
 * The byte offsets of the call being staged. They are fields, not a returned object, so that
 * staging allocates nothing: read them right after `stage`, before the next call is staged.
 */
export class Staging {
  /** Byte offset of the first input. */
  p0 = 0;
  /** Byte offset of the second input (0 without one). */
  p1 = 0;
  /** Byte offset of the output. */
  pOut = 0;
  /** Byte offset of the extra scratch bytes asked for (0 when none). */
  pExtra = 0;
  private outInPlace = false;
  /** The bump allocator that holds the copies; also used directly for a call's small side arrays. */
  readonly scratch: Scratch;

  constructor(private readonly heap: WasmHeap) {
    this.scratch = new Scratch(heap);
  }

  /**
   * Puts the operands of one call in the module's memory: x (and y) as inputs, `out` as the output
   * (the same pointer where it is x or y), plus `extra` bytes of scratch. Offsets of resident
   * arrays are read before the scratch is reserved, because reserving may grow (and, for unshared
   * memory, detach) the buffer.
   */
  stage(out: TypedArray, extra: number, x: TypedArray, y?: TypedArray): void {
    const heap = this.heap;
    const scratch = this.scratch;
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
    const p0 = xIn ? xOff : scratch.copyIn(x);
    const p1 = y === undefined ? 0 : y === x ? p0 : yIn ? yOff : scratch.copyIn(y);
    this.p0 = p0;
    this.p1 = p1;
    this.pOut = out === x ? p0 : out === y ? p1 : oIn ? oOff : scratch.take(out.byteLength);
    this.outInPlace = oIn;
    this.pExtra = extra > 0 ? scratch.take(extra) : 0;
  }

  /** Copies the result back unless `out` lives in the module's memory. */
  finish(out: TypedArray): void {
    if (this.outInPlace) return;
    this.scratch.copyOut(this.pOut, out);
  }
}
