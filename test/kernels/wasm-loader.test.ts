// Loading the kernel module (which build, which memory, sync and async) and the heap over its memory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  WasmHeap,
  detectWasmVariant,
  instantiateWasmKernelModule,
  loadWasmKernelModule,
} from '../../src/ndarray/kernels/wasm/index.js';

const relaxedFlag =
  process.execArgv.includes('--experimental-wasm-relaxed-simd') ||
  (process.env.NODE_OPTIONS ?? '').includes('--experimental-wasm-relaxed-simd');
const node20 = process.versions.node.startsWith('20.');
const root = fileURLToPath(new URL('../../', import.meta.url));

/** What `wasmKernelInfo()` says in a fresh Node process started with `flags`. */
function variantInChild(flags: string[]): string {
  const script =
    "import('./src/ndarray/kernels/wasm/index.ts').then((m) => { m.createWasmKernels(); console.log(m.wasmKernelInfo()); })";
  // Without this process's NODE_OPTIONS, which may carry the flag.
  const env = { ...process.env, NODE_OPTIONS: '' };
  return execFileSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env,
    encoding: 'utf8',
  }).trim();
}

describe('loading the kernel module', () => {
  test('Node 20 runs the plain SIMD build without flags and the relaxed build with --experimental-wasm-relaxed-simd', {
    skip: !node20 && 'Node 20 only: later versions validate relaxed SIMD by default',
  }, () => {
    assert.equal(variantInChild([]), 'simd');
    assert.equal(variantInChild(['--experimental-wasm-relaxed-simd']), 'relaxed-simd');
  });

  test("scratchnet's Node entry turns relaxed SIMD on for its own process, unless SCRATCHNET_RELAXED_SIMD=0", {
    skip: !node20 && 'Node 20 only',
  }, () => {
    const script = "import('./src/index.ts').then((m) => console.log(m.kernels().name))";
    const nameWith = (extra: Record<string, string>): string =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        env: { ...process.env, NODE_OPTIONS: '', ...extra },
        encoding: 'utf8',
      }).trim();
    assert.equal(nameWith({}), 'wasm-relaxed-simd');
    assert.equal(nameWith({ SCRATCHNET_RELAXED_SIMD: '0' }), 'wasm-simd');
  });

  test('detection agrees with the flags of this process, and a relaxed build is refused where it does not validate', () => {
    if (node20) assert.equal(detectWasmVariant(), relaxedFlag ? 'relaxed-simd' : 'simd');
    const relaxed = loadWasmKernelModule({ variant: 'relaxed-simd' });
    assert.equal(relaxed === null, detectWasmVariant() !== 'relaxed-simd');
  });

  test('shared memory by default in Node (a SharedArrayBuffer that workers can use); unshared on request', () => {
    const shared = loadWasmKernelModule()!;
    assert.equal(shared.shared, true);
    assert.ok(shared.memory.buffer instanceof SharedArrayBuffer);
    const unshared = loadWasmKernelModule({ shared: false })!;
    assert.equal(unshared.shared, false);
    assert.ok(unshared.memory.buffer instanceof ArrayBuffer);
  });

  test('a second instance on the same shared memory (as a worker thread would make) sees the same data', () => {
    const first = loadWasmKernelModule()!;
    const second = loadWasmKernelModule({ memory: first.memory })!;
    assert.equal(second.memory, first.memory);
    assert.equal(second.shared, true);
    const heap = new WasmHeap(first.memory, first.exports.heapBase());
    const p = heap.alloc(16);
    heap.f32.set([1, 4, 9, 16], p / 4);
    second.exports.sqrt(p, p, 4);
    assert.deepEqual([...heap.f32.subarray(p / 4, p / 4 + 4)], [1, 2, 3, 4]);
  });

  test('the asynchronous instantiation (a browser page main thread) gives a working module', async () => {
    const module = await instantiateWasmKernelModule({ shared: false });
    assert.ok(module);
    const heap = new WasmHeap(module.memory, module.exports.heapBase());
    const p = heap.alloc(4 * 5);
    heap.f32.set([0, 1, -1, 2, 100], p / 4);
    module.exports.sigmoid(p, p, 5);
    const y = [...heap.f32.subarray(p / 4, p / 4 + 5)];
    [0.5, 1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1)), 1 / (1 + Math.exp(-2)), 1].forEach((e, i) =>
      assert.ok(Math.abs(y[i]! - e) < 1e-7, `sigmoid [${i}]`),
    );
  });

  test('the module keeps no data segment: everything from 1 KiB up belongs to the heap', () => {
    const module = loadWasmKernelModule()!;
    assert.ok(module.exports.heapBase() <= 1024);
    const heap = new WasmHeap(module.memory, module.exports.heapBase());
    assert.equal(heap.base, 1024);
  });
});

