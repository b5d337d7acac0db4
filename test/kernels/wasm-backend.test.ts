// The WebAssembly `Kernels` backend behind the public array API: the same results as the TypeScript
// kernels (within float32 tolerance for float32, bit for bit where it falls back), operands that
// live in the module's memory used in place, and the registry restored afterwards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NDArray,
  add,
  argmax,
  div,
  dot,
  exp,
  kernels,
  log,
  matmul,
  matmulT,
  max,
  mul,
  neg,
  sqrt,
  sub,
  sum,
  tanh,
} from '../../src/ndarray/index.js';
import { relu, sigmoid } from '../../src/functions/index.js';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import {
  WasmHeap,
  createWasmBackend,
  createWasmKernels,
  initWasmKernels,
  loadWasmKernelModule,
  wasmKernelInfo,
  wasmRuntime,
  WASM_THRESHOLDS,
  type WasmThresholdSet,
} from '../../src/ndarray/kernels/wasm/index.js';
import {
  assertCloseArrays,
  assertProduct64,
  assertSameValues,
  loadableBuilds,
  rng,
  uniform,
  withKernels,
} from './helpers.js';

const ALWAYS: WasmThresholdSet = {
  copied: { unary: 0, binary: 0, reduce: 0, matmul: 0 },
  resident: { unary: 0, binary: 0, reduce: 0, matmul: 0 },
};

type Alloc = (shape: number[], seed: number, lo?: number, hi?: number) => NDArray;

/** Float32 arrays in ordinary memory. */
const plain: Alloc = (shape, seed, lo = -1, hi = 1) =>
  new NDArray(
    uniform(
      rng(seed),
      shape.reduce((p, d) => p * d, 1),
      lo,
      hi,
    ),
    shape,
  );

/** Float32 arrays whose storage is a block of `heap`, as a later change will allocate them. */
function inHeap(heap: WasmHeap): Alloc {
  return (shape, seed, lo = -1, hi = 1) => {
    const n = shape.reduce((p, d) => p * d, 1);
    // Allocate first: an allocation may grow the memory and replace its buffer.
    const ptr = heap.alloc(n * 4);
    const view = new Float32Array(heap.memory.buffer, ptr, n);
    view.set(uniform(rng(seed), n, lo, hi));
    return new NDArray(view, shape);
  };
}

/**
 * A forward and backward pass of the book's two-layer network in array-API calls, plus the
 * broadcasting cases the backend routes (scalar, row and column vectors on either side), with odd
 * sizes. Returns every intermediate result by name.
 */
function network(alloc: Alloc, batch: number, inputs: number, hidden: number, classes: number): Map<string, NDArray> {
  const r = new Map<string, NDArray>();
  const x = alloc([batch, inputs], 1, 0, 1);
  const w1 = alloc([inputs, hidden], 2, -0.1, 0.1);
  // Away from 0, so that dividing by it does not blow up the products' rounding differences.
  const b1 = alloc([hidden], 3, 0.5, 1.5);
  const w2 = alloc([hidden, classes], 4, -0.5, 0.5);
  const b2 = alloc([classes], 5);
  r.set('a1 = x·W1 + b1', add(dot(x, w1), b1));
  r.set('z1 = sigmoid(a1)', sigmoid(r.get('a1 = x·W1 + b1')!));
  r.set('relu(a1)', relu(r.get('a1 = x·W1 + b1')!));
  r.set('tanh(a1)', tanh(r.get('a1 = x·W1 + b1')!));
  const a2 = add(matmul(r.get('z1 = sigmoid(a1)')!, w2), b2);
  r.set('a2', a2);
  // Softmax the numpy way: a column-vector max and sum (keepdims), exp, then division.
  const e = exp(sub(a2, max(a2, -1, true)));
  const y = div(e, sum(e, -1, true));
  r.set('softmax(a2)', y);
  r.set('log(y + 1e-7)', log(add(y, 1e-7)));
  r.set('argmax(y)', argmax(y, 1));
  r.set('max(y, 1)', max(y, 1));
  const dy = alloc([batch, classes], 6);
  r.set('dW2 = z1ᵀ·dy', matmulT(r.get('z1 = sigmoid(a1)')!, dy, true, false));
  r.set('db2 = Σ dy', sum(dy, 0));
  const dz1 = matmulT(dy, w2, false, true);
  r.set('dz1 = dy·W2ᵀ', dz1);
  const z1 = r.get('z1 = sigmoid(a1)')!;
  r.set('da1 = dz1·(1 − z1)·z1', mul(mul(dz1, sub(1, z1)), z1));
  r.set('dW1 = xᵀ·da1', matmulT(x, r.get('da1 = dz1·(1 − z1)·z1')!, true, false));
  r.set('W1 − 0.1·dW1', sub(w1, mul(r.get('dW1 = xᵀ·da1')!, 0.1)));
  // The remaining routes: scalar on the left, vectors on the left, column-vector mul/div, sums.
  r.set('2 / (1 + x)', div(2, add(1, x)));
  r.set('b1 + a1 (row vector on the left)', add(b1, r.get('a1 = x·W1 + b1')!));
  r.set('a1 · b1 (row vector)', mul(r.get('a1 = x·W1 + b1')!, b1));
  r.set('a1 / b1 (row vector)', div(r.get('a1 = x·W1 + b1')!, b1));
  r.set('rowsum · a1 (column vector on the left)', mul(sum(a2, 1, true), a2));
  r.set('a1 / rowsum (column vector)', div(a2, sum(a2, 1, true)));
  r.set('−x', neg(x));
  r.set('sqrt(x)', sqrt(x));
  r.set('Σ x', new NDArray(Float64Array.of(sum(x)), []));
  r.set('Σ x over axis 0 of a 3-D view', sum(x.reshape(batch, 1, inputs), 0));
  return r;
}

