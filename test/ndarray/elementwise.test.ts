// Elementwise ops, broadcasting and the in-place operators (expected values printed by numpy 2.4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add,
  sub,
  mul,
  div,
  pow,
  mod,
  maximum,
  minimum,
  gt,
  ge,
  lt,
  le,
  eq,
  ne,
  neg,
  abs,
  square,
  sign,
  exp,
  log,
  sqrt,
  tanh,
  reciprocal,
  floor,
  ceil,
  round,
  isnan,
  isfinite,
  clip,
  where,
  array,
  arange,
  zeros,
  broadcastShapes,
  formatShape,
  type NDArray,
  type ArrayLike,
} from '../../src/index.js';
import { assertArray, assertClose, assertThrowsCode } from './helpers.js';

test('arithmetic broadcasts a row and a column like numpy', () => {
  const a = arange(6).reshape(2, 3).astype('float64');
  assertArray(
    add(a, [10, 20, 30]),
    [
      [10, 21, 32],
      [13, 24, 35],
    ],
    'float64',
  );
  assertArray(mul(a, [[2], [3]]), [
    [0, 2, 4],
    [9, 12, 15],
  ]);
  assertArray(sub([[1], [2]], [10, 20]), [
    [-9, -19],
    [-8, -18],
  ]);
  assertArray(div(a, 2), [
    [0, 0.5, 1],
    [1.5, 2, 2.5],
  ]);
  assertArray(add(zeros([2, 0]), [[1], [2]]), [[], []]);
  assert.deepEqual(add(zeros([3, 1, 2]), zeros([4, 1])).shape, [3, 4, 2]);
});

test('division by zero gives inf, -inf and nan like numpy', () => {
  assertArray(div([1, -1, 0], [0, 0, 0]), [Infinity, -Infinity, NaN]);
});

test('pow and mod: mod takes the sign of the divisor', () => {
  assertArray(pow([2, 3, 4], [0.5, 2, -1]), [Math.SQRT2, 9, 0.25]);
  assertArray(pow(-8, 1 / 3), NaN);
  // np.mod([-3, 3, -3, 3, -5.5, 5.5], [2, 2, -2, -2, 2, -2])
  assertArray(mod([-3, 3, -3, 3, -5.5, 5.5], [2, 2, -2, -2, 2, -2]), [1, 1, -1, -1, 0.5, -0.5]);
  assertArray(mod(arange(5), 3), [0, 1, 2, 0, 1], 'int32');
});

test('maximum and minimum propagate NaN like numpy', () => {
  assertArray(maximum([1, NaN, 3], [2, 2, NaN]), [2, NaN, NaN]);
  assertArray(minimum([1, NaN, 3], [2, 2, NaN]), [1, NaN, NaN]);
  assertArray(maximum(arange(4).reshape(2, 2), 1.5), [
    [1.5, 1.5],
    [2, 3],
  ]);
});

test('comparisons give bool masks; NaN compares unequal to everything', () => {
  assertArray(gt([1, 2, 3], 2), [0, 0, 1], 'bool');
  assertArray(ge([1, 2, 3], 2), [0, 1, 1], 'bool');
  assertArray(
    lt([1, 2, 3], [[2], [4]]),
    [
      [1, 0, 0],
      [1, 1, 1],
    ],
    'bool',
  );
  assertArray(le([1, 2, 3], 2), [1, 1, 0], 'bool');
  assertArray(eq([NaN, 1], [NaN, 1]), [0, 1], 'bool');
  assertArray(ne([NaN, 1], [NaN, 1]), [1, 0], 'bool');
  assertArray(gt([NaN], 0), [0], 'bool');
});

test('unary math against numpy', () => {
  assertArray(neg([1, -2]), [-1, 2]);
  assertArray(abs([-1.5, 2]), [1.5, 2]);
  assertArray(square([-3, 0.5]), [9, 0.25]);
  assertArray(sign([-2.5, 0, 3, NaN]), [-1, 0, 1, NaN]);
  assertArray(exp([0, 1, -1]), [1, Math.E, 0.36787944117144233]);
  assertArray(log([1, Math.E, 0.5, 0, -1]), [0, 1, -Math.LN2, -Infinity, NaN]);
  assertArray(sqrt([2, 9, -1]), [Math.SQRT2, 3, NaN]);
  assertArray(tanh([0.5, -2]), [0.46211715726000974, -0.9640275800758169]);
  assertArray(reciprocal([4, 0, -0]), [0.25, Infinity, -Infinity]);
  assertArray(floor([-1.5, 1.5]), [-2, 1]);
  assertArray(ceil([-1.5, 1.5]), [-1, 2]);
  assertArray(isnan([1, NaN, Infinity]), [0, 1, 0], 'bool');
  assertArray(isfinite([1, Infinity, -Infinity, NaN]), [1, 0, 0, 0], 'bool');
});

