// The mini-batch gather: the WebAssembly kernel copies exactly the rows the TypeScript reference
// copies (bit for bit, it only moves bytes), writes nothing past its output, and is used only where
// both the source and the batch live in the module's memory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherRows } from '../../src/ndarray/kernels/js.js';
import {
  MatmulThread,
  WASM_THRESHOLDS,
  createWasmBackend,
  type WasmKernelModule,
} from '../../src/ndarray/kernels/wasm/index.js';
import { nodeThreads } from '../../src/ndarray/kernels/wasm/threads-node.js';
import { Arena, loadableBuilds, rng, uniform } from './helpers.js';

/** The module with its gatherRows export spied on: the row count of each call, to tell the kernel from the fallback. */
function counting(module: WasmKernelModule): { module: WasmKernelModule; calls: () => number; counts: number[] } {
  const counts: number[] = [];
  const inner = module.exports.gatherRows;
  const exports = {
    ...module.exports,
    gatherRows: (src: number, idx: number, count: number, rowBytes: number, dst: number): void => {
      counts.push(count);
      inner(src, idx, count, rowBytes, dst);
    },
  };
  return { module: { ...module, exports }, calls: () => counts.length, counts };
}

/** Blocks this thread for about `ms` milliseconds. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function indicesFor(rows: number, count: number, seed: number): Int32Array {
  const rand = rng(seed);
  const indices = new Int32Array(count);
  for (let j = 0; j < count; j++) indices[j] = Math.floor(rand() * rows);
  // The first and last rows, and a repeat, whenever there is room.
  if (count >= 3) {
    indices[0] = rows - 1;
    indices[1] = 0;
    indices[2] = indices[0];
  }
  return indices;
}

describe('gatherRows (WebAssembly) against the TypeScript reference', () => {
  for (const { label, module, heap } of loadableBuilds()) {
    // (rows, run, batch, count): MNIST rows, a run that fills no SIMD register, the smallest run the
    // kernel takes, a partial last batch, and an empty one.
    const cases: [number, number, number, number][] = [
      [600, 784, 100, 100],
      [37, 17, 9, 9],
      [50, 16, 8, 5],
      [20, 33, 4, 0],
    ];
    test(`${label}: rows in the module memory are copied exactly, nothing past the batch`, () => {
      const spy = counting(module);
      const backend = createWasmBackend(spy.module, heap);
      for (const [rows, run, batch, count] of cases) {
        const arena = new Arena(heap);
        const source = uniform(rng(rows + run), rows * run);
        const src = arena.f32(source, 1);
        const out = arena.f32(new Float32Array(batch * run).fill(-7), 3);
        const indices = indicesFor(rows, batch, run);
        const before = spy.calls();
        backend.gatherRows!(src.view(), run, indices, count, out.view());
        assert.equal(spy.calls() - before, count === 0 ? 0 : 1, `(${rows}, ${run}, count ${count}): the kernel ran`);
        const want = new Float32Array(batch * run);
        gatherRows(source, run, indices, count, want);
        assert.deepEqual(
          out.view().subarray(0, count * run),
          want.subarray(0, count * run),
          `(${rows}, ${run}, count ${count})`,
        );
        assert.ok(
          out
            .view()
            .subarray(count * run)
            .every((v) => v === -7),
          'rows past count are left alone',
        );
        arena.checkGuards(`gatherRows (${rows}, ${run}, count ${count})`);
        arena.free();
      }
    });

    test(`${label}: a source outside the memory, or rows too short to pay, take the TypeScript path`, () => {
      const spy = counting(module);
      const backend = createWasmBackend(spy.module, heap);
      const arena = new Arena(heap);
      const source = uniform(rng(5), 30 * 40);
      const out = arena.f32(8 * 40);
      const indices = indicesFor(30, 8, 7);
      backend.gatherRows!(source, 40, indices, 8, out.view());
      const want = new Float32Array(8 * 40);
      gatherRows(source, 40, indices, 8, want);
      assert.deepEqual(out.view(), want, 'source in ordinary memory');
      const labels = arena.f32(new Float32Array([3, 1, 4, 1, 5, 9]));
      const picked = arena.f32(3);
      backend.gatherRows!(labels.view(), 1, new Int32Array([5, 0, 2]), 3, picked.view());
      assert.deepEqual([...picked.view()], [9, 3, 4], 'one element per row');
      assert.equal(spy.calls(), 0);
      arena.checkGuards('fallback');
      arena.free();
    });
  }
});

describe('gatherRows on two threads', () => {
  const build = loadableBuilds().find((b) => b.module.shared);

  test('the worker alone gathers a posted job of rows exactly', { skip: build === undefined }, () => {
    const { module, heap } = build!;
    const thread = MatmulThread.start(module, heap, nodeThreads);
    assert.ok(thread);
    try {
      assert.equal(thread.waitReady(10_000), true);
      const arena = new Arena(heap);
      const [rows, run, count] = [300, 37, 23];
      const source = uniform(rng(11), rows * run);
      const src = arena.f32(source);
      const indices = indicesFor(rows, count, 12);
      const idx = heap.alloc(count * 4);
      heap.i32.set(indices, idx >>> 2);
      const out = arena.f32(count * run);
      // One chunk and no help from this thread: the worker's code computes all of it. Then three
      // chunks, so its row ranges (not only the first) are checked against chunkOf's.
      for (const chunks of [1, 3]) {
        out.view().fill(0);
        thread.post({
          a: src.ptr,
          b: idx,
          c: out.ptr,
          m: count,
          k: run * 4,
          n: 0,
          transA: 0,
          transB: 0,
          lda: 0,
          ldb: 0,
          ldc: 0,
          cut: 'gather-rows',
          chunks,
          scratch: 0,
        });
        if (chunks > 1) thread.help(module.exports, 0);
        thread.join();
        const want = new Float32Array(count * run);
        gatherRows(source, run, indices, count, want);
        assert.deepEqual(out.view(), want, `${chunks} chunk(s)`);
      }
      arena.checkGuards('worker gather');
      arena.free();
      heap.release(idx);
    } finally {
      thread.close();
    }
  });

  test('a large gather is shared: this thread copies runs of rows, and the batch is exact', {
    skip: build === undefined,
  }, () => {
    const { module, heap } = build!;
    const spy = counting(module);
    const calls = spy.counts;
    // A long spin keeps the worker awake between rounds once woken, even on a busy machine.
    const backend = createWasmBackend(spy.module, heap, WASM_THRESHOLDS, {
      threads: 2,
      threadSupport: nodeThreads,
      spinMicroseconds: 200_000,
    });
    try {
      assert.equal(backend.waitForThreads(10_000), true);
      const arena = new Arena(heap);
      const [rows, run, count] = [2000, 784, 100];
      const source = uniform(rng(13), rows * run);
      const src = arena.f32(source);
      const out = arena.f32(count * run);
      let shared = 0;
      for (let round = 0; round < 20 && shared === 0; round++) {
        const indices = indicesFor(rows, count, round);
        calls.length = 0;
        backend.gatherRows!(src.view(), run, indices, count, out.view());
        const want = new Float32Array(count * run);
        gatherRows(source, run, indices, count, want);
        assert.deepEqual(out.view(), want, `round ${round}`);
        if (calls.every((c) => c < count)) shared++;
        // A gather that found the worker asleep woke it: give it the time to start spinning.
        else pause(5);
      }
      assert.ok(shared > 0, 'a gather was cut into runs of rows');
      arena.checkGuards('shared gather');
      arena.free();
    } finally {
      backend.setThreads(1);
    }
  });
});
