// float16 arrays: values stored in a Float32Array, every float16 result rounded to the nearest
// float16 as numpy rounds it. The numpy side comes from test/fixtures/float16/make_fixtures.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  add,
  arange,
  array,
  div,
  dot,
  exp,
  full,
  linspace,
  matmul,
  matmulT,
  mean,
  mul,
  NDArray,
  ones,
  sqrt,
  std,
  sub,
  sum,
  tanh,
  variance,
  where,
  zeros,
  type DType,
} from '../../src/index.js';
import { f16round, halfBitsToNumber, numberToHalfBits, roundToHalf } from '../../src/ndarray/half.js';
import { assertArray, assertThrowsCode } from './helpers.js';

type Json = number | string;
interface Expected {
  rounding: [Json, number][];
  arithmetic: Record<string, Json | Json[]>;
  promotion: { names: DType[]; add: DType[][]; div: DType[][] };
  reprs: { values: Json[] | Json[][]; repr: string }[];
}

const EXPECTED = JSON.parse(
  readFileSync(new URL('../fixtures/float16/expected.json', import.meta.url), 'utf8'),
) as Expected;

function num(v: Json): number {
  if (typeof v === 'number') return v;
  return { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 }[v] ?? Number.NaN;
}

function nums(key: string): number[] {
  return (EXPECTED.arithmetic[key] as Json[]).map(num);
}

function half(key: string, shape: number[]): NDArray {
  return array(nums(key), { dtype: 'float16' }).reshape(shape);
}

/** The distance between two float16 values in steps of float16 (units in the last place). */
function ulps(a: number, b: number): number {
  return Math.abs(numberToHalfBits(a) - numberToHalfBits(b));
}

function assertHalves(actual: NDArray, expected: number[], maxUlps: number, label: string): void {
  assert.equal(actual.dtype, 'float16', `${label}: dtype`);
  assert.equal(actual.size, expected.length, `${label}: size`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual.data[i]!;
    assert.equal(f16round(a), a, `${label} element ${i} is not a float16 value: ${a}`);
    worst = Math.max(worst, ulps(a, expected[i]!));
  }
  assert.ok(worst <= maxUlps, `${label}: ${worst} float16 steps from numpy (allowed ${maxUlps})`);
}

test('f16round and the bit codecs agree on all 65536 float16 bit patterns', () => {
  for (let h = 0; h < 0x10000; h++) {
    const v = halfBitsToNumber(h);
    const exponent = (h >> 10) & 0x1f;
    if (exponent === 31 && (h & 0x3ff) !== 0) {
      assert.ok(Number.isNaN(v) && Number.isNaN(f16round(v)), `pattern ${h} is NaN`);
      continue;
    }
    assert.ok(Object.is(f16round(v), v), `pattern ${h.toString(16)}: ${v} rounds to itself`);
    assert.equal(numberToHalfBits(v), h, `pattern ${h.toString(16)} encodes back`);
    assert.equal(Math.fround(v), v, `pattern ${h.toString(16)} fits a float32`);
  }
});

test('between two neighbouring float16 values, the midpoint rounds to the even one and anything else to the nearer', () => {
  for (let h = 0; h < 0x7bff; h++) {
    const low = halfBitsToNumber(h);
    const high = halfBitsToNumber(h + 1);
    const middle = (low + high) / 2;
    const even = h % 2 === 0 ? low : high;
    assert.equal(f16round(middle), even, `midpoint of ${h.toString(16)}`);
    assert.equal(f16round(-middle), -even, `negative midpoint of ${h.toString(16)}`);
    const gap = high - low;
    assert.equal(f16round(middle - gap / 1024), low, `just below the midpoint of ${h.toString(16)}`);
    assert.equal(f16round(middle + gap / 1024), high, `just above the midpoint of ${h.toString(16)}`);
  }
  // Past 65504 the next value would be 65536: halfway is 65520, and from there on it is Infinity.
  assert.equal(f16round(65519.99), 65504);
  assert.equal(f16round(65520), Infinity);
  assert.equal(f16round(-1e9), -Infinity);
  assert.equal(f16round(2 ** -25), 0, 'half the smallest subnormal ties to 0');
  assert.equal(f16round(2 ** -25 * 1.001), 2 ** -24);
  assert.ok(Object.is(f16round(-1e-10), -0), 'an underflow keeps its sign');
});

