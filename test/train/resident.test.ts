// Training data in the kernels' memory (residentCopy) and the mini-batch gather (RowGatherer): the
// copy holds the source's values on every run, storage is allocated once per source, the gather
// picks exactly the rows asked for, and a bad row number is an error rather than a silent copy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/ndarray/ndarray.js';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import { createWasmKernels } from '../../src/ndarray/kernels/wasm/index.js';
import { RowGatherer } from '../../src/train/batch.js';
import { residentCopy } from '../../src/train/resident.js';
import { isResidentStorage } from '../../src/ndarray/resident.js';
import { normalizeImages } from '../../src/data/prepare.js';
import { ScratchnetError } from '../../src/errors.js';
import { withKernels } from '../kernels/helpers.js';

const wasm = createWasmKernels();
// Resident storage needs the shared-memory build, which Node always has.
const resident = wasm !== null && wasm.allocate?.('float32', 1) != null;

function images(rows: number, run: number, seed: number): NDArray {
  const data = new Float32Array(rows * run);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919 + seed) % 1000) / 1000;
  return new NDArray(data, [rows, run], 'float32');
}

describe('residentCopy', () => {
  test('float32 data is copied into the WebAssembly memory, with the same values', { skip: !resident }, () => {
    withKernels(wasm!, () => {
      const x = images(30, 784, 1);
      const copy = residentCopy(x);
      assert.notEqual(copy.data.buffer, x.data.buffer);
      assert.ok(copy.data.buffer instanceof SharedArrayBuffer, 'the copy lives in the shared kernel memory');
      assert.deepEqual(copy.shape, x.shape);
      assert.deepEqual(copy.data, x.data);
    });
  });

  test('each call copies the source afresh into the same storage: a source changed in place is never stale', {
    skip: !resident,
  }, () => {
    withKernels(wasm!, () => {
      const x = images(10, 50, 2);
      const first = residentCopy(x);
      x.data[123] = 42;
      const second = residentCopy(x);
      assert.equal(second.data.byteOffset, first.data.byteOffset, 'one block per source');
      assert.equal(second.data[123], 42);
      // A different source with the same values gets its own storage.
      const other = residentCopy(images(10, 50, 2));
      assert.notEqual(other.data.byteOffset, first.data.byteOffset);
    });
  });

  test('backends without storage of their own use the source itself; the WebAssembly kernels copy float64 too', () => {
    const x64 = new NDArray(new Float64Array([1, 2, 3, 4]), [2, 2], 'float64');
    const x32 = images(4, 3, 3);
    withKernels(jsKernels, () => {
      assert.equal(residentCopy(x64), x64);
      assert.equal(residentCopy(x32), x32);
    });
    if (wasm !== null) {
      withKernels(wasm, () => {
        const copy = residentCopy(x64);
        assert.notEqual(copy, x64, 'float64 data moves into the kernels memory');
        assert.deepEqual([...copy.data], [1, 2, 3, 4]);
        assert.equal(copy.dtype, 'float64');
      });
    }
  });
});

describe('RowGatherer', () => {
  const backends = [
    ['TypeScript kernels', jsKernels] as const,
    ...(wasm !== null ? [['WebAssembly kernels', wasm] as const] : []),
  ];
  for (const [label, backend] of backends) {
    test(`${label}: gathers the rows asked for, in order, and a smaller last batch`, () => {
      withKernels(backend, () => {
        const x = residentCopy(images(40, 784, 4));
        const labels = new NDArray(
          Int32Array.from({ length: 40 }, (_, i) => i % 10),
          [40],
          'int32',
        );
        const xRows = new RowGatherer(x, 5);
        const tRows = new RowGatherer(labels, 5);
        const indices = new Int32Array([39, 0, 7, 7, 21]);
        const batch = xRows.gather(indices, 5);
        assert.deepEqual(batch.shape, [5, 784]);
        for (let j = 0; j < 5; j++) {
          const row = indices[j]! * 784;
          assert.deepEqual(batch.data.subarray(j * 784, (j + 1) * 784), x.data.subarray(row, row + 784), `row ${j}`);
        }
        assert.deepEqual([...tRows.gather(indices, 5).data], [9, 0, 7, 7, 1]);
        const last = xRows.gather(new Int32Array([3, 2]), 2);
        assert.deepEqual(last.shape, [2, 784]);
        assert.deepEqual(last.data.subarray(0, 784), x.data.subarray(3 * 784, 4 * 784));
      });
    });

    test(`${label}: a row number outside the source is an error that names it`, () => {
      withKernels(backend, () => {
        const xRows = new RowGatherer(residentCopy(images(40, 784, 5)), 3);
        for (const bad of [40, -1]) {
          assert.throws(
            () => xRows.gather(new Int32Array([0, bad, 1]), 3),
            (error: unknown) =>
              error instanceof ScratchnetError &&
              error.code === 'BAD_ARGUMENT' &&
              error.message.includes(`row ${bad} (index 1) is outside the 40 rows`),
          );
        }
      });
    });
  }
});

describe('images normalized straight into the kernels memory', () => {
  test('normalizeImages writes into resident storage, which residentCopy then uses as it is', {
    skip: !resident,
  }, () => {
    withKernels(wasm!, () => {
      const pixels = new Uint8Array(6 * 784);
      for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31) % 256;
      for (const dtype of ['float32', 'float64'] as const) {
        const x = normalizeImages(new NDArray(pixels, [6, 784], 'uint8'), dtype);
        assert.ok(x.data.buffer instanceof SharedArrayBuffer, `${dtype}: born in the shared kernel memory`);
        assert.ok(isResidentStorage(x.data));
        assert.equal(x.data[1], dtype === 'float32' ? Math.fround(31 / 255) : 31 / 255);
        assert.equal(residentCopy(x), x, `${dtype}: no second copy for training`);
        // A view over the same storage (flattened, as loadMnist hands it out) is used in place too.
        const flat = new NDArray(x.data, [6, 1, 28, 28], dtype);
        assert.equal(residentCopy(flat), flat);
      }
    });
  });

  test('without storage of its own the backend gets ordinary arrays, copied for training as before', () => {
    withKernels(jsKernels, () => {
      const x = normalizeImages(new NDArray(new Uint8Array([0, 51, 255]), [1, 3], 'uint8'), 'float32');
      assert.ok(!(x.data.buffer instanceof SharedArrayBuffer));
      assert.ok(!isResidentStorage(x.data));
      assert.deepEqual([...x.data], [0, Math.fround(0.2), 1]);
    });
  });
});
