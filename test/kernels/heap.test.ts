// The kernel memory's allocator: running out of memory is a ScratchnetError, not a raw RangeError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScratchnetError } from '../../src/index.js';
import { WasmHeap } from '../../src/ndarray/kernels/wasm/heap.js';

test('a block larger than the memory can grow to is refused with OUT_OF_MEMORY naming the sizes', () => {
  const heap = new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 2 }), 1024);
  assert.throws(
    () => heap.alloc(4 * 65536),
    (error: unknown) =>
      error instanceof ScratchnetError &&
      error.code === 'OUT_OF_MEMORY' &&
      /cannot grow from 65536 to \d+ bytes/.test(error.message),
  );
  // What fits is still handed out after the refusal.
  assert.ok(heap.alloc(1000) >= 1024);
});