test('f16round matches numpy on edge cases, midpoints and random doubles of every magnitude', () => {
  assert.ok(EXPECTED.rounding.length > 2000);
  for (const [value, bits] of EXPECTED.rounding) {
    const x = num(value);
    assert.equal(numberToHalfBits(x), bits, `np.float16(${value})`);
    assert.ok(Object.is(f16round(x), halfBitsToNumber(bits)), `f16round(${value})`);
  }
});

test('roundToHalf (float32 storage, on the bits) agrees with f16round on a sweep of float32 bit patterns', () => {
  const words = new Uint32Array(1 << 16);
  for (let start = 0; start < 2 ** 32; start += 2 ** 32 / 64) {
    for (let i = 0; i < words.length; i++) words[i] = start + i * 997 * 61;
    const floats = new Float32Array(words.buffer.slice(0));
    const rounded = floats.slice();
    roundToHalf(rounded);
    for (let i = 0; i < floats.length; i++) {
      const expected = f16round(floats[i]!);
      const got = rounded[i]!;
      assert.ok(Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected)), `${floats[i]}`);
    }
  }
});

test("astype('float16') and array(..., { dtype: 'float16' }) round to float16; float16 storage is a Float32Array", () => {
  const a = array([0.1, 1 / 3, 70000, -1e-10, 2049], { dtype: 'float16' });
  assert.ok(a.data instanceof Float32Array);
  assertArray(a, [f16round(0.1), f16round(1 / 3), Infinity, -0, 2048], 'float16');
  assertArray(array([0.1, 1 / 3]).astype('float16'), [0.0999755859375, 0.333251953125], 'float16');
  // From float32 storage the float32 value is rounded, as numpy's float32 -> float16 cast does.
  assertArray(array([0.1], { dtype: 'float32' }).astype('float16'), [0.0999755859375], 'float16');
  assertArray(array([1, 2], { dtype: 'float16' }).astype('float64'), [1, 2], 'float64');
  assertArray(full([2], 0.1, { dtype: 'float16' }), [0.0999755859375, 0.0999755859375], 'float16');
  assertArray(zeros([2], { dtype: 'float16' }).fill(0.1), [0.0999755859375, 0.0999755859375], 'float16');
  assertArray(zeros([2], { dtype: 'float16' }).set([1], 1 / 3), [0, 0.333251953125], 'float16');
  assertArray(arange(0, 0.3, 0.1, { dtype: 'float16' }), [0, 0.0999755859375, 0.199951171875], 'float16');
  assertArray(linspace(0, 1, 4, { dtype: 'float16' }), [0, 0.333251953125, 0.66650390625, 1], 'float16');
  assertArray(new NDArray(new Float32Array([1.5]), [1], 'float16'), [1.5], 'float16');
});

test('elementwise arithmetic of float16 arrays gives float16, as numpy computes it', () => {
  const a = half('a', [4, 5]);
  const b = half('b', [4, 5]);
  assertHalves(add(a, b), nums('add'), 0, 'a + b');
  assertHalves(sub(a, b), nums('sub'), 0, 'a - b');
  assertHalves(mul(a, b), nums('mul'), 0, 'a * b');
  assertHalves(div(a, b), nums('div'), 0, 'a / b');
  assertHalves(add(a, 1.7), nums('addScalar'), 0, 'a + 1.7 (a weak scalar stays float16)');
  assertHalves(sqrt(b), nums('sqrt'), 0, 'sqrt(b)');
  assertHalves(exp(a), nums('exp'), 1, 'exp(a)');
  assertHalves(tanh(a), nums('tanh'), 1, 'tanh(a)');
  assertHalves(
    where(a.gt(0), a, 0.1),
    nums('a').map((v) => (v > 0 ? v : f16round(0.1))),
    0,
    'where',
  );
});

