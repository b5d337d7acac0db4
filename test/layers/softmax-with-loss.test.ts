// SoftmaxWithLoss in float32, where the softmax runs in the installed kernels (SIMD WebAssembly in
// Node) and each row's loss is −log of its target's probability: the same loss and gradient as the
// exact float64 layer, the true loss for a confident wrong answer, and the WebAssembly softmaxRows
// kernel equal to the TypeScript reference on odd sizes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray, array, type Kernels } from '../../src/ndarray/index.js';
import { softmax } from '../../src/functions/index.js';
import { SoftmaxWithLoss } from '../../src/layers/index.js';
import { jsKernels, softmaxRows } from '../../src/ndarray/kernels/js.js';
import {
  WasmHeap,
  createWasmBackend,
  loadWasmKernelModule,
  type WasmThresholdSet,
} from '../../src/ndarray/kernels/wasm/index.js';
import { assertCloseArrays, assertSameValues, rng, uniform, withKernels } from '../kernels/helpers.js';

const ALWAYS: WasmThresholdSet = {
  copied: { unary: 0, binary: 0, reduce: 0, matmul: 0 },
  resident: { unary: 0, binary: 0, reduce: 0, matmul: 0 },
};

function wasmBackend(): Kernels {
  const module = loadWasmKernelModule({ variant: 'simd', shared: false });
  assert.ok(module, 'the plain SIMD build loads in Node 20');
  return createWasmBackend(module, new WasmHeap(module.memory, module.exports.heapBase()), ALWAYS);
}

function scores(batch: number, classes: number, seed: number, spread: number): Float32Array {
  return uniform(rng(seed), batch * classes, -spread, spread);
}

function labelsFor(batch: number, classes: number, seed: number): NDArray {
  const rand = rng(seed);
  return array(
    Array.from({ length: batch }, () => Math.floor(rand() * classes)),
    { dtype: 'int32' },
  );
}

function oneHotOf(labels: NDArray, classes: number): NDArray {
  const t = new Float32Array(labels.size * classes);
  for (let r = 0; r < labels.size; r++) t[r * classes + labels.data[r]!] = 1;
  return new NDArray(t, [labels.size, classes]);
}

describe('SoftmaxWithLoss in float32', () => {
  for (const [name, backend] of [
    ['TypeScript kernels', jsKernels],
    ['WebAssembly kernels', wasmBackend()],
  ] as const) {
    test(`loss and gradient equal the float64 layer's within float32 rounding (${name})`, () => {
      for (const [batch, classes, spread] of [
        [100, 10, 5],
        [7, 3, 1],
        [13, 13, 30],
      ] as const) {
        const x32 = scores(batch, classes, batch + classes, spread);
        const labels = labelsFor(batch, classes, classes);
        for (const [kind, t32] of [
          ['labels', labels],
          ['one-hot', oneHotOf(labels, classes)],
        ] as const) {
          const exact = new SoftmaxWithLoss();
          const x64 = new NDArray(Float64Array.from(x32), [batch, classes]);
          const want = exact.forward(x64, t32.dtype === 'float32' ? t32.astype('float64') : t32);
          const wantDx = exact.backward();
          const layer = new SoftmaxWithLoss();
          const got = withKernels(backend, () => layer.forward(new NDArray(x32, [batch, classes]), t32));
          const dx = withKernels(backend, () => layer.backward());
          assert.equal(dx.dtype, 'float32');
          const what = `${batch}x${classes}, spread ${spread}, ${kind}`;
          assert.ok(Math.abs(got - want) <= 2e-6 * Math.abs(want), `${what}: loss ${got}, exact ${want}`);
          assertCloseArrays(dx.data, wantDx.data, 1e-5, 1e-8, `${what}: dx`);
        }
      }
    });

    test(`a confident wrong answer gives its true loss, not −log 0 (${name})`, () => {
      // Target probabilities e^-200 and e^-1000: 0 in float32, so the loss comes from the row's log-softmax.
      const x = new NDArray(Float32Array.from([100, -100, 0, 1000, 0, 0]), [2, 3]);
      const layer = new SoftmaxWithLoss();
      const loss = withKernels(backend, () => layer.forward(x, array([1, 2], { dtype: 'int32' })));
      assert.ok(Math.abs(loss - (200 + 1000) / 2) < 1e-3, `loss ${loss}`);
      const dx = withKernels(backend, () => layer.backward());
      assertCloseArrays(dx.data, [0.5, -0.5, 0, 0.5, 0, -0.5], 0, 1e-6, 'dx');
    });
  }
});

describe('softmaxRows', () => {
  test('the WebAssembly kernel equals the TypeScript reference on odd sizes, in place too', () => {
    const backend = wasmBackend();
    assert.ok(backend.softmaxRows, 'the WebAssembly backend has softmaxRows');
    for (const [rows, n] of [
      [1, 1],
      [3, 2],
      [5, 3],
      [4, 7],
      [100, 10],
      [9, 13],
      [2, 33],
    ] as const) {
      const x = scores(rows, n, rows * 31 + n, 20);
      const want = new Float32Array(x.length);
      softmaxRows(x, rows, n, want);
      const got = new Float32Array(x.length);
      backend.softmaxRows(x, rows, n, got);
      assertCloseArrays(got, want, 1e-5, 1e-30, `${rows}x${n}`, x);
      const inPlace = x.slice();
      backend.softmaxRows(inPlace, rows, n, inPlace);
      assertSameValues(inPlace, got, `${rows}x${n} in place`);
    }
  });

  test('a row with NaN or +Infinity gives NaN in both, other rows stay finite', () => {
    const x = Float32Array.from([1, NaN, 2, 0, 1, 2, Infinity, 0, 1, -Infinity, 0, 1]);
    for (const kernel of [softmaxRows, wasmBackend().softmaxRows!]) {
      const out = new Float32Array(x.length);
      kernel(x, 4, 3, out);
      for (const [row, bad] of [
        [0, true],
        [1, false],
        [2, true],
        [3, false],
      ] as const) {
        const values = Array.from(out.subarray(row * 3, row * 3 + 3));
        assert.equal(values.every(Number.isNaN), bad, `row ${row}: ${values.join(', ')}`);
        if (!bad) assert.ok(Math.abs(values.reduce((s, v) => s + v, 0) - 1) < 1e-6, `row ${row} sums to 1`);
      }
    }
  });

  test('softmax() of a float32 array uses the installed kernels and stays float32', () => {
    const x = new NDArray(scores(6, 10, 3, 8), [6, 10]);
    const want = withKernels(jsKernels, () => softmax(x));
    const got = withKernels(wasmBackend(), () => softmax(x));
    assert.equal(got.dtype, 'float32');
    assertCloseArrays(got.data, want.data, 1e-5, 1e-30, 'softmax');
  });
});