test('round rounds half to even like numpy', () => {
  // np.round([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 3.5])
  assertArray(round([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 3.5]), [0, 2, 2, -0, -2, -2, 0, 4]);
});

test('unary ops keep the shape, including 0-d and empty arrays', () => {
  assertArray(exp(array(0)), 1);
  assert.deepEqual(sqrt(zeros([2, 0, 3])).shape, [2, 0, 3]);
});

test('clip limits to [min, max] and keeps NaN', () => {
  assertArray(clip([-2, 0.5, 3, NaN], -1, 1), [-1, 0.5, 1, NaN]);
  assertArray(clip(arange(5), 1, 3), [1, 1, 2, 3, 3], 'int32');
  assertThrowsCode(() => clip([1], 2, 1), 'BAD_ARGUMENT', 'min 2', 'max 1');
});

test('where broadcasts mask and choices; a float mask counts NaN as true, like bool(nan)', () => {
  // np.where([[True], [False]], [1, 2, 3], -1)
  assertArray(where(array([[true], [false]]), [1, 2, 3], -1), [
    [1, 2, 3],
    [-1, -1, -1],
  ]);
  assertArray(where(array([NaN, 0, 2]), 1, 0), [1, 0, 1]);
  assertThrowsCode(() => where(array([true, false]), [1, 2, 3], 0), 'SHAPE_MISMATCH', '(2,)', '(3,)');
});

test('each NDArray method is the function of the same name', () => {
  const x = array([
    [0.5, -1, 2],
    [3, NaN, 0],
  ]);
  const y = array([1, 2, 0.5]);
  const binary: [string, (a: NDArray, b: ArrayLike) => NDArray, (b: ArrayLike) => NDArray][] = [
    ['add', add, (b) => x.add(b)],
    ['sub', sub, (b) => x.sub(b)],
    ['mul', mul, (b) => x.mul(b)],
    ['div', div, (b) => x.div(b)],
    ['pow', pow, (b) => x.pow(b)],
    ['mod', mod, (b) => x.mod(b)],
    ['maximum', maximum, (b) => x.maximum(b)],
    ['minimum', minimum, (b) => x.minimum(b)],
    ['gt', gt, (b) => x.gt(b)],
    ['ge', ge, (b) => x.ge(b)],
    ['lt', lt, (b) => x.lt(b)],
    ['le', le, (b) => x.le(b)],
    ['eq', eq, (b) => x.eq(b)],
    ['ne', ne, (b) => x.ne(b)],
  ];
  for (const [name, fn, method] of binary) {
    const expected = fn(x, y);
    const got = method(y);
    assert.equal(got.dtype, expected.dtype, name);
    assertArray(got, expected.toArray());
  }
  const unary: [string, (a: NDArray) => NDArray, () => NDArray][] = [
    ['neg', neg, () => x.neg()],
    ['exp', exp, () => x.exp()],
    ['log', log, () => x.log()],
    ['sqrt', sqrt, () => x.sqrt()],
    ['abs', abs, () => x.abs()],
    ['square', square, () => x.square()],
    ['tanh', tanh, () => x.tanh()],
    ['clip', (a) => clip(a, 0, 1), () => x.clip(0, 1)],
  ];
  for (const [name, fn, method] of unary) {
    const got = method();
    assert.equal(got.dtype, fn(x).dtype, name);
    assertArray(got, fn(x).toArray());
  }
});

test('broadcastShapes and formatShape follow numpy', () => {
  assert.deepEqual(broadcastShapes([2, 1, 3], [4, 1], []), [2, 4, 3]);
  assert.deepEqual(broadcastShapes([0], [1]), [0]);
  assert.deepEqual(broadcastShapes(), []);
  assert.equal(formatShape([2, 3]), '(2, 3)');
  assert.equal(formatShape([4]), '(4,)');
  assert.equal(formatShape([]), '()');
});

test("shapes that do not broadcast are named in numpy's words", () => {
  const message = 'operands could not be broadcast together with shapes (2, 3) (4,)';
  assertThrowsCode(() => add(zeros([2, 3]), zeros([4])), 'SHAPE_MISMATCH', message);
  assertThrowsCode(() => zeros([2, 3]).mul([1, 2, 3, 4]), 'SHAPE_MISMATCH', '(2, 3)', '(4,)');
  assertThrowsCode(() => gt(zeros([3]), zeros([0])), 'SHAPE_MISMATCH', '(3,)', '(0,)');
  assertThrowsCode(() => broadcastShapes([2], [3], [1]), 'SHAPE_MISMATCH', '(2,) (3,) (1,)');
});

