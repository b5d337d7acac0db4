// The seeded generator: xoshiro128** checked against an independent Python implementation of the
// published algorithm, then sampling, choice, permutation, shuffle and saving/restoring the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, random, arange, array, zeros, type NDArray } from '../../src/index.js';
import { assertArray, assertThrowsCode } from './helpers.js';

const draws = (r: Random, n: number): number[] => Array.from({ length: n }, () => r.nextUint32());

test('nextUint32 is xoshiro128** seeded by SplitMix32 (values from a separate Python implementation)', () => {
  assert.deepEqual(draws(new Random(42), 5), [2837322924, 544945897, 479756282, 3500138142, 339756180]);
  assert.deepEqual(draws(new Random(0), 5), [3809008728, 1133695204, 53579671, 2891528803, 139681546]);
  assert.deepEqual(draws(new Random(-1), 5), [835879718, 1921286648, 2356205009, 1885780724, 980451116]);
  // Seeds are reduced to 32 bits.
  assert.deepEqual(draws(new Random(2 ** 32 + 42), 2), [2837322924, 544945897]);
});

test('random() builds a 53-bit double in [0, 1) from two draws', () => {
  const r = new Random(42);
  assert.deepEqual([r.random(), r.random(), r.random()], [0.6606157208001621, 0.1117019639532224, 0.0791056456144914]);
});

test('the same seed gives the same numbers, another seed others; seed() restarts', () => {
  const a = new Random(7);
  const b = new Random(7);
  assertArray(a.rand([3, 2]), b.rand([3, 2]).toArray());
  assertArray(a.randn(5), b.randn(5).toArray());
  const c = new Random(8);
  assert.notDeepEqual(new Random(7).rand(5).toArray(), c.rand(5).toArray());
  const first = a.rand(4).toArray();
  a.seed(7);
  a.rand([3, 2]);
  a.randn(5);
  assert.deepEqual(a.rand(4).toArray(), first);
  // Unseeded generators differ from each other.
  assert.notDeepEqual(new Random().rand(4).toArray(), new Random().rand(4).toArray());
});

test('getState/setState resumes the sequence, including the spare normal sample', () => {
  const r = new Random(3);
  r.rand(3);
  r.normal(); // leaves the second polar-method sample waiting
  const state = r.getState();
  assert.notEqual(state.spare, null);
  const ahead = [...r.randn(5).data, ...r.rand(3).data, r.int(10)];
  r.setState(state);
  assert.deepEqual([...r.randn(5).data, ...r.rand(3).data, r.int(10)], ahead);
  const other = new Random(999);
  other.setState(state);
  assert.deepEqual([...other.randn(5).data, ...other.rand(3).data, other.int(10)], ahead);
  // The saved state is a snapshot, unaffected by later draws.
  assert.deepEqual(r.getState().s.length, 4);
  assert.notDeepEqual(r.getState(), state);
});

test('setState and seed reject what is not an integer state', () => {
  const r = new Random(1);
  assertThrowsCode(() => r.setState({ s: [1, 2, 3, 0.5], spare: null }), 'BAD_ARGUMENT', 'four 32-bit integers');
  assertThrowsCode(() => r.seed(1.5), 'BAD_ARGUMENT', 'seed must be an integer', '1.5');
  assertThrowsCode(() => new Random(NaN), 'BAD_ARGUMENT', 'NaN');
});

test('rand, uniform: shape, dtype and range', () => {
  const r = new Random(11);
  const u = r.rand([100, 10]);
  assert.deepEqual(u.shape, [100, 10]);
  assert.equal(u.dtype, 'float64');
  assert.ok(u.data.every((v) => v >= 0 && v < 1));
  assert.ok(Math.abs(u.mean() - 0.5) < 0.02, `mean ${u.mean()}`);
  assert.equal(r.rand(3, { dtype: 'float32' }).dtype, 'float32');
  const w = r.uniform(-2, 3, [1000]);
  assert.ok(w.data.every((v) => v >= -2 && v < 3));
  assert.ok(w.min() < -1.9 && w.max() > 2.9);
  assert.equal(r.uniform(0, 1, [2], { dtype: 'float32' }).dtype, 'float32');
  assert.deepEqual(r.rand([0, 3]).shape, [0, 3]);
  assertThrowsCode(() => r.rand([-1]), 'BAD_ARGUMENT', '(-1,)');
});

test('randn: standard normal (mean 0, std 1) over 20000 samples', () => {
  const x = new Random(5).randn(20000);
  assert.ok(Math.abs(x.mean()) < 0.03, `mean ${x.mean()}`);
  assert.ok(Math.abs(x.std() - 1) < 0.03, `std ${x.std()}`);
  const within1 = x.data.filter((v) => Math.abs(v) < 1).length / x.size;
  assert.ok(Math.abs(within1 - 0.6827) < 0.02, `P(|x| < 1) = ${within1}`);
  assert.equal(new Random(5).randn([2, 2], { dtype: 'float32' }).dtype, 'float32');
});

