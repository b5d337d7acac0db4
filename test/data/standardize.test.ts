// Feature scaling: fitted statistics, a constant column, applying them, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStandardization, array, fitStandardization, NDArray } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

test('fitStandardization gives each column its mean and population std (ddof 0)', () => {
  const s = fitStandardization(
    array([
      [1, 100],
      [3, 300],
      [5, 500],
      [7, 700],
    ]),
  );
  assert.deepEqual(s.mean, [4, 400]);
  assert.ok(Math.abs((s.std[0] as number) - Math.sqrt(5)) < 1e-15);
  assert.ok(Math.abs((s.std[1] as number) - 100 * Math.sqrt(5)) < 1e-12);
});

test('fitStandardization gives a constant column std 1, even where sum / n does not return the value', () => {
  const s = fitStandardization(array([[0.1], [0.1], [0.1]]));
  assert.deepEqual(s.std, [1]);
  const y = applyStandardization(array([[0.1]]), s);
  assert.ok(Math.abs(y.item()) < 1e-15);
});

test('applyStandardization makes the fitted table mean 0 and std 1 per column', () => {
  const x = array([
    [1, -2000, 3],
    [2, 1000, 3.5],
    [4, 5000, -1],
    [8, 0, 0],
  ]);
  const y = applyStandardization(x, fitStandardization(x));
  const again = fitStandardization(y);
  for (const m of again.mean) assert.ok(Math.abs(m) < 1e-12);
  for (const v of again.std) assert.ok(Math.abs(v - 1) < 1e-12);
});

test('applyStandardization is (x - mean) / std, new array, float32 kept, integers become float64', () => {
  const s = { mean: [1, 2], std: [2, 4] };
  const x = array([[3, 10]], { dtype: 'float32' });
  const y = applyStandardization(x, s);
  assert.equal(y.dtype, 'float32');
  assert.deepEqual(y.toArray(), [[1, 2]]);
  assert.deepEqual(x.toArray(), [[3, 10]]);
  assert.equal(applyStandardization(array([[3, 10]], { dtype: 'int32' }), s).dtype, 'float64');
});

test('applyStandardization refuses a table whose column count differs', () => {
  throwsWith(
    () => applyStandardization(array([[1, 2, 3]]), { mean: [0, 0], std: [1, 1] }),
    'SHAPE_MISMATCH',
    /3 feature columns/,
    /has 2/,
  );
});

test('applyStandardization refuses a malformed standardization', () => {
  for (const s of [
    { mean: [0], std: [0] },
    { mean: [0], std: [-1] },
    { mean: [0, 1], std: [1] },
    { mean: [Number.NaN], std: [1] },
    { mean: 'x', std: [1] },
  ]) {
    throwsWith(() => applyStandardization(array([[1]]), s as never), 'BAD_ARGUMENT', /applyStandardization/);
  }
});

test('fitStandardization and applyStandardization refuse arrays that are not tables', () => {
  throwsWith(() => fitStandardization(array([1, 2])), 'SHAPE_MISMATCH', /fitStandardization/, /\(rows, features\)/);
  throwsWith(() => applyStandardization(array([1, 2]), { mean: [0], std: [1] }), 'SHAPE_MISMATCH', /shape \(2,\)/);
  throwsWith(() => fitStandardization(new NDArray(new Float64Array(0), [0, 2])), 'BAD_ARGUMENT', /no rows/);
});
