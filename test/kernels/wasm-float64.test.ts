// The float64 WebAssembly kernels: every elementwise, softmax and reduction result bitwise what the
// TypeScript kernels compute (the same operations in the same order, Math.exp's algorithm for e^x),
// in every build; matrix products within float64 rounding of TypeScript's (they fuse multiply-adds
// where relaxed SIMD is on) and bitwise the same on one thread or two; and the float64 calls of the
// backend really run in WebAssembly.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedArray } from '../../src/ndarray/dtype.js';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import type { BinaryOp, Kernels, UnaryOp } from '../../src/ndarray/kernels/types.js';
import {
  WASM_THRESHOLDS,
  WasmHeap,
  createWasmBackend,
  loadWasmKernelModule,
  type WasmKernelModule,
  type WasmThresholdSet,
} from '../../src/ndarray/kernels/wasm/index.js';
import { nodeThreads } from '../../src/ndarray/kernels/wasm/threads-node.js';
import { allowRelaxedSimd, assertProduct64, assertSameValues, loadableBuilds, rng } from './helpers.js';

allowRelaxedSimd();

const ALWAYS: WasmThresholdSet = {
  copied: { unary: 0, binary: 0, reduce: 0, matmul: 0 },
  resident: { unary: 0, binary: 0, reduce: 0, matmul: 0 },
};

/** n doubles uniform in [lo, hi). */
function doubles(seed: number, n: number, lo = -1, hi = 1): Float64Array {
  const rand = rng(seed);
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

/** Doubles in a build's memory: its byte offset and a view. */
function inMemory(heap: WasmHeap, values: Float64Array): { ptr: number; view: Float64Array } {
  const ptr = heap.alloc(values.length * 8 + 8);
  const view = new Float64Array(heap.f64.buffer, ptr, values.length);
  view.set(values);
  return { ptr, view };
}

/** Arguments of e^x where fdlibm changes branch, and the values it treats apart. */
function expArguments(): Float64Array {
  const edges = [0.5 * Math.LN2, 1.5 * Math.LN2, 2 ** -28, 1021 * Math.LN2, 1022 * Math.LN2, 709.78, 745.13];
  const special = [0, -0, 1, -1, Number.NaN, Infinity, -Infinity, 709.782712893384, -745.1332191019411, 1e-300];
  const values: number[] = [...special];
  const rand = rng(11);
  for (const edge of edges) {
    for (let i = 0; i < 400; i++) values.push(edge * (1 + (rand() - 0.5) * 1e-6) * (i % 2 === 0 ? 1 : -1));
  }
  for (const scale of [1e-9, 0.3, 1, 3, 30, 300, 800]) {
    for (let i = 0; i < 400; i++) values.push((rand() * 2 - 1) * scale);
  }
  return Float64Array.from(values);
}

describe('float64 kernels of the module', () => {
  const builds = loadableBuilds();

  test('exp64 and sigmoid64 give Math.exp and 1/(1 + Math.exp(−x)) bit for bit', () => {
    const x = expArguments();
    for (const { label, module, heap } of builds) {
      const xs = inMemory(heap, x);
      const out = inMemory(heap, new Float64Array(x.length));
      module.exports.exp64(xs.ptr, out.ptr, x.length);
      assertSameValues(out.view, x.map(Math.exp), `${label}: exp64`);
      module.exports.sigmoid64(xs.ptr, out.ptr, x.length);
      assertSameValues(
        out.view,
        x.map((v) => 1 / (1 + Math.exp(-v))),
        `${label}: sigmoid64`,
      );
      // An odd count runs the last element through the tail.
      module.exports.exp64(xs.ptr, out.ptr, 7);
      assertSameValues(out.view.subarray(0, 7), x.subarray(0, 7).map(Math.exp), `${label}: exp64 of 7`);
      heap.release(xs.ptr);
      heap.release(out.ptr);
    }
  });

  test('matmul64 gives the TypeScript product for odd shapes in A·B, Aᵀ·B and A·Bᵀ: bit for bit in the plain build, within rounding in the relaxed one', () => {
    const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 17, 33, 257];
    const rand = rng(5);
    const pick = (): number => sizes[Math.floor(rand() * sizes.length)]!;
    const layouts: [boolean, boolean][] = [
      [false, false],
      [true, false],
      [false, true],
    ];
    assert.ok(
      builds.some((b) => b.module.variant === 'relaxed-simd'),
      'the relaxed builds load',
    );
    for (const { label, module, heap } of builds) {
      for (let trial = 0; trial < 40; trial++) {
        const [m, k, n] = trial < 3 ? [257, 257, 9] : [pick(), pick(), pick()];
        for (const [tA, tB] of layouts) {
          const a = inMemory(heap, doubles(trial, m * k));
          const b = inMemory(heap, doubles(trial + 1000, k * n));
          const c = inMemory(heap, new Float64Array(m * n).fill(Number.NaN));
          const scratch = heap.alloc(module.exports.matmul64ScratchBytes(m, k, n, tA ? 1 : 0));
          module.exports.matmul64(a.ptr, b.ptr, c.ptr, m, k, n, tA ? 1 : 0, tB ? 1 : 0, scratch);
          const what = `${label}: (${m}, ${k}, ${n}) transA ${tA} transB ${tB}`;
          assertProduct64(c.view, a.view, b.view, { m, k, n, transA: tA, transB: tB }, what);
          if (module.variant === 'simd') {
            const want = new Float64Array(m * n);
            jsKernels.matmul(a.view, b.view, want, m, k, n, tA, tB);
            assertSameValues(c.view, want, what);
          }
          for (const p of [a.ptr, b.ptr, c.ptr, scratch]) heap.release(p);
        }
      }
    }
  });
});