test('int and randint: every value in range appears, nothing outside', () => {
  const r = new Random(9);
  const counts = new Array<number>(7).fill(0);
  for (let i = 0; i < 7000; i++) counts[r.int(7)]!++;
  assert.ok(
    counts.every((c) => c > 850 && c < 1150),
    `counts ${counts.join(',')}`,
  );
  const x = r.randint(-3, 2, [1000]);
  assert.equal(x.dtype, 'int32');
  assert.deepEqual(
    [...new Set(x.data)].sort((a, b) => a - b),
    [-3, -2, -1, 0, 1],
  );
  assert.equal(r.int(1), 0);
  assert.ok(r.int(2 ** 32) < 2 ** 32);
});

test('int and randint reject empty or fractional ranges', () => {
  const r = new Random(1);
  assertThrowsCode(() => r.int(0), 'BAD_ARGUMENT', 'n must be an integer', '0');
  assertThrowsCode(() => r.int(2.5), 'BAD_ARGUMENT', '2.5');
  assertThrowsCode(() => r.int(2 ** 32 + 1), 'BAD_ARGUMENT', '4294967297');
  assertThrowsCode(() => r.randint(3, 3, 2), 'BAD_ARGUMENT', 'low=3', 'high=3');
  assertThrowsCode(() => r.randint(0, 1.5, 2), 'BAD_ARGUMENT', 'high=1.5');
});

test("choice with replacement (the book's mini-batches) draws k indices from [0, n)", () => {
  const r = new Random(2);
  const c = r.choice(10, 1000);
  assert.equal(c.dtype, 'int32');
  assert.deepEqual(c.shape, [1000]);
  assert.ok(c.data.every((v) => v >= 0 && v < 10));
  assert.ok(new Set(c.data).size === 10);
  assert.ok(new Set(r.choice(5, 20, { replace: true }).data).size < 20, 'repeats happen with replacement');
  assert.deepEqual(r.choice(0, 0).shape, [0]);
});

test('choice without replacement never repeats', () => {
  const r = new Random(4);
  for (const [n, k] of [
    [10, 10],
    [100, 30],
    [5, 1],
    [60000, 100],
    [3, 0],
  ] as const) {
    const c = r.choice(n, k, { replace: false });
    assert.equal(c.size, k);
    assert.equal(new Set(c.data).size, k, `no repeats for n=${n}, k=${k}`);
    assert.ok(c.data.every((v) => v >= 0 && v < n));
  }
});

test('choice rejects impossible samples', () => {
  const r = new Random(1);
  assertThrowsCode(() => r.choice(3, 5, { replace: false }), 'BAD_ARGUMENT', 'larger sample (5)', 'population (3)');
  assertThrowsCode(() => r.choice(0, 1), 'BAD_ARGUMENT', 'empty population');
  assertThrowsCode(() => r.choice(-1, 0), 'BAD_ARGUMENT', 'n must be a non-negative integer', '-1');
  assertThrowsCode(() => r.choice(5, -2), 'BAD_ARGUMENT', 'k must be a non-negative integer', '-2');
  assertThrowsCode(() => r.choice(5, 1.5), 'BAD_ARGUMENT', '1.5');
});

test('permutation is a permutation of 0..n-1 and not the identity', () => {
  const p = new Random(6).permutation(50);
  assert.equal(p.dtype, 'int32');
  assert.deepEqual(
    [...p.data].sort((a, b) => a - b),
    [...arange(50).data],
  );
  assert.notDeepEqual([...p.data], [...arange(50).data]);
  assert.deepEqual(new Random(6).permutation(0).shape, [0]);
  assertArray(new Random(6).permutation(1), [0]);
});

test('shuffle reorders the rows of a matrix in place and keeps every row intact', () => {
  const x = arange(40).reshape(20, 2);
  const storage = x.data;
  new Random(8).shuffle(x);
  assert.equal(x.data, storage, 'in place');
  const rows = x.toArray() as number[][];
  for (const row of rows) assert.equal(row[1]! - row[0]!, 1, `row ${String(row)} intact`);
  assert.deepEqual(
    rows.map((row) => row[0]! / 2).sort((a, b) => a - b),
    [...arange(20).data],
  );
  assert.notDeepEqual(
    rows.map((row) => row[0]),
    [...arange(0, 40, 2).data],
  );
});

test('shuffle with one seed keeps images and labels in step', () => {
  const images = arange(30).reshape(10, 3);
  const labels = arange(10);
  new Random(12).shuffle(images);
  new Random(12).shuffle(labels);
  for (let i = 0; i < 10; i++) assert.equal(images.get(i, 0), labels.get(i) * 3);
});

test('shuffle of 1-D, empty and 3-D arrays; 0-d is an error', () => {
  const v = arange(10);
  new Random(1).shuffle(v);
  assert.deepEqual(
    [...v.data].sort((a, b) => a - b),
    [...arange(10).data],
  );
  const e = zeros([0, 3]);
  new Random(1).shuffle(e);
  assert.deepEqual(e.shape, [0, 3]);
  const t = arange(24).reshape(4, 3, 2);
  new Random(2).shuffle(t);
  const blocks = (t.toArray() as number[][][]).map((b) => b.flat());
  for (const b of blocks)
    assert.deepEqual(
      b,
      b.map((_, i) => b[0]! + i),
    );
  assertThrowsCode(() => new Random(1).shuffle(array(3)), 'BAD_ARGUMENT', '0-d');
});

test('the shared `random` generator is a Random that can be seeded', () => {
  assert.ok(random instanceof Random);
  random.seed(42);
  const x: NDArray = random.rand(3);
  assertArray(x, new Random(42).rand(3).toArray());
});
