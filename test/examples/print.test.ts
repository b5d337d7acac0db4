// examples/print.ts against strings printed by numpy 2.4 (str(array)) and Python (repr(float)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, array } from '../../src/index.js';
import { pyFloat, str } from '../../examples/print.js';

test('pyFloat writes floats as Python repr does', () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [0.5975, '0.5975'],
    [74.1221542101633, '74.1221542101633'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [-2.5e-7, '-2.5e-07'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-3, '-3.0'],
    [-0, '-0.0'],
    [NaN, 'nan'],
    [-Infinity, '-inf'],
    [5e-324, '5e-324'],
  ];
  for (const [v, want] of cases) assert.equal(pyFloat(v), want, `pyFloat(${v})`);
  assert.equal(pyFloat(Math.fround(0.1), 'float32'), '0.1');
});

test('str gives numpy print() form for 0-d, 1-d, 2-d, 3-d, bool, int and float32 arrays', () => {
  assert.equal(str(array(1e-50, { dtype: 'float32' })), '0.0');
  assert.equal(str(array([0.31682708, 0.69627909])), '[0.31682708 0.69627909]');
  assert.equal(str(array([-6.11110793e-10, 8.14814391e-10])), '[-6.11110793e-10  8.14814391e-10]');
  assert.equal(
    str(
      array([
        [1.0, 2.0],
        [3.5, -4.0],
      ]),
    ),
    '[[ 1.   2. ]\n [ 3.5 -4. ]]',
  );
  assert.equal(
    str(
      array([
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ]),
    ),
    '[[[1. 2.]\n  [3. 4.]]\n\n [[5. 6.]\n  [7. 8.]]]',
  );
  assert.equal(str(array([true, false, true])), '[ True False  True]');
  assert.equal(str(array([1, 2, 3], { dtype: 'int32' })), '[1 2 3]');
  assert.equal(str(array([1.5, 2.0], { dtype: 'float32' })), '[1.5 2. ]');
  assert.equal(str(array([NaN, 1, -Infinity])), '[ nan   1. -inf]');
  assert.equal(str(array([])), '[]');
});

test('str wraps long rows at 75 columns like numpy', () => {
  assert.equal(
    str(arange(30).div(7).slice(0, 14)),
    '[0.         0.14285714 0.28571429 0.42857143 0.57142857 0.71428571\n 0.85714286 1.         1.14285714 1.28571429 1.42857143 1.57142857\n 1.71428571 1.85714286]',
  );
  assert.equal(
    str(arange(40).div(3).reshape(2, 20)).split('\n').slice(0, 5).join('\n'),
    '[[ 0.          0.33333333  0.66666667  1.          1.33333333  1.66666667\n   2.          2.33333333  2.66666667  3.          3.33333333  3.66666667\n   4.          4.33333333  4.66666667  5.          5.33333333  5.66666667\n   6.          6.33333333]\n [ 6.66666667  7.          7.33333333  7.66666667  8.          8.33333333',
  );
});
