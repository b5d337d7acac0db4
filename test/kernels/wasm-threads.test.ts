// Two threads for the WebAssembly matrix products: `matmulBlock` on sub-blocks with leading
// dimensions, the worker thread's protocol (jobs, sleeping and waking, failure), products split
// between two threads against the same products on one (bitwise equal: each element's sum runs in
// the same order), and a process that used the worker exits by itself.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import {
  MatmulThread,
  READY_SIGNAL,
  WASM_SPLIT,
  WASM_THRESHOLDS,
  createWasmBackend,
  loadWasmKernelModule,
  WasmHeap,
  type ThreadSupport,
  type WasmKernelModule,
} from '../../src/ndarray/kernels/wasm/index.js';
import { nodeThreads } from '../../src/ndarray/kernels/wasm/threads-node.js';
import { SplitPacing } from '../../src/ndarray/kernels/wasm/split-pacing.js';
import { Arena, assertSameValues, rng, uniform } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const LAYOUTS: readonly (readonly [boolean, boolean])[] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const label = (transA: boolean, transB: boolean): string => `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}`;

function sharedBuild(): { module: WasmKernelModule; heap: WasmHeap } {
  const module = loadWasmKernelModule({ shared: true });
  assert.ok(module, 'Node has WebAssembly SIMD and SharedArrayBuffer');
  return { module, heap: new WasmHeap(module.memory, module.exports.heapBase()) };
}

/** A ≈ 1 ms sleep that lets the worker go to sleep (it spins for a while first). */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('matmulBlock: a block of larger matrices, in place', () => {
  test('equals the product of the blocks copied out, and writes nothing else of C', () => {
    const { module, heap } = sharedBuild();
    const ex = module.exports;
    const rand = rng(7);
    for (const [transA, transB] of LAYOUTS) {
      for (const [m, k, n] of [
        [5, 9, 11],
        [13, 300, 21],
        [37, 17, 40],
        [130, 260, 9],
      ] as const) {
        // The block sits at (i0, p0) of A's stored layout, (p0, j0) of B's, (i0, j0) of C, in bigger matrices.
        const [ra, ca] = transA ? [k + 3, m + 5] : [m + 5, k + 3];
        const [rb, cb] = transB ? [n + 2, k + 3] : [k + 3, n + 2];
        const [rc, cc] = [m + 4, n + 6];
        const a = uniform(rand, ra * ca);
        const b = uniform(rand, rb * cb);
        const arena = new Arena(heap);
        try {
          const ap = arena.f32(a);
          const bp = arena.f32(b);
          const cp = arena.f32(rc * cc);
          cp.view().fill(-7);
          const [ai, aj] = transA ? [2, 3] : [3, 2];
          const [bi, bj] = transB ? [1, 2] : [2, 1];
          const scratch = heap.alloc(ex.matmulScratchBytes(m, k, n, transA ? 1 : 0));
          ex.matmulBlock(
            ap.ptr + (ai * ca + aj) * 4,
            bp.ptr + (bi * cb + bj) * 4,
            cp.ptr + (4 * cc + 5) * 4,
            m,
            k,
            n,
            transA ? 1 : 0,
            transB ? 1 : 0,
            scratch,
            ca,
            cb,
            cc,
          );
          heap.release(scratch);
          // The same blocks, copied out, through the plain kernel.
          const subA = new Float32Array(m * k);
          const [sra, sca] = transA ? [k, m] : [m, k];
          for (let i = 0; i < sra; i++) for (let j = 0; j < sca; j++) subA[i * sca + j] = a[(ai + i) * ca + aj + j]!;
          const subB = new Float32Array(k * n);
          const [srb, scb] = transB ? [n, k] : [k, n];
          for (let i = 0; i < srb; i++) for (let j = 0; j < scb; j++) subB[i * scb + j] = b[(bi + i) * cb + bj + j]!;
          const sa = arena.f32(subA);
          const sb = arena.f32(subB);
          const sc = arena.f32(m * n);
          const scratch2 = heap.alloc(ex.matmulScratchBytes(m, k, n, transA ? 1 : 0));
          ex.matmul(sa.ptr, sb.ptr, sc.ptr, m, k, n, transA ? 1 : 0, transB ? 1 : 0, scratch2);
          heap.release(scratch2);
          const c = cp.view();
          const expected = sc.view();
          const what = `${label(transA, transB)} (${m},${k},${n})`;
          for (let i = 0; i < rc; i++) {
            for (let j = 0; j < cc; j++) {
              const inside = i >= 4 && i < 4 + m && j >= 5 && j < 5 + n;
              const want = inside ? expected[(i - 4) * n + j - 5]! : -7;
              assert.equal(c[i * cc + j], want, `${what}: C[${i},${j}] ${inside ? 'in' : 'outside'} the block`);
            }
          }
          arena.checkGuards(what);
        } finally {
          arena.free();
        }
      }
    }
  });

  test('k = 0 zeroes just the block', () => {
    const { module, heap } = sharedBuild();
    const arena = new Arena(heap);
    const cp = arena.f32(6 * 7);
    cp.view().fill(3);
    module.exports.matmulBlock(0, 0, cp.ptr + (1 * 7 + 2) * 4, 4, 0, 3, 0, 0, 0, 0, 0, 7);
    const c = cp.view();
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 7; j++) assert.equal(c[i * 7 + j], i >= 1 && i < 5 && j >= 2 && j < 5 ? 0 : 3);
    arena.checkGuards('k = 0');
    arena.free();
  });
});

