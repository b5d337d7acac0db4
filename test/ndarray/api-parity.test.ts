// Every operation offered both as a free function and as an NDArray method gives the same result
// both ways; the methods added to close the gaps are checked against numpy 2.4's values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sn from '../../src/index.js';
import { type NDArray, Random, array, arange, matmulT, variance } from '../../src/index.js';
import { assertArray } from './helpers.js';

type Fn = (...args: never[]) => unknown;
const fns = sn as unknown as Record<string, Fn>;
const method = (x: NDArray, name: string): Fn =>
  (x as unknown as Record<string, Fn>)[name]?.bind(x) ?? assert.fail(`no method ${name}`);

const rng = new Random(7);
const x = rng.randn([3, 4]);
const y = rng.randn([3, 4]);
const positive = x.abs().add(0.5);
const row = rng.randn([4]);

/** [name, arguments after the array itself (functions get the array first)] */
const SAME_ARGS: readonly [string, unknown[]][] = [
  ...['neg', 'abs', 'square', 'sign', 'exp', 'tanh', 'floor', 'ceil', 'round', 'isnan', 'isfinite'].map(
    (n): [string, unknown[]] => [n, []],
  ),
  ...['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'gt', 'ge', 'lt', 'le', 'eq', 'ne'].flatMap(
    (n): [string, unknown[]][] => [
      [n, [y]],
      [n, [row]],
      [n, [0.25]],
    ],
  ),
  ['pow', [2]],
  ['mod', [0.75]],
  ['clip', [-0.5, 0.5]],
  ...['sum', 'mean', 'max', 'min', 'std', 'argmax', 'argmin', 'variance'].flatMap((n): [string, unknown[]][] => [
    [n, []],
    [n, [0]],
    [n, [1, true]],
  ]),
  ['reshape', [[4, 3]]],
  ['flatten', []],
  ['ravel', []],
  ['transpose', []],
  ['expandDims', [1]],
  ['broadcastTo', [[2, 3, 4]]],
  ['copy', []],
  ['astype', ['float32']],
  ['dot', [y.T]],
  ['matmul', [y.T]],
  ['matmulT', [y, false, true]],
  ['take', [[2, 0]]],
  [
    'pick',
    [
      [0, 2],
      [3, 1],
    ],
  ],
  ['slice', [1, 3]],
  ['extract', [x.gt(0)]],
];

test('functions and methods of the same name agree on a random array', () => {
  for (const [name, args] of SAME_ARGS) {
    const fromFunction = fns[name]?.(...([x, ...args] as never[]));
    const fromMethod = method(x, name)(...(args as never[]));
    assert.ok(fromFunction !== undefined, `no function ${name}`);
    assert.deepEqual(fromMethod, fromFunction, `${name}(${args.length} more arguments)`);
  }
});

test('log, sqrt and reciprocal agree as function and method on positive input', () => {
  for (const name of ['log', 'sqrt', 'reciprocal']) {
    assert.deepEqual(method(positive, name)(), fns[name]?.(positive as never), name);
  }
});

test('the elementwise methods added to match the functions compute numpy values', () => {
  const v = array([-2.5, -0.5, 0.5, 1.5, 2.5, NaN, Infinity]);
  assertArray(v.round(), [-2, -0, 0, 2, 2, NaN, Infinity], 'float64');
  assertArray(v.floor(), [-3, -1, 0, 1, 2, NaN, Infinity], 'float64');
  assertArray(v.ceil(), [-2, -0, 1, 2, 3, NaN, Infinity], 'float64');
  assertArray(v.sign(), [-1, -1, 1, 1, 1, NaN, 1], 'float64');
  assertArray(v.isnan(), [false, false, false, false, false, true, false], 'bool');
  assertArray(v.isfinite(), [true, true, true, true, true, false, false], 'bool');
  assertArray(array([4, 0.5, -2]).reciprocal(), [0.25, 2, -0.5], 'float64');
  assertArray(arange(4).reciprocal(), [Infinity, 1, 0.5, 1 / 3], 'float64');
});

test('variance() as a method is var(), and matmulT() as a method is the function', () => {
  const a = array([
    [1, 2],
    [3, 5],
  ]);
  assert.equal(a.variance(), 2.1875);
  assert.equal(a.variance(), a.var());
  assertArray(a.variance(0), [1, 2.25]);
  assertArray(a.variance(1, true), [[0.25], [1]]);
  assert.equal(variance(a), a.variance());
  assertArray(a.matmulT(a, true, false), [
    [10, 17],
    [17, 29],
  ]);
  assert.deepEqual(a.matmulT(a, false, true), matmulT(a, a, false, true));
  assertArray(a.matmulT(a), [
    [7, 12],
    [18, 31],
  ]);
});

test('putMask as a method and as a function change the array the same way', () => {
  const m = x.lt(0);
  const viaMethod = x.copy().putMask(m, 0);
  const viaFunction = x.copy();
  sn.putMask(viaFunction, m, 0);
  assert.deepEqual(viaMethod, viaFunction);
});

test('squeeze agrees as function and method', () => {
  const z = rng.randn([3, 1, 2]);
  assert.deepEqual(z.squeeze(), sn.squeeze(z));
  assert.deepEqual(z.squeeze(1), sn.squeeze(z, 1));
});
