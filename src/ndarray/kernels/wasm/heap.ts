// Blocks of the kernel module's memory, handed out and taken back by JavaScript. The module itself
// allocates nothing; this is the one owner of everything above its static data.

import { ScratchnetError } from '../../../errors.js';

/** Blocks start on 64-byte boundaries: a cache line, and every typed-array view aligns. */
const ALIGN = 64;
/** AssemblyScript rewrites its data segment at 1024 on every instantiation (each worker too). */
const MIN_BASE = 1024;
const PAGE = 65536;

const alignUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/**
 * A first-fit allocator over a WebAssembly memory, growing it as needed, with typed views of the
 * whole memory that follow it as it grows.
 *
 * Growing an unshared memory detaches its old buffer, and every view of it (not just this heap's):
 * whoever keeps views of blocks must take them again after an `alloc` that may have grown the memory
 * (`generation` changes when it does). A shared memory's old views stay valid.
 */
export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  /** The first byte the heap manages. */
  readonly base: number;
  private top: number;
  /** No block has reached past this offset yet: the memory from here up still holds the zeros it grew with. */
  private pristine: number;
  /** Free blocks below `top`, sorted by address, never adjacent (they are merged). */
  private readonly free: { start: number; size: number }[] = [];
  private readonly sizes = new Map<number, number>();
  /** Every buffer this memory has had: a shared memory's buffer object changes as it grows. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private buffer: ArrayBuffer | SharedArrayBuffer;
  private views!: { u8: Uint8Array; i32: Int32Array; f32: Float32Array; f64: Float64Array };
  private grown = 0;
  private readonly shared: boolean;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.base = alignUp(Math.max(heapBase, MIN_BASE), ALIGN);
    this.top = this.base;
    this.pristine = this.base;
    this.buffer = memory.buffer;
    this.shared = typeof SharedArrayBuffer === 'function' && this.buffer instanceof SharedArrayBuffer;
    this.refresh();
  }

  /** Changes whenever this heap grew the memory. */
  get generation(): number {
    return this.grown;
  }

  /** A byte view of the whole memory (current after any growth). */
  get u8(): Uint8Array {
    return this.current().u8;
  }

  /** An int32 view of the whole memory (index = byte offset / 4). */
  get i32(): Int32Array {
    return this.current().i32;
  }

  /** A float32 view of the whole memory (index = byte offset / 4). */
  get f32(): Float32Array {
    return this.current().f32;
  }

  /** A float64 view of the whole memory (index = byte offset / 8). */
  get f64(): Float64Array {
    return this.current().f64;
  }

  /** Whether `view` lies in this memory (so kernels can take its byteOffset instead of a copy). */
  owns(view: ArrayBufferView): boolean {
    const buffer = view.buffer;
    return buffer === this.buffer || this.buffers.has(buffer);
  }

  /**
   * Takes up a growth of the memory that did not go through `alloc` (another thread's, or a direct
   * `memory.grow`). Reading `memory.buffer` costs ~50 ns, too much for every kernel call, so the
   * views are otherwise only renewed when this heap grows the memory.
   */
  sync(): void {
    if (this.memory.buffer !== this.buffer) {
      this.buffer = this.memory.buffer;
      this.refresh();
    }
  }

  /** The byte offset of a new block of at least `bytes` bytes, 64-byte aligned. Throws `OUT_OF_MEMORY` when memory is exhausted. */
  alloc(bytes: number): number {
    const size = alignUp(Math.max(bytes, 1), ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i]!;
      if (block.size < size) continue;
      const start = block.start;
      if (block.size === size) this.free.splice(i, 1);
      else {
        block.start += size;
        block.size -= size;
      }
      this.sizes.set(start, size);
      return start;
    }
    const start = this.top;
    this.ensure(start + size);
    this.top = start + size;
    if (this.top > this.pristine) this.pristine = this.top;
    this.sizes.set(start, size);
    return start;
  }

  /**
   * `alloc`, with the block's bytes set to zero. Only the part of the block that an earlier block
   * used is cleared: memory that no block has reached is still zero from its growth, and clearing
   * hundreds of megabytes of it would cost as much as the copy that follows.
   */
  allocZeroed(bytes: number): number {
    const before = this.pristine;
    const start = this.alloc(bytes);
    const end = start + this.sizes.get(start)!;
    if (start < before) this.u8.fill(0, start, Math.min(end, before));
    return start;
  }

  /** Returns a block from `alloc` to the heap. Throws BAD_ARGUMENT if `ptr` is not the start of an allocated block. */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) {
      throw new ScratchnetError('BAD_ARGUMENT', `WasmHeap.release: ptr ${ptr} is not an allocated block`);
    }
    this.sizes.delete(ptr);
    let start = ptr;
    let end = ptr + size;
    let i = 0;
    while (i < this.free.length && this.free[i]!.start < start) i++;
    const before = this.free[i - 1];
    if (before && before.start + before.size === start) {
      start = before.start;
      this.free.splice(--i, 1);
    }
    const after = this.free[i];
    if (after && after.start === end) {
      end += after.size;
      this.free.splice(i, 1);
    }
    if (end === this.top) this.top = start;
    else this.free.splice(i, 0, { start, size: end - start });
  }

  /** Grows the memory to hold `bytes` bytes, by at least half again so growth stays rare. */
  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    const pages = Math.max(Math.ceil((bytes - have) / PAGE), Math.ceil(have / PAGE / 2));
    try {
      this.memory.grow(pages);
    } catch {
      // Near the maximum: grow by just what is needed.
      try {
        this.memory.grow(Math.ceil((bytes - have) / PAGE));
      } catch {
        throw new ScratchnetError(
          'OUT_OF_MEMORY',
          `WebAssembly kernel memory exhausted: cannot grow from ${have} to ${bytes} bytes`,
        );
      }
    }
    this.grown++;
    this.sync();
  }

  private current(): { u8: Uint8Array; i32: Int32Array; f32: Float32Array; f64: Float64Array } {
    // An unshared memory grown behind this heap's back detaches the views: renew them.
    if (!this.shared && this.views.u8.byteLength === 0) this.sync();
    return this.views;
  }

  private refresh(): void {
    const buffer = this.buffer;
    this.buffers.add(buffer);
    this.views = {
      u8: new Uint8Array(buffer),
      i32: new Int32Array(buffer),
      f32: new Float32Array(buffer),
      f64: new Float64Array(buffer),
    };
  }
}
