// allClose and arrayEqual against numpy's allclose and array_equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allClose, arrayEqual, array, arange, zeros } from '../../src/index.js';
import { assertThrowsCode } from './helpers.js';

test("allClose uses |a - b| <= atol + rtol·|b| with numpy's defaults (rtol 1e-5, atol 1e-8)", () => {
  assert.equal(allClose(1.0, 1.00001), true); // np.isclose(1.0, 1.00001) -> True
  assert.equal(allClose([1e10, 1e-7], [1.00001e10, 1e-8]), false); // the 1e-7 vs 1e-8 pair fails
  assert.equal(allClose([1e10, 1e-8], [1.0001e10, 1e-9]), false);
  assert.equal(allClose(1.0, 1.000011), false);
  assert.equal(allClose(100, 100.001), true);
});

test('allClose: tolerances can be set, and rtol scales with |b|', () => {
  assert.equal(allClose([1, 2], [1.1, 2.1], { atol: 0.2 }), true);
  assert.equal(allClose([1, 2], [1.1, 2.1], { atol: 0.05 }), false);
  assert.equal(allClose([1], [1.5], { rtol: 0.5, atol: 0 }), true);
  assert.equal(allClose([0], [1e-9], { atol: 0, rtol: 0 }), false);
  // Asymmetric like numpy: 0.1 ≤ 0.1·1 holds with b = 1, but not 0.1 ≤ 0.1·0.9 with b = 0.9.
  assert.equal(allClose(0.9, 1, { rtol: 0.1, atol: 0 }), true);
  assert.equal(allClose(1, 0.9, { rtol: 0.1, atol: 0 }), false);
});

test('allClose: NaN is never close unless equalNan; infinities must match exactly', () => {
  assert.equal(allClose([1, NaN], [1, NaN]), false);
  assert.equal(allClose([1, NaN], [1, NaN], { equalNan: true }), true);
  assert.equal(allClose([NaN], [1], { equalNan: true }), false);
  assert.equal(allClose([Infinity, -Infinity], [Infinity, -Infinity]), true);
  assert.equal(allClose([Infinity], [-Infinity]), false);
  assert.equal(allClose([Infinity], [1e308], { rtol: 1 }), false);
});

test('allClose broadcasts, and rejects shapes that do not broadcast', () => {
  assert.equal(allClose(zeros([2, 3]), 0), true);
  assert.equal(
    allClose(arange(3).reshape(1, 3), [
      [0, 1, 2],
      [0, 1, 2],
    ]),
    true,
  );
  assert.equal(allClose(zeros([0]), 1), true);
  assertThrowsCode(() => allClose(zeros([2]), zeros([3])), 'SHAPE_MISMATCH', '(2,)', '(3,)');
});

test('arrayEqual needs the same shape and the same values; NaN is not equal; dtype does not matter', () => {
  assert.equal(arrayEqual([[1, 2]], [[1, 2]]), true);
  assert.equal(arrayEqual([1, 2], [[1, 2]]), false);
  assert.equal(arrayEqual([1, 2], [1, 3]), false);
  assert.equal(arrayEqual([1, 2], [1, 2, 3]), false);
  assert.equal(arrayEqual(zeros([2, 0]), zeros([0, 2])), false);
  assert.equal(arrayEqual([NaN], [NaN]), false);
  assert.equal(arrayEqual(arange(3), array([0, 1, 2])), true);
});