describe('MatmulThread: the worker on the same shared memory', () => {
  test('takes jobs while spinning and after sleeping, and stops on close', async () => {
    const { module, heap } = sharedBuild();
    const ex = module.exports;
    const thread = MatmulThread.start(module, heap, nodeThreads);
    assert.ok(thread, 'a worker starts on a shared memory');
    try {
      assert.equal(thread.waitReady(10_000), true);
      const rand = rng(3);
      const [m, k, n] = [9, 33, 17];
      const a = uniform(rand, m * k);
      const b = uniform(rand, k * n);
      const arena = new Arena(heap);
      const ap = arena.f32(a);
      const bp = arena.f32(b);
      const mine = arena.f32(m * n);
      const theirs = arena.f32(m * n);
      const s1 = heap.alloc(ex.matmulScratchBytes(m, k, n, 0));
      const s2 = heap.alloc(ex.matmulScratchBytes(m, k, n, 0));
      ex.matmul(ap.ptr, bp.ptr, mine.ptr, m, k, n, 0, 0, s1);
      // The whole product as one chunk, so the worker alone computes it.
      const job = {
        a: ap.ptr,
        b: bp.ptr,
        c: theirs.ptr,
        m,
        k,
        n,
        transA: 0,
        transB: 0,
        lda: k,
        ldb: n,
        ldc: n,
        cut: 'rows',
        chunks: 1,
        scratch: s2,
      } as const;
      for (const spin of [500, 0]) {
        thread.spinMicroseconds = spin;
        for (let round = 0; round < 4; round++) {
          theirs.view().fill(0);
          thread.post(job);
          thread.join();
          assertSameValues(theirs.view(), mine.view(), `spin ${spin} round ${round}`);
          // Long enough for the worker to fall asleep when it does not spin.
          await pause(spin === 0 ? 5 : 0);
          if (spin === 0) assert.equal(thread.asleep, true, 'a worker that does not spin sleeps between jobs');
        }
      }
      // A wake-up call without a job, then a job.
      thread.wake();
      thread.post(job);
      thread.join();
      assertSameValues(theirs.view(), mine.view(), 'after a wake-up call');
      arena.checkGuards('thread');
      heap.release(s1);
      heap.release(s2);
      arena.free();
    } finally {
      thread.close();
    }
    assert.equal(thread.closed, true);
    assert.equal(thread.ready, false);
  });

  test('a worker that cannot instantiate the module marks itself failed, and the backend stays on one thread', () => {
    const { module, heap } = sharedBuild();
    const broken: WasmKernelModule = { ...module, bytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]) };
    const thread = MatmulThread.start(broken, heap, nodeThreads);
    assert.ok(thread);
    assert.equal(thread.waitReady(10_000), false);
    assert.equal(thread.closed, true, 'it gave up');
    const backend = createWasmBackend(broken, heap, WASM_THRESHOLDS, { threadSupport: nodeThreads, threads: 2 });
    assert.equal(backend.waitForThreads(10_000), false);
    const rand = rng(5);
    const [m, k, n] = [64, 64, 64];
    const a = uniform(rand, m * k);
    const b = uniform(rand, k * n);
    const c = new Float32Array(m * n);
    backend.matmul(a, b, c, m, k, n, false, false);
    assert.equal(backend.threadCount(), 1);
    const ref = new Float32Array(m * n);
    createWasmBackend(module, heap, WASM_THRESHOLDS, { threads: 1 }).matmul(a, b, ref, m, k, n, false, false);
    assertSameValues(c, ref, 'one thread after the worker failed');
  });

  test('a worker that never takes a job costs nothing: the main thread computes every chunk', () => {
    const { module, heap } = sharedBuild();
    // A stand-in that reports ready and then never runs: a worker descheduled for good.
    const stalled: ThreadSupport = {
      concurrency: 2,
      start(_source, init) {
        Atomics.store(
          new Int32Array(init.memory.buffer, init.control, 16 + READY_SIGNAL.slot),
          READY_SIGNAL.slot,
          READY_SIGNAL.value,
        );
        return { terminate() {} };
      },
    };
    const two = createWasmBackend(module, heap, WASM_THRESHOLDS, { threadSupport: stalled, threads: 2 });
    assert.equal(two.waitForThreads(1000), true);
    const one = createWasmBackend(module, heap, WASM_THRESHOLDS, { threads: 1 });
    const rand = rng(8);
    // Cut by columns (A·B, wide), by rows over a packed B (A·B narrow), and Aᵀ·B.
    for (const [m, k, n, transA] of [
      [64, 200, 300, false],
      [100, 784, 50, false],
      [784, 100, 50, true],
    ] as const) {
      const a = uniform(rand, m * k);
      const b = uniform(rand, k * n);
      const c = new Float32Array(m * n);
      const ref = new Float32Array(m * n);
      two.matmul(a, b, c, m, k, n, transA, false);
      one.matmul(a, b, ref, m, k, n, transA, false);
      assertSameValues(c, ref, `(${m},${k},${n}) with a stalled worker`);
    }
    two.setThreads(1);
  });

  test('no thread on an unshared memory or without a way to start one', () => {
    const unshared = loadWasmKernelModule({ shared: false });
    assert.ok(unshared);
    const heap = new WasmHeap(unshared.memory, unshared.exports.heapBase());
    assert.equal(MatmulThread.start(unshared, heap, nodeThreads), null);
    const backend = createWasmBackend(unshared, heap, WASM_THRESHOLDS, { threadSupport: nodeThreads, threads: 2 });
    assert.equal(backend.threadCount(), 1);
    assert.equal(backend.waitForThreads(), false);
    const { module, heap: sharedHeap } = sharedBuild();
    assert.equal(createWasmBackend(module, sharedHeap, WASM_THRESHOLDS, { threadSupport: null }).threadCount(), 1);
    const oneCore: ThreadSupport = { ...nodeThreads, concurrency: 1 };
    assert.equal(
      createWasmBackend(module, sharedHeap, WASM_THRESHOLDS, { threadSupport: oneCore }).threadCount(),
      1,
      'one core: one thread by default',
    );
    assert.equal(
      createWasmBackend(module, sharedHeap, WASM_THRESHOLDS, { threadSupport: oneCore, threads: 2 }).threadCount(),
      2,
      'unless asked for two',
    );
  });
});

