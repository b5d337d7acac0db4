// numpy 2's dtype rules (tables printed by numpy 2.4), and where scratchnet departs from them on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add,
  sub,
  mul,
  div,
  pow,
  gt,
  eq,
  exp,
  sqrt,
  neg,
  abs,
  floor,
  isnan,
  where,
  sum,
  mean,
  max,
  variance,
  argmax,
  dot,
  matmul,
  concatenate,
  array,
  arange,
  zeros,
  ones,
  type NDArray,
  type DType,
} from '../../src/index.js';
import { arrayOf, assertArray, assertThrowsCode } from './helpers.js';

const DTYPES: DType[] = ['bool', 'uint8', 'int32', 'float32', 'float64', 'float16'];
const one = (dtype: DType): NDArray => ones([1], { dtype });

test('array + array promotes like numpy (int32 with float32 needs float64)', () => {
  // np.ones(1, a) + np.ones(1, b), rows and columns in DTYPES order; bool + bool is the one exception below.
  const expected: Record<DType, DType[]> = {
    bool: ['int32', 'uint8', 'int32', 'float32', 'float64', 'float16'],
    uint8: ['uint8', 'uint8', 'int32', 'float32', 'float64', 'float16'],
    int32: ['int32', 'int32', 'int32', 'float64', 'float64', 'float64'],
    float32: ['float32', 'float32', 'float64', 'float32', 'float64', 'float32'],
    float64: ['float64', 'float64', 'float64', 'float64', 'float64', 'float64'],
    float16: ['float16', 'float16', 'float64', 'float32', 'float64', 'float16'],
  };
  for (const a of DTYPES) {
    DTYPES.forEach((b, j) => {
      assert.equal(add(one(a), one(b)).dtype, expected[a][j], `${a} + ${b}`);
      assert.equal(mul(one(b), one(a)).dtype, expected[a][j], `${b} * ${a}`);
    });
  }
});

test('bool + bool counts in int32 (numpy would give a logical or)', () => {
  assertArray(add(array([true, true]), array([true, false])), [2, 1], 'int32');
});

test('true division of integers (and bools) gives float64; float32 stays float32', () => {
  const expected: Record<DType, DType[]> = {
    bool: ['float64', 'float64', 'float64', 'float32', 'float64', 'float16'],
    uint8: ['float64', 'float64', 'float64', 'float32', 'float64', 'float16'],
    int32: ['float64', 'float64', 'float64', 'float64', 'float64', 'float64'],
    float32: ['float32', 'float32', 'float64', 'float32', 'float64', 'float32'],
    float64: ['float64', 'float64', 'float64', 'float64', 'float64', 'float64'],
    float16: ['float16', 'float16', 'float64', 'float32', 'float64', 'float16'],
  };
  for (const a of DTYPES)
    DTYPES.forEach((b, j) => assert.equal(div(one(a), one(b)).dtype, expected[a][j], `${a} / ${b}`));
  assertArray(div(arange(1, 4), 2), [0.5, 1, 1.5], 'float64');
});

test('a plain number is weak (NEP 50): it takes the array dtype, a fraction lifts integers to float64', () => {
  for (const dtype of ['uint8', 'int32', 'float32', 'float64'] as const) {
    assert.equal(add(one(dtype), 1).dtype, dtype, `${dtype} + 1`);
    assert.equal(sub(1, one(dtype)).dtype, dtype, `1 - ${dtype}`);
    assert.equal(mul(one(dtype), 2).dtype, dtype, `${dtype} * 2`);
  }
  assert.equal(add(one('int32'), 1.5).dtype, 'float64');
  assert.equal(add(one('uint8'), 0.5).dtype, 'float64');
  assert.equal(add(one('float32'), 1.5).dtype, 'float32');
  // numpy gives int64 for a bool array plus an int; int32 is scratchnet's integer type.
  assert.equal(add(one('bool'), 1).dtype, 'int32');
  assertArray(add(array([0.1], { dtype: 'float32' }), 0.2), [Math.fround(Math.fround(0.1) + 0.2)], 'float32');
});