test('float16 products accumulate in float32 and round once per element (numpy half dot)', () => {
  const a = half('a', [4, 5]);
  const c = half('c', [5, 3]);
  const x = half('x', [6, 300]);
  const w = half('w', [300, 7]);
  assertHalves(dot(a, c) as NDArray, nums('dotAC'), 0, 'dot(a, c)');
  assertHalves(matmul(x, w), nums('matmulXW'), 1, 'x @ w');
  assertHalves(matmulT(x, w), nums('matmulXW'), 1, 'matmulT(x, w)');
  // A float32 out takes the float32 product unrounded; a float16 out rounds it.
  const into = zeros([6, 7], { dtype: 'float16' });
  assertHalves(matmulT(x.astype('float32'), w.astype('float32'), false, false, into), nums('matmulXW'), 1, 'out');
});

test('in-place operators and out arguments round into float16 arrays', () => {
  const a = array([1, 2], { dtype: 'float16' });
  a.idiv(3);
  assertArray(a, [0.333251953125, 0.66650390625], 'float16');
  a.assign(array([0.1, 0.2]));
  assertArray(a, [0.0999755859375, 0.199951171875], 'float16');
  const out = zeros([2], { dtype: 'float16' });
  div(array([1, 2]), 3, out);
  assertArray(out, [0.333251953125, 0.66650390625], 'float16');
  assertThrowsCode(() => array([1], { dtype: 'int32' }).iadd(array([0.5], { dtype: 'float16' })), 'BAD_DTYPE');
});

test('float16 sums and means are float16: whole-array and last-axis sums as numpy gives them', () => {
  const big = half('big', [19, 131]);
  assert.equal(sum(half('a', [4, 5])), num(EXPECTED.arithmetic.sumA as Json));
  assert.equal(sum(big), num(EXPECTED.arithmetic.sumBig as Json));
  assertHalves(sum(big, 1), nums('sumBigAxis1'), 0, 'sum(big, 1)');
  assert.equal(mean(big), num(EXPECTED.arithmetic.meanBig as Json));
  assertHalves(mean(big, 1), nums('meanBigAxis1'), 1, 'mean(big, 1)');
  assert.equal(big.max(), Math.max(...nums('big')));
  assert.equal(big.max(0).dtype, 'float16');
  // numpy rounds var and std after each step; rounded once, these may differ by a float16 step.
  assert.ok(ulps(variance(big), num(EXPECTED.arithmetic.varBig as Json)) <= 1);
  assert.ok(ulps(std(big), num(EXPECTED.arithmetic.stdBig as Json)) <= 1);
});

test('sums over a leading axis are rounded once: at most what numpy loses by rounding every row', () => {
  const big = half('big', [19, 131]);
  const exact = sum(big.astype('float64'), 0);
  const ours = sum(big, 0);
  const numpys = nums('sumBigAxis0');
  assert.equal(ours.dtype, 'float16');
  for (let j = 0; j < 131; j++) {
    assert.equal(ours.data[j], f16round(exact.data[j]!), `column ${j} is the exact sum, rounded`);
    assert.ok(Math.abs(ours.data[j]! - numpys[j]!) <= 19 * 2 ** -5, `column ${j} is near numpy's`);
  }
});

test('float16 promotes as numpy 2 does (bool and uint8 keep float16, int32 needs float64)', () => {
  const { names, add: sums, div: quotients } = EXPECTED.promotion;
  names.forEach((p, i) =>
    names.forEach((q, j) => {
      const a = ones([1], { dtype: p });
      const b = ones([1], { dtype: q });
      if (p === 'bool' && q === 'bool') return; // bool + bool counts in int32 here, a logical or in numpy
      if (p !== 'float16' && q !== 'float16') return; // the other pairs have their own tests
      assert.equal(add(a, b).dtype, sums[i]![j], `${p} + ${q}`);
      assert.equal(div(a, b).dtype, quotients[i]![j], `${p} / ${q}`);
    }),
  );
  for (const dtype of ['float16'] as const) {
    assert.equal(add(ones([1], { dtype }), 2).dtype, 'float16', 'a plain number is weak');
    assert.equal(exp(ones([1], { dtype })).dtype, 'float16');
  }
});

test('float16 arrays print as numpy prints them: shortest float16 digits, dtype=float16', () => {
  for (const { values, repr } of EXPECTED.reprs) {
    const parsed = values.map((v) => (Array.isArray(v) ? v.map(num) : num(v)));
    assert.equal(array(parsed, { dtype: 'float16' }).toString(), repr, JSON.stringify(values));
  }
});