describe('products on two threads equal the same products on one', () => {
  /** Odd shapes below and above the split thresholds; rows of C split, and columns where m < 16. */
  const SHAPES: readonly [number, number, number][] = [
    [3, 5, 7],
    [17, 33, 9],
    [31, 31, 31], // below WASM_SPLIT.awake
    [37, 61, 29],
    [101, 785, 51],
    [785, 101, 53],
    [103, 51, 787],
    [13, 301, 47],
    [5, 700, 300],
    [301, 700, 5],
    [9, 9, 1000],
    [1000, 9, 9],
    [129, 257, 515],
  ];

  test('all layouts, resident and copied operands, worker spinning and asleep', async (t) => {
    const { module, heap } = sharedBuild();
    const one = createWasmBackend(module, heap, WASM_THRESHOLDS, { threads: 1 });
    for (const spinMicroseconds of [500, 0]) {
      // Asleep, the worker is woken only from WASM_SPLIT.asleep: lower it to exercise that path too.
      const split = spinMicroseconds === 0 ? { ...WASM_SPLIT, asleep: 200_000 } : WASM_SPLIT;
      const two = createWasmBackend(module, heap, WASM_THRESHOLDS, {
        threadSupport: nodeThreads,
        threads: 2,
        spinMicroseconds,
        split,
      });
      assert.equal(two.threadCount(), 2);
      assert.equal(two.waitForThreads(10_000), true, 'the worker starts');
      const rand = rng(11);
      let splits = 0;
      for (const [m, k, n] of SHAPES) {
        for (const [transA, transB] of LAYOUTS) {
          for (const resident of [false, true]) {
            const a = uniform(rand, m * k);
            const b = uniform(rand, k * n);
            const expected = new Float32Array(m * n);
            one.matmul(a, b, expected, m, k, n, transA, transB);
            const what = `${label(transA, transB)} (${m},${k},${n}) ${resident ? 'resident' : 'copied'}, spin ${spinMicroseconds}`;
            let c: Float32Array;
            if (resident) {
              const arena = new Arena(heap);
              const ap = arena.f32(a, 1);
              const bp = arena.f32(b, 2);
              const cp = arena.f32(m * n, 3);
              two.matmul(ap.view(), bp.view(), cp.view(), m, k, n, transA, transB);
              c = Float32Array.from(cp.view());
              arena.checkGuards(what);
              arena.free();
            } else {
              c = new Float32Array(m * n);
              two.matmul(a, b, c, m, k, n, transA, transB);
            }
            assertSameValues(c, expected, what);
            if (m * k * n >= WASM_SPLIT.awake) splits++;
            // Let a non-spinning worker fall asleep between products.
            if (spinMicroseconds === 0) await pause(1);
          }
        }
      }
      two.setThreads(1);
      assert.equal(two.threadCount(), 1);
      t.diagnostic(`spin ${spinMicroseconds} µs: ${splits} products above the split threshold`);
    }
  });

  test('setThreads(1) stops the worker and setThreads(2) starts a new one', () => {
    const { module, heap } = sharedBuild();
    const backend = createWasmBackend(module, heap, WASM_THRESHOLDS, { threadSupport: nodeThreads });
    assert.equal(backend.threadCount(), 2, 'two threads by default on a 2-core machine with shared memory');
    const [m, k, n] = [200, 300, 100];
    const rand = rng(9);
    const a = uniform(rand, m * k);
    const b = uniform(rand, k * n);
    const expected = new Float64Array(m * n);
    jsKernels.matmul(Float64Array.from(a), Float64Array.from(b), expected, m, k, n, false, false);
    const results: Float32Array[] = [];
    for (const count of [2, 1, 2] as const) {
      backend.setThreads(count);
      assert.equal(backend.threadCount(), count);
      if (count === 2) assert.equal(backend.waitForThreads(10_000), true);
      const c = new Float32Array(m * n);
      backend.matmul(a, b, c, m, k, n, false, false);
      results.push(c);
    }
    assertSameValues(results[1]!, results[0]!, 'one thread and two');
    assertSameValues(results[2]!, results[0]!, 'two threads again');
    for (let i = 0; i < m * n; i++) assert.ok(Math.abs(results[0]![i]! - expected[i]!) <= 1e-4 * k, `[${i}]`);
    assert.throws(() => backend.setThreads(3 as 2), { name: 'ScratchnetError', code: 'BAD_ARGUMENT' });
    backend.setThreads(1);
  });
});