test('a plain number keeps wrapping arithmetic of the array dtype, like numpy', () => {
  assertArray(add(array([255], { dtype: 'uint8' }), 1), [0], 'uint8');
});

test('a plain integer that the integer dtype cannot hold is an error (numpy raises OverflowError)', () => {
  assertThrowsCode(() => add(array([1], { dtype: 'uint8' }), 300), 'BAD_DTYPE', '300', 'uint8');
  assertThrowsCode(() => sub(array([1], { dtype: 'uint8' }), -1), 'BAD_DTYPE', '-1', 'uint8');
  assertThrowsCode(() => mul(2 ** 40, arange(3)), 'BAD_DTYPE', '1099511627776', 'int32');
  // Comparisons are exact whatever the number: nothing to overflow.
  assertArray(gt(array([1], { dtype: 'uint8' }), 300), [0], 'bool');
});

test('a 0-d array is strong: it promotes like any array', () => {
  assert.equal(add(one('float32'), array(1.5)).dtype, 'float64');
  assert.equal(add(one('int32'), array(1, { dtype: 'int32' })).dtype, 'int32');
});

test('comparisons give bool for every dtype pair', () => {
  for (const a of DTYPES) for (const b of DTYPES) assert.equal(eq(one(a), one(b)).dtype, 'bool', `${a} == ${b}`);
  assert.equal(gt(arange(3), 1.5).dtype, 'bool');
});

test('unary ops: exp/sqrt of integers give float64, neg/abs/floor keep integers, isnan gives bool', () => {
  assert.equal(exp(arange(3)).dtype, 'float64');
  assert.equal(exp(one('float32')).dtype, 'float32');
  assert.equal(sqrt(one('bool')).dtype, 'float64');
  assertArray(neg(arange(3)), [0, -1, -2], 'int32');
  assertArray(abs(array([200], { dtype: 'uint8' })), [200], 'uint8');
  assert.equal(floor(arange(3)).dtype, 'int32');
  assert.equal(isnan(arange(3)).dtype, 'bool');
});

test('pow keeps integers for non-negative exponents and gives float64 for negative ones', () => {
  assertArray(pow(arange(1, 4), 2), [1, 4, 9], 'int32');
  // numpy raises "Integers to negative integer powers are not allowed"; scratchnet gives floats.
  assertArray(pow(arange(1, 4), -1), [1, 0.5, 1 / 3], 'float64');
});

test('reductions: sum of bool/uint8 counts in int32, mean/var of integers are float64', () => {
  assert.equal(sum(array([true, true, false])), 2);
  assert.equal(sum(array([true, false]), 0).dtype, 'int32');
  // numpy's uint8 sum uses a wider type too: 3 * 200 does not wrap to 88.
  assert.equal(sum(full3(200, 'uint8')), 600);
  assert.equal(sum(full3(200, 'uint8'), 0).dtype, 'int32');
  assert.equal(mean(arange(4), 0).dtype, 'float64');
  assert.equal(mean(arange(1, 5)), 2.5);
  assert.equal(mean(one('float32'), 0).dtype, 'float32');
  assert.equal(variance(arange(4), 0).dtype, 'float64');
  assert.equal(max(arange(4), 0).dtype, 'int32');
  assert.equal(sum(one('float32'), 0).dtype, 'float32');
  assert.equal(argmax(one('float32'), 0).dtype, 'int32');
});

function full3(value: number, dtype: DType): NDArray {
  return array([value, value, value], { dtype });
}