/** The module with every export counted, to see which kernels a backend call ran. */
function counted(module: WasmKernelModule): { module: WasmKernelModule; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const exports: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(module.exports)) {
    exports[name] = (...args: number[]) => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return (f as (...a: number[]) => number)(...args);
    };
  }
  return { module: { ...module, exports: exports as unknown as WasmKernelModule['exports'] }, calls };
}

/** Every float64 call the layers make, with the broadcasts the kernels cover; each returns its output. */
function float64Calls(k: Kernels): Map<string, TypedArray> {
  const x = doubles(1, 6 * 9, -3, 3);
  const y = doubles(2, 6 * 9);
  const row = doubles(3, 9);
  const col = doubles(4, 6);
  const results = new Map<string, TypedArray>();
  const unary: UnaryOp[] = ['neg', 'exp', 'sqrt', 'abs', 'square', 'sigmoid', 'relu', 'step', 'reciprocal'];
  for (const op of unary) {
    const out = new Float64Array(x.length);
    k.unary(op, op === 'sqrt' ? y.map(Math.abs) : x, out);
    results.set(`unary ${op}`, out);
  }
  const binary: BinaryOp[] = ['add', 'sub', 'mul', 'div'];
  const forms: [string, Float64Array, number[], Float64Array, number[]][] = [
    ['same shape', x, [6, 9], y, [6, 9]],
    ['scalar right', x, [6, 9], Float64Array.of(0.3), []],
    ['scalar left', Float64Array.of(0.3), [], x, [6, 9]],
    ['row vector', x, [6, 9], row, [9]],
    ['column vector', x, [6, 9], col, [6, 1]],
    ['row vector left', row, [1, 9], x, [6, 9]],
  ];
  for (const op of binary) {
    for (const [form, a, aShape, b, bShape] of forms) {
      const out = new Float64Array(x.length);
      k.binary(op, a, aShape, b, bShape, out, [6, 9]);
      results.set(`${op} ${form}`, out);
    }
  }
  for (const op of ['relu', 'sigmoid'] as const) {
    const dx = new Float64Array(x.length);
    k.activationBackward(op, y, x, dx);
    results.set(`${op} backward`, dx);
  }
  const w = Float64Array.from(x);
  k.axpy(w, y, -0.1);
  results.set('axpy', w);
  const soft = new Float64Array(x.length);
  k.softmaxRows?.(x, 6, 9, soft);
  results.set('softmaxRows', soft);
  const columns = new Float64Array(9);
  k.reduce('sum', x, 1, 6, 9, columns);
  results.set('sum over the rows', columns);
  const at = new Int32Array(6);
  k.reduce('argmax', x, 6, 9, 1, at);
  results.set('argmax along rows', at);
  return results;
}