test('a process that computed on two threads exits by itself', { timeout: 60_000 }, () => {
  const entry = new URL('../../src/index.ts', import.meta.url).href;
  const script = `
    import { zeros } from '${entry}';
    import { threadCount, wasmRuntime } from '${new URL('../../src/ndarray/kernels/wasm/index.ts', import.meta.url).href}';
    const a = zeros([300, 400], { dtype: 'float32' }).add(1);
    const b = zeros([400, 200], { dtype: 'float32' }).add(2);
    const ready = wasmRuntime().kernels.waitForThreads(10000);
    let s = 0;
    for (let i = 0; i < 20; i++) s += a.dot(b).data[0];
    console.log(JSON.stringify({ threads: threadCount(), ready, s }));
  `;
  const started = performance.now();
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const seconds = (performance.now() - started) / 1000;
  assert.deepEqual(JSON.parse(out.trim()), { threads: 2, ready: true, s: 20 * 800 });
  assert.ok(seconds < 20, `exited after ${seconds.toFixed(1)} s`);
  // And SCRATCHNET_THREADS=1 keeps one.
  const single = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script.replace('waitForThreads(10000)', 'waitForThreads(100)')],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, SCRATCHNET_THREADS: '1' },
    },
  );
  assert.deepEqual(JSON.parse(single.trim()), { threads: 1, ready: false, s: 20 * 800 });
});

describe('SplitPacing: backing off from two threads while the worker keeps the main thread waiting', () => {
  test('three late joins in a row stop splitting for a stretch that doubles, and a good join halves it', () => {
    const pacing = new SplitPacing();
    const splitsAllowed = (n: number): number => {
      let allowed = 0;
      for (let i = 0; i < n; i++) if (pacing.allows()) allowed++;
      return allowed;
    };
    assert.equal(splitsAllowed(10), 10);
    pacing.record(1, 0.2); // a wait of a fifth of the work: on time
    pacing.record(1, 5);
    pacing.record(1, 5);
    assert.equal(splitsAllowed(5), 5, 'two late joins are not yet a pattern');
    pacing.record(1, 5);
    assert.equal(splitsAllowed(64), 0, 'the third in a row: 64 products on one thread');
    assert.equal(splitsAllowed(1), 1);
    for (let i = 0; i < 3; i++) pacing.record(1, 5);
    assert.equal(splitsAllowed(128), 0, 'needed again: twice as long');
    assert.equal(splitsAllowed(1), 1);
    pacing.record(1, 0.1);
    for (let i = 0; i < 3; i++) pacing.record(1, 5);
    assert.equal(splitsAllowed(128), 0, 'a good join halved the stretch back to 128 before it doubled');
    assert.equal(splitsAllowed(1), 1);
  });
});
