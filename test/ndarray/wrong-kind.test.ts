// The shape and indexing functions take nested JS arrays as numpy's take lists; what they cannot use
// (null, a JS array where an array must be changed in place, a plain array as storage) is a
// ScratchnetError naming the function and the argument, never a TypeError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sn from '../../src/index.js';
import { NDArray, array, type ErrorCode } from '../../src/index.js';
import { assertArray, assertThrowsCode } from './helpers.js';

test('shape and indexing functions accept nested JS arrays, as numpy accepts lists', () => {
  assertArray(sn.reshape([1, 2, 3, 4], [2, 2]), [
    [1, 2],
    [3, 4],
  ]);
  assertArray(sn.transpose([[1, 2]]), [[1], [2]]);
  assertArray(sn.flatten([[1, 2]]), [1, 2]);
  assertArray(sn.ravel([[1, 2]]), [1, 2]);
  assertArray(sn.squeeze([[1, 2]]), [1, 2]);
  assertArray(sn.expandDims([1, 2], 0), [[1, 2]]);
  assertArray(sn.broadcastTo([1, 2], [2, 2]), [
    [1, 2],
    [1, 2],
  ]);
  assertArray(sn.copy([1, 2]), [1, 2]);
  assertArray(sn.astype([1.5, -2.5], 'int32'), [1, -2], 'int32');
  assertArray(sn.take([5, 6, 7], [2, 0]), [7, 5]);
  assertArray(sn.pick([[1, 2]], [0], [1]), [2]);
  assertArray(sn.slice([1, 2, 3], 1), [2, 3]);
  assertArray(sn.extract([1, 2, 3], array([true, false, true])), [1, 3]);
});

const CASES: readonly [string, () => unknown, ErrorCode, ...string[]][] = [
  ['putMask on a JS array', () => sn.putMask([1, 2] as never, array([true, false]), 0), 'BAD_ARGUMENT', 'putMask: x'],
  ['extract with a JS mask', () => sn.extract(array([1, 2]), [true] as never), 'BAD_ARGUMENT', 'extract: mask'],
  ['take with null indices', () => array([1, 2]).take(null as never), 'BAD_ARGUMENT', 'take: indices'],
  ['reshape to null', () => sn.reshape(array([1, 2]), null as never), 'BAD_ARGUMENT', 'reshape: shape'],
  ['broadcastTo null', () => sn.broadcastTo(array([1, 2]), null as never), 'BAD_ARGUMENT', 'broadcastTo: shape'],
  ['concatenate null', () => sn.concatenate(null as never), 'BAD_ARGUMENT', 'concatenate: arrays'],
  ['stack a number', () => sn.stack(3 as never), 'BAD_ARGUMENT', 'stack: arrays'],
  ['matmulT of JS arrays', () => sn.matmulT([[1]] as never, [[1]] as never), 'BAD_ARGUMENT', 'matmulT', 'JS array'],
  ['set with a null index', () => array([1, 2]).set(null as never, 3), 'BAD_ARGUMENT', 'set: index'],
  [
    'gradientDescent with null options',
    () => sn.gradientDescent((x) => x.sum(), [1], null as never),
    'BAD_ARGUMENT',
    'gradientDescent: options',
  ],
  [
    'gradientDescent with a misspelt option',
    () => sn.gradientDescent((x) => x.sum(), [1], { stepnum: 3 } as never),
    'BAD_ARGUMENT',
    'unknown option "stepnum"',
  ],
  ['NDArray over a JS array', () => new NDArray([1, 2] as never, [2]), 'BAD_ARGUMENT', 'NDArray: data'],
];

for (const [name, fn, code, ...fragments] of CASES) {
  test(name, () => assertThrowsCode(fn, code, ...fragments));
}

test('reshape and ravel of an NDArray are still views', () => {
  const a = array([1, 2, 3, 4]);
  sn.reshape(a, [2, 2]).set([0, 0], 9);
  assert.equal(a.get(0), 9);
  assert.equal(sn.ravel(a).data, a.data);
});