describe('the backend with float64 arrays', () => {
  const builds = loadableBuilds();

  test('elementwise ops, softmax, reductions and the SGD step run in WebAssembly and equal TypeScript bit for bit', () => {
    for (const { label, module, heap } of builds) {
      const spy = counted(module);
      const backend = createWasmBackend(spy.module, heap, ALWAYS, { threads: 1 });
      const want = float64Calls(jsKernels);
      const got = float64Calls(backend);
      for (const [name, g] of got) assertSameValues(g, want.get(name)!, `${label}: ${name}`);
      const ran64 = [...spy.calls.keys()].filter((name) => name.endsWith('64'));
      for (const kernel of ['exp64', 'sigmoid64', 'add64', 'rsubScalar64', 'divColumnVector64', 'axpy64']) {
        assert.ok(ran64.includes(kernel), `${label}: ${kernel} ran (ran: ${ran64.join(', ')})`);
      }
      for (const kernel of ['softmaxRows64', 'sumColumns64', 'argmaxRows64', 'sigmoidBackward64']) {
        assert.ok(ran64.includes(kernel), `${label}: ${kernel} ran`);
      }
    }
  });

  test('float64 products on two threads equal one thread bit for bit, within rounding of TypeScript', () => {
    const shared = builds.filter((b) => b.module.shared);
    assert.ok(shared.length > 0, 'a shared build loads');
    for (const { label, module, heap } of shared) {
      const spy = counted(module);
      const two = createWasmBackend(spy.module, heap, WASM_THRESHOLDS, { threadSupport: nodeThreads, threads: 2 });
      const one = createWasmBackend(module, heap, WASM_THRESHOLDS, { threads: 1 });
      try {
        assert.equal(two.waitForThreads(10_000), true);
        for (const [m, k, n, transA, transB] of [
          [100, 784, 50, false, false],
          [784, 100, 50, true, false],
          [100, 50, 784, false, true],
          [129, 65, 33, false, false],
        ] as const) {
          const what = `${label}: (${m}, ${k}, ${n}) transA ${transA} transB ${transB}`;
          const a = doubles(m, m * k);
          const b = doubles(n, k * n);
          const alone = new Float64Array(m * n);
          one.matmul(a, b, alone, m, k, n, transA, transB);
          const got = new Float64Array(m * n);
          two.matmul(a, b, got, m, k, n, transA, transB);
          assertSameValues(got, alone, `${what} on two threads`);
          assertProduct64(got, a, b, { m, k, n, transA, transB }, what);
        }
        const ran = (spy.calls.get('matmulBlock64') ?? 0) + (spy.calls.get('matmulPackedB64') ?? 0);
        assert.ok(ran > 0, `${label}: the split float64 product kernels ran`);
      } finally {
        two.setThreads(1);
      }
    }
  });

  test('allocate gives float64 arrays in the shared memory, zeroed', () => {
    const module = loadWasmKernelModule({ variant: 'simd', shared: true });
    assert.ok(module);
    const heap = new WasmHeap(module.memory, module.exports.heapBase());
    const backend = createWasmBackend(module, heap);
    const a = backend.allocate?.('float64', 37);
    assert.ok(a instanceof Float64Array, 'a Float64Array');
    assert.equal(a.length, 37);
    assert.ok(heap.owns(a), 'in the module memory');
    assert.ok(
      a.every((v) => v === 0),
      'zeroed',
    );
    assert.equal(backend.allocate?.('int32', 4), null, 'other dtypes stay ordinary arrays');
  });
});
