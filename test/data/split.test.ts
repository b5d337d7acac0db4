// Seeded train/test splits: sizes, determinism, every sample once, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, array, splitTrainTest } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const data = (n: number) => ({ x: arange(n).reshape(n, 1), t: arange(n).astype('int32') });

test('splitTrainTest holds out round(n * testFraction) samples, 0.2 and seed 0 by default', () => {
  const { train, test: held } = splitTrainTest(data(10));
  assert.equal(held.x.shape[0], 2);
  assert.equal(train.x.shape[0], 8);
  assert.deepEqual(splitTrainTest(data(10), { seed: 0 }).test.x.toArray(), held.x.toArray());
  assert.equal(splitTrainTest(data(7), { testFraction: 0.3 }).test.x.shape[0], 2);
});

test('splitTrainTest keeps x and t rows together and every sample in exactly one split', () => {
  const { train, test: held } = splitTrainTest(data(20), { testFraction: 0.25, seed: 5 });
  for (const part of [train, held]) assert.deepEqual([...part.x.data], [...part.t.data]);
  const all = [...train.t.data, ...held.t.data].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: 20 }, (_, i) => i),
  );
});

test('splitTrainTest: the seed decides the split', () => {
  const a = splitTrainTest(data(30), { seed: 1 }).test.t.data;
  const b = splitTrainTest(data(30), { seed: 2 }).test.t.data;
  assert.notDeepEqual([...a], [...b]);
});

test('splitTrainTest: a positive fraction holds out at least one sample, 0 none', () => {
  assert.equal(splitTrainTest(data(3), { testFraction: 0.01 }).test.x.shape[0], 1);
  const none = splitTrainTest(data(3), { testFraction: 0 });
  assert.deepEqual(none.test.x.shape, [0, 1]);
  assert.equal(none.train.x.shape[0], 3);
});

test('splitTrainTest refuses bad fractions and mismatched counts', () => {
  for (const f of [-0.1, 1, 1.5, Number.NaN]) {
    throwsWith(
      () => splitTrainTest(data(10), { testFraction: f }),
      'BAD_ARGUMENT',
      /testFraction must be a number in \[0, 1\)/,
    );
  }
  throwsWith(() => splitTrainTest(data(1), { testFraction: 0.5 }), 'BAD_ARGUMENT', /none to train on/);
  throwsWith(() => splitTrainTest({ x: arange(3), t: array([1, 2]) }), 'SHAPE_MISMATCH', /same number of samples/);
});