test('dot, matmul and concatenate promote their operands', () => {
  assert.equal(arrayOf(dot(one('int32').reshape(1, 1), one('float32'))).dtype, 'float64');
  assert.equal(arrayOf(dot(one('float32').reshape(1, 1), one('float32'))).dtype, 'float32');
  assert.equal(matmul(ones([1, 1], { dtype: 'float32' }), ones([1, 1])).dtype, 'float64');
  assert.equal(dot(array([1, 2], { dtype: 'int32' }), array([3, 4], { dtype: 'int32' })), 11);
  assertArray(concatenate([array([1], { dtype: 'int32' }), array([0.5], { dtype: 'float32' })]), [1, 0.5], 'float64');
  assert.equal(concatenate([array([true]), array([false])]).dtype, 'bool');
});

test('where takes the promoted dtype of its choices; two bool choices stay bool', () => {
  const mask = array([true, false]);
  assert.equal(where(mask, one('int32'), one('float32')).dtype, 'float64');
  assert.equal(where(mask, array([true, true]), array([false, false])).dtype, 'bool');
  assert.equal(where(mask, one('float32'), 0).dtype, 'float32');
});

test('astype converts like numpy: floats to ints truncate toward zero, anything nonzero is true', () => {
  // np.array([1.7, -1.7, 2.5, -2.5]).astype(np.int32) -> [1, -1, 2, -2]
  assertArray(array([1.7, -1.7, 2.5, -2.5]).astype('int32'), [1, -1, 2, -2], 'int32');
  assertArray(array([0, -0.5, NaN, 3]).astype('bool'), [0, 1, 1, 1], 'bool');
  assertArray(array([true, false]).astype('float32'), [1, 0], 'float32');
  assertArray(array([0.1]).astype('float32'), [Math.fround(0.1)], 'float32');
  // np.array([300.7, -1.2]).astype(np.uint8) -> [44, 255] (wraps modulo 256)
  assertArray(array([300.7, -1.2]).astype('uint8'), [44, 255], 'uint8');
  const x = arange(3);
  const y = x.astype('int32');
  y.data[0] = 9;
  assert.equal(x.data[0], 0, 'astype to the same dtype still copies');
  assertThrowsCode(() => x.astype('int64' as unknown as DType), 'BAD_DTYPE', 'int64');
});

test("in-place ops keep the target dtype when numpy's same_kind casting allows it", () => {
  const f = zeros([2], { dtype: 'float32' });
  f.iadd(array([0.1, 0.2]));
  assertArray(f, [Math.fround(0.1), Math.fround(0.2)], 'float32');
  const i = arange(3);
  i.iadd(1)
    .imul(array([2, 2, 2], { dtype: 'int32' }))
    .isub(array([1], { dtype: 'uint8' }));
  assertArray(i, [1, 3, 5], 'int32');
  const u = array([250], { dtype: 'uint8' });
  u.iadd(10);
  assertArray(u, [4], 'uint8');
});

test('in-place ops refuse to truncate a float result into an integer array (numpy: UFuncTypeError)', () => {
  assertThrowsCode(() => arange(3).iadd(0.5), 'BAD_DTYPE', 'float64', 'int32');
  assertThrowsCode(() => arange(3).iadd(array([1, 2, 3])), 'BAD_DTYPE', 'float64', 'int32');
  assertThrowsCode(() => arange(3).imul(ones([3], { dtype: 'float32' })), 'BAD_DTYPE', 'int32');
  assertThrowsCode(() => arange(3).idiv(2), 'BAD_DTYPE', 'div', 'int32');
  assertThrowsCode(
    () => array([1], { dtype: 'uint8' }).iadd(array([1], { dtype: 'int32' })),
    'BAD_DTYPE',
    'int32',
    'uint8',
  );
  assertThrowsCode(() => array([true]).iadd(array([true])), 'BAD_DTYPE', 'bool');
  // The refused target is left untouched.
  const x = arange(3);
  assertThrowsCode(() => x.iadd(0.5), 'BAD_DTYPE');
  assertArray(x, [0, 1, 2], 'int32');
});