test('iadd/isub/imul/idiv update in place, broadcasting the operand, and return the array', () => {
  const x = arange(6).reshape(2, 3).astype('float64');
  const storage = x.data;
  assert.equal(x.iadd([10, 20, 30]), x);
  assertArray(x, [
    [10, 21, 32],
    [13, 24, 35],
  ]);
  x.isub([[10], [13]]);
  assertArray(x, [
    [0, 11, 22],
    [0, 11, 22],
  ]);
  x.imul(2).idiv([1, 2, 4]);
  assertArray(x, [
    [0, 11, 11],
    [0, 11, 11],
  ]);
  assert.equal(x.data, storage, 'no new storage');
});

test('in-place ops write through views (reshape shares storage)', () => {
  const x = zeros([2, 3]);
  x.reshape(6).iadd(arange(6));
  assertArray(x, [
    [0, 1, 2],
    [3, 4, 5],
  ]);
  x.slice(1).imul(-1);
  assertArray(x, [
    [0, 1, 2],
    [-3, -4, -5],
  ]);
});

test('in-place ops reject an operand that would change the shape', () => {
  assertThrowsCode(() => zeros([3]).iadd(zeros([2, 3])), 'SHAPE_MISMATCH', '(3,)', '(2, 3)');
  assertThrowsCode(() => zeros([2, 1]).imul(zeros([3])), 'SHAPE_MISMATCH', '(2, 1)', '(2, 3)');
  assertThrowsCode(() => zeros([2]).isub(zeros([3])), 'SHAPE_MISMATCH', '(2,) (3,)');
});

test("assign copies a broadcast operand into the array (numpy's a[...] = b); fill sets a value", () => {
  const x = zeros([2, 3]);
  assert.equal(x.assign([1, 2, 3]), x);
  assertArray(x, [
    [1, 2, 3],
    [1, 2, 3],
  ]);
  x.assign([[7], [8]]);
  assertArray(x, [
    [7, 7, 7],
    [8, 8, 8],
  ]);
  x.assign(arange(6).reshape(2, 3));
  assertArray(x, [
    [0, 1, 2],
    [3, 4, 5],
  ]);
  x.assign(0.5);
  assertArray(x, [
    [0.5, 0.5, 0.5],
    [0.5, 0.5, 0.5],
  ]);
  assert.equal(x.fill(2), x);
  assertArray(x, [
    [2, 2, 2],
    [2, 2, 2],
  ]);
  const i = zeros([2], { dtype: 'int32' }).assign([1.9, -1.9]);
  assertArray(i, [1, -1], 'int32');
});

test('assign rejects a shape that does not broadcast into the target', () => {
  assertThrowsCode(
    () => zeros([2, 3]).assign([1, 2]),
    'SHAPE_MISMATCH',
    'could not broadcast input array from shape (2,) into shape (2, 3)',
  );
  assertThrowsCode(() => zeros([3]).assign(zeros([2, 3])), 'SHAPE_MISMATCH', '(2, 3)', '(3,)');
});

test('float32 arithmetic is rounded to float32 once per op', () => {
  const a = array([0.1, 0.2], { dtype: 'float32' });
  const b = array([0.7, 1e-8], { dtype: 'float32' });
  const s = add(a, b);
  assert.equal(s.dtype, 'float32');
  assertClose(
    s,
    [Math.fround(Math.fround(0.1) + Math.fround(0.7)), Math.fround(Math.fround(0.2) + Math.fround(1e-8))],
    0,
    0,
  );
});

test('an in-place operand that is a view of the target is read before it is overwritten, as in numpy', () => {
  // x = np.array([[1., 2], [3, 4]]); x += x[0:1]  -> [[2, 4], [4, 6]]
  const x = array([
    [1, 2],
    [3, 4],
  ]);
  x.iadd(x.slice(0, 1));
  assertArray(x, [
    [2, 4],
    [4, 6],
  ]);
  // x -= x.reshape(4)[0:2]  -> [[0, 0], [2, 2]]
  const y = array([
    [1, 2],
    [3, 4],
  ]);
  y.isub(y.ravel().slice(0, 2));
  assertArray(y, [
    [0, 0],
    [2, 2],
  ]);
  const z = array([1, 2, 3]);
  z.imul(z);
  assertArray(z, [1, 4, 9]);
  // x[1:] = x[0:2]  -> [[0, 1], [0, 1], [2, 3]]
  const w = arange(6).reshape(3, 2);
  w.slice(1).assign(w.slice(0, 2));
  assertArray(w, [
    [0, 1],
    [0, 1],
    [2, 3],
  ]);
});

test('writing numbers into a bool array stores true/false, not the number', () => {
  const m = zeros([3], { dtype: 'bool' });
  m.assign([2, 0, NaN]);
  assertArray(m, [1, 0, 1], 'bool');
  assertArray(eq(m, array([true, false, true])), [1, 1, 1], 'bool');
  m.fill(5);
  assertArray(m, [1, 1, 1], 'bool');
});