describe('WasmHeap', () => {
  const fresh = (shared: boolean, initialPages = 1): WasmHeap => {
    const module = loadWasmKernelModule({ shared, initialPages })!;
    return new WasmHeap(module.memory, module.exports.heapBase());
  };

  test('blocks are 64-byte aligned, disjoint, reused first-fit and merged when freed', () => {
    const heap = fresh(true);
    const a = heap.alloc(100);
    const b = heap.alloc(1);
    const c = heap.alloc(64);
    assert.deepEqual([a % 64, b % 64, c % 64], [0, 0, 0]);
    assert.ok(a >= 1024 && b >= a + 100 && c >= b + 1);
    heap.release(b);
    assert.equal(heap.alloc(10), b, 'a freed block is reused');
    heap.release(b);
    heap.release(a);
    assert.equal(heap.alloc(150), a, 'neighbouring free blocks merge');
    assert.throws(() => heap.release(12345), /not an allocated block/);
  });

  test('allocZeroed gives zeros: in reused blocks (cleared), at a lowered top, and in fresh memory (left as grown)', () => {
    const heap = fresh(true);
    const dirty = (ptr: number, bytes: number): void => void heap.u8.fill(0xab, ptr, ptr + bytes);
    const isZero = (ptr: number, bytes: number): boolean => heap.u8.subarray(ptr, ptr + bytes).every((b) => b === 0);
    const a = heap.alloc(4096);
    const b = heap.alloc(4096);
    dirty(a, 4096);
    dirty(b, 4096);
    heap.release(a);
    const reused = heap.allocZeroed(1000);
    assert.equal(reused, a, 'the free block is reused');
    assert.ok(isZero(reused, 1000), 'a reused block is cleared');
    heap.release(b);
    // b was the top block: the top falls back (merged with the rest of a), and a block from there
    // covers dirty bytes and fresh ones.
    const straddling = heap.allocZeroed(3 * 65536);
    assert.ok(straddling <= b, 'the block starts in memory that was used');
    assert.ok(isZero(straddling, 3 * 65536), 'a block over the lowered top is cleared where it was used');
    const grown = heap.allocZeroed(1 << 20);
    assert.ok(isZero(grown, 1 << 20), 'memory that no block reached is zero');
  });

  test('growing a shared memory keeps old views valid and still recognised as its own', () => {
    const heap = fresh(true);
    const p = heap.alloc(1000);
    const view = new Float32Array(heap.memory.buffer, p, 250);
    view.fill(3);
    const generation = heap.generation;
    const big = heap.alloc(5 * 65536);
    assert.ok(heap.generation > generation);
    assert.ok(heap.memory.buffer.byteLength >= big + 5 * 65536);
    assert.equal(view[249], 3);
    assert.ok(heap.owns(view), 'a view made before growing');
    assert.ok(heap.owns(new Float32Array(heap.memory.buffer, big, 4)), 'a view made after');
    assert.ok(!heap.owns(new Float32Array(4)));
    assert.equal(heap.f32.length * 4, heap.memory.buffer.byteLength, 'the heap views follow the growth');
  });

  test('growing an unshared memory renews the heap views (old views of it are detached)', () => {
    const heap = fresh(false);
    const p = heap.alloc(16);
    heap.f32[p / 4] = 42;
    heap.alloc(3 * 65536);
    assert.equal(heap.f32.length * 4, heap.memory.buffer.byteLength);
    assert.equal(heap.f32[p / 4], 42, 'contents survive growth');
  });

  test('sync() takes up a growth made behind the heap (a direct memory.grow)', () => {
    const heap = fresh(true);
    const before = heap.f32.length;
    heap.memory.grow(2);
    heap.sync();
    assert.equal(heap.f32.length, before + 2 * 16384);
  });
});