/**
 * Float32 results must agree to float32 rounding relative to the array's scale: the products' sums
 * round differently (f32 lanes against float64), and everything downstream inherits that.
 */
function compare(got: Map<string, NDArray>, want: Map<string, NDArray>): void {
  assert.deepEqual([...got.keys()], [...want.keys()]);
  for (const [name, g] of got) {
    const w = want.get(name)!;
    assert.equal(g.dtype, w.dtype, `${name}: dtype`);
    assert.deepEqual(g.shape, w.shape, `${name}: shape`);
    if (g.dtype === 'int32') assertSameValues(g.data, w.data, name);
    else {
      let scale = 0;
      for (const v of w.data) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
      assertCloseArrays(g.data, w.data, 1e-5, 1e-5 * scale, name);
    }
  }
}

const builds = loadableBuilds();

describe('the WebAssembly backend through the array API', () => {
  for (const { label, module, heap } of builds) {
    for (const [which, thresholds] of [
      ['every call in WebAssembly', ALWAYS],
      ['default thresholds', WASM_THRESHOLDS],
    ] as const) {
      test(`the two-layer network's forward and backward pass match the TypeScript kernels (${label}, ${which})`, () => {
        const backend = createWasmBackend(module, heap, thresholds);
        for (const [batch, inputs, hidden, classes] of [
          [3, 5, 7, 2],
          [100, 784, 50, 10],
          [13, 37, 9, 11],
        ] as const) {
          const want = withKernels(jsKernels, () => network(plain, batch, inputs, hidden, classes));
          const got = withKernels(backend, () => network(plain, batch, inputs, hidden, classes));
          compare(got, want);
        }
      });
    }

    test(`arrays that live in the module's memory give the same results (${label})`, () => {
      const backend = createWasmBackend(module, heap, ALWAYS);
      const want = withKernels(jsKernels, () => network(plain, 10, 33, 17, 5));
      const got = withKernels(backend, () => network(inHeap(heap), 10, 33, 17, 5));
      compare(got, want);
    });
  }

  test('operands in the module memory are used in place: no scratch is allocated for them', () => {
    const module = loadWasmKernelModule()!;
    let allocations = 0;
    class CountingHeap extends WasmHeap {
      override alloc(bytes: number): number {
        allocations++;
        return super.alloc(bytes);
      }
    }
    const heap = new CountingHeap(module.memory, module.exports.heapBase());
    const backend = createWasmBackend(module, heap, ALWAYS);
    const x = inHeap(heap)([40, 30], 1);
    const y = inHeap(heap)([40, 30], 2);
    const b = inHeap(heap)([30], 3);
    const out = inHeap(heap)([40, 30], 4);
    const rowMaxAt = heap.alloc(40 * 4);
    const rowMax = new NDArray(new Float32Array(heap.memory.buffer, rowMaxAt, 40), [40]);
    allocations = 0;
    backend.unary('sigmoid', x.data, out.data);
    backend.binary('add', x.data, x.shape, y.data, y.shape, out.data, out.shape);
    backend.binary('add', x.data, x.shape, b.data, b.shape, out.data, out.shape);
    backend.reduce('max', x.data, 40, 30, 1, rowMax.data);
    assert.equal(allocations, 0);
    const expected = new Float32Array(40 * 30);
    jsKernels.binary('add', x.data, x.shape, b.data, b.shape, expected, x.shape);
    assertSameValues(out.data, expected, 'the result is written straight into the resident output');
    // An operand outside the memory needs scratch.
    backend.unary('sigmoid', new Float32Array(1200), out.data);
    assert.equal(allocations, 1);
  });

  test('a product whose scratch grows an unshared memory still reads its resident operands (offsets taken before growing)', () => {
    const module = loadWasmKernelModule({ shared: false, initialPages: 1 })!;
    assert.equal(module.shared, false);
    const heap = new WasmHeap(module.memory, module.exports.heapBase());
    const backend = createWasmBackend(module, heap, ALWAYS);
    const m = 20;
    const k = 300;
    const n = 40;
    const ap = heap.alloc(m * k * 4);
    const bp = heap.alloc(k * n * 4);
    const cp = heap.alloc(m * n * 4);
    // Fill the memory up, so that the product's scratch must grow it.
    const end = cp + Math.ceil((m * n * 4) / 64) * 64;
    if (heap.memory.buffer.byteLength > end) heap.alloc(heap.memory.buffer.byteLength - end);
    const buffer = heap.memory.buffer;
    const a = new Float32Array(buffer, ap, m * k);
    const b = new Float32Array(buffer, bp, k * n);
    const c = new Float32Array(buffer, cp, m * n);
    a.set(uniform(rng(1), m * k));
    b.set(uniform(rng(2), k * n));
    const want = new Float32Array(m * n);
    jsKernels.matmul(a, b, want, m, k, n, false, false);
    const generation = heap.generation;
    backend.matmul(a, b, c, m, k, n, false, false);
    assert.ok(heap.generation > generation, 'the call grew the memory');
    assert.equal(c.length, 0, 'growing an unshared memory detaches the views of it');
    assertCloseArrays(heap.f32.subarray(cp / 4, cp / 4 + m * n), want, 1e-5, 1e-5, 'product');
  });

  test('float64 (in WebAssembly), int32, general broadcasting and inner-axis reductions give the TypeScript results bit for bit, float64 products within rounding', () => {
    const backend = createWasmBackend(builds[0]!.module, builds[0]!.heap, ALWAYS);
    const cases = (): Map<string, NDArray> => {
      const x64 = new NDArray(Float64Array.from(uniform(rng(1), 60)), [6, 10]);
      const i32 = new NDArray(
        Int32Array.from({ length: 12 }, (_, i) => i - 5),
        [3, 4],
      );
      const col = new NDArray(uniform(rng(3), 3), [3, 1]);
      const row = new NDArray(uniform(rng(4), 4), [1, 4]);
      const x32 = new NDArray(uniform(rng(5), 24), [2, 3, 4]);
      return new Map([
        ['exp(float64)', exp(x64)],
        ['float64 + 1', add(x64, 1)],
        ['sum(float64, 1)', sum(x64, 1)],
        ['argmax(float64, 1)', argmax(x64, 1)],
        ['int32 + int32', add(i32, i32)],
        ['int32 · 3', mul(i32, 3)],
        ['sum(int32, 0)', sum(i32, 0)],
        ['(3,1) + (1,4): general broadcasting', add(col, row)],
        ['(3,1) − (1,4): general broadcasting', sub(col, row)],
        [
          '(4) − (3,4): a row vector on the left of a non-commutative op',
          sub(new NDArray(uniform(rng(6), 4), [4]), new NDArray(uniform(rng(7), 12), [3, 4])),
        ],
        ['max over the middle axis', max(x32, 1)],
        ['argmax over the middle axis', argmax(x32, 1)],
        ['max over the first axis', max(x32, 0)],
      ]);
    };
    const want = withKernels(jsKernels, cases);
    const got = withKernels(backend, cases);
    assert.deepEqual([...got.keys()], [...want.keys()]);
    for (const [name, g] of got) {
      const w = want.get(name);
      assert.ok(w, name);
      assert.equal(g.dtype, w.dtype, `${name}: dtype`);
      assertSameValues(g.data, w.data, name);
    }
    const x64 = new NDArray(Float64Array.from(uniform(rng(1), 60)), [6, 10]);
    const w64 = new NDArray(Float64Array.from(uniform(rng(2), 40)), [10, 4]);
    const product = withKernels(backend, () => matmul(x64, w64));
    const dims = { m: 6, k: 10, n: 4, transA: false, transB: false };
    assertProduct64(
      product.data as Float64Array,
      x64.data as Float64Array,
      w64.data as Float64Array,
      dims,
      'matmul(float64, float64)',
    );
  });

  test('the registry is restored: setKernels(wasm) then setKernels(previous)', () => {
    const before = kernels();
    const wasm = createWasmKernels();
    assert.ok(wasm);
    withKernels(wasm, () => assert.equal(kernels(), wasm));
    assert.equal(kernels(), before);
  });
});

describe('createWasmKernels, initWasmKernels, wasmKernelInfo', () => {
  test('one backend per process, named after the build that validates here', async () => {
    const sync = createWasmKernels();
    assert.ok(sync, 'WebAssembly SIMD is available in Node 20');
    assert.equal(createWasmKernels(), sync);
    assert.equal(await initWasmKernels(), sync);
    const variant = wasmKernelInfo();
    assert.ok(variant === 'simd' || variant === 'relaxed-simd');
    assert.equal(sync.name, `wasm-${variant}`);
    const runtime = wasmRuntime();
    assert.ok(runtime);
    assert.equal(runtime.kernels, sync);
    assert.equal(runtime.module.variant, variant);
    assert.equal(runtime.module.shared, true, 'Node has SharedArrayBuffer');
    assert.equal(typeof runtime.module.exports.softmaxRows, 'function', 'the raw exports are there for fused code');
  });
});
