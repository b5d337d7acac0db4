// The wrong-kind walk over the arrays: every function of src/ndarray that the package exports, the
// NDArray constructor and methods, and Random. Kinds an argument takes because numpy gives them a
// meaning: an array argument takes anything `np.asarray` does (a number, a boolean, a nested list, a
// typed array), a shape may be one integer (`zeros(3)`), `null` for an axis is numpy's `axis=None`
// (every axis), `new Random(null)` is numpy's unseeded generator, `fill(true)` and `set([0], true)`
// store 1, and meshgrid takes any number of inputs before its options.
import {
  NDArray,
  Random,
  abs,
  add,
  allClose,
  allocateResident,
  arange,
  argmax,
  argmin,
  array,
  arrayEqual,
  asArray,
  astype,
  broadcastShapes,
  broadcastTo,
  ceil,
  clip,
  concatenate,
  copy,
  createWasmKernels,
  div,
  dot,
  eq,
  exp,
  expandDims,
  extract,
  eye,
  flatten,
  floor,
  formatShape,
  full,
  fullLike,
  ge,
  gt,
  initWasmKernels,
  isfinite,
  isnan,
  kernels,
  le,
  linspace,
  log,
  lt,
  matmul,
  matmulT,
  max,
  maximum,
  mean,
  meshgrid,
  min,
  minimum,
  mod,
  mul,
  ne,
  neg,
  ones,
  onesLike,
  pick,
  pow,
  putMask,
  ravel,
  reciprocal,
  reshape,
  resident,
  round,
  setKernels,
  setThreads,
  sign,
  slice,
  sqrt,
  squeeze,
  square,
  stack,
  std,
  sub,
  sum,
  take,
  tanh,
  threadCount,
  transpose,
  variance,
  wasmKernelInfo,
  where,
  zeros,
  zerosLike,
} from '../../../src/index.js';
import type { CallSpec, Kind, Param } from '../walk.js';

/** A fresh 2×2 float64 array: it broadcasts with the probes' (2,) arrays. */
const square2 = (): NDArray =>
  array([
    [1, 2],
    [3, 4],
  ]);
const mask2 = (): NDArray =>
  array([
    [true, false],
    [false, true],
  ]);

const param = (name: string, ...kinds: Kind[]): Param => ({ name, kinds });
const optional = (name: string, ...kinds: Kind[]): Param => ({ name, kinds, optional: true });

const ARRAY = param('x', 'arraylike');
const OTHER = param('b', 'arraylike');
const OUT = optional('out', 'ndarray');
const OPTIONS = optional('options', 'options');
/** An axis: one integer, a list of them (reductions), or null for every axis. */
const AXES: Param = { name: 'axis', kinds: ['int', 'list'], optional: true, nullable: true };
const AXIS: Param = { name: 'axis', kinds: ['int'], optional: true, nullable: true };
const KEEPDIMS = optional('keepdims', 'bool');
/** Integer indices: a JS list or an NDArray of whole numbers. */
const INDICES = (name: string): Param => param(name, 'list', 'ndarray');

type Fn = (...args: never[]) => unknown;

/** A free function called with the walked arguments. */
function fn(where: string, f: Fn, valid: () => unknown[], params: Param[]): CallSpec {
  return { where, call: (args) => (f as (...a: unknown[]) => unknown)(...args), valid, params };
}

/** A method called on a fresh object from `make`. */
function method<T extends object>(where: string, make: () => T, valid: () => unknown[], params: Param[]): CallSpec {
  const name = where.split('.')[1]!;
  return {
    where,
    call: (args) => {
      const object = make();
      const m = (object as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
      return m.apply(object, args);
    },
    valid,
    params,
  };
}

/** A getter (`a.T`, `a.ndim`): nothing to vary, but it must work on a valid array. */
function getter(where: string, make: () => object): CallSpec {
  const name = where.split('.')[1]!;
  return { where, call: () => (make() as Record<string, unknown>)[name], valid: () => [], params: [] };
}

const BINARY = [add, sub, mul, div, pow, mod, maximum, minimum, gt, ge, lt, le, eq, ne] as const;
const UNARY = [neg, abs, square, sign, exp, log, sqrt, tanh, reciprocal, floor, ceil, round, isnan, isfinite] as const;
const REDUCTIONS = [sum, mean, max, min, variance, std] as const;
const METHOD_REDUCTIONS = ['sum', 'mean', 'max', 'min', 'var', 'variance', 'std'] as const;

const creation: CallSpec[] = [
  fn('array', array, () => [[1, 2]], [ARRAY, OPTIONS]),
  fn('asArray', asArray, () => [[1, 2]], [ARRAY, OPTIONS]),
  fn('zeros', zeros, () => [[2, 2]], [param('shape', 'shape'), OPTIONS]),
  fn('ones', ones, () => [[2, 2]], [param('shape', 'shape'), OPTIONS]),
  fn('full', full, () => [[2, 2], 7], [param('shape', 'shape'), param('value', 'number', 'bool'), OPTIONS]),
  fn('zerosLike', zerosLike, () => [square2()], [ARRAY, OPTIONS]),
  fn('onesLike', onesLike, () => [square2()], [ARRAY, OPTIONS]),
  fn('fullLike', fullLike, () => [square2(), 7], [ARRAY, param('value', 'number', 'bool'), OPTIONS]),
  fn('arange', arange, () => [0, 4, 1], [
    param('start', 'number'),
    optional('stop', 'number'),
    optional('step', 'number'),
    OPTIONS,
  ]),
  fn('linspace', linspace, () => [0, 1, 5], [
    param('start', 'number'),
    param('stop', 'number'),
    optional('num', 'int'),
    OPTIONS,
  ]),
  fn('eye', eye, () => [2, 3], [param('n', 'int'), optional('m', 'int'), OPTIONS]),
  fn('resident', resident, () => [square2()], [ARRAY]),
  fn('allocateResident', allocateResident, () => ['float32', 4], [param('dtype', 'string'), param('size', 'int')]),
  // meshgrid takes any number of inputs and then its options (numpy's `np.meshgrid(x)`,
  // `np.meshgrid(x, y, z)`): after the first, each position takes an array or the options.
  fn(
    'meshgrid',
    meshgrid,
    () => [
      [1, 2, 3],
      [4, 5],
    ],
    [ARRAY, optional('y', 'arraylike', 'options'), optional('options', 'options', 'arraylike')],
  ),
];

const elementwise: CallSpec[] = [
  ...BINARY.map((f) => fn(f.name, f, () => [square2(), [1, 2]], [param('a', 'arraylike'), OTHER, OUT])),
  ...UNARY.map((f) => fn(f.name, f, () => [square2()], [ARRAY, OUT])),
  fn('clip', clip, () => [square2(), 1, 3], [ARRAY, param('min', 'number'), param('max', 'number'), OUT]),
  fn('where', where, () => [mask2(), square2(), 0], [param('mask', 'arraylike'), param('a', 'arraylike'), OTHER]),
];

const reductions: CallSpec[] = [
  ...REDUCTIONS.map((f) => fn(f.name, f, () => [square2(), 0, false], [ARRAY, AXES, KEEPDIMS])),
  fn('argmax', argmax, () => [square2(), 0, false], [ARRAY, AXIS, KEEPDIMS]),
  fn('argmin', argmin, () => [square2(), 0, false], [ARRAY, AXIS, KEEPDIMS]),
];

const shapes: CallSpec[] = [
  fn('reshape', reshape, () => [square2(), [4]], [ARRAY, param('shape', 'shape')]),
  fn('flatten', flatten, () => [square2()], [ARRAY]),
  fn('ravel', ravel, () => [square2()], [ARRAY]),
  fn('transpose', transpose, () => [square2(), [1, 0]], [ARRAY, optional('axes', 'list')]),
  fn('squeeze', squeeze, () => [[[1, 2]], 0], [ARRAY, AXIS]),
  fn('expandDims', expandDims, () => [square2(), 0], [ARRAY, param('axis', 'int')]),
  fn(
    'broadcastTo',
    broadcastTo,
    () => [
      [1, 2],
      [2, 2],
    ],
    [ARRAY, param('shape', 'shape')],
  ),
  fn('copy', copy, () => [square2()], [ARRAY]),
  fn('astype', astype, () => [square2(), 'int32'], [ARRAY, param('dtype', 'string')]),
  // `arrays` is a JS list of array-likes; a list of numbers is a list of 0-d arrays, refused for
  // its value as numpy refuses it. Axis 1 so that a ragged list's rows cannot be joined.
  fn('concatenate', concatenate, () => [[square2(), square2()], 1], [param('arrays', 'list'), optional('axis', 'int')]),
  fn('stack', stack, () => [[square2(), square2()], 1], [param('arrays', 'list'), optional('axis', 'int')]),
  fn('broadcastShapes', broadcastShapes, () => [[2, 1], [3]], [param('a', 'shape'), param('b', 'shape')]),
  fn('formatShape', formatShape, () => [[2, 3]], [param('shape', 'shape')]),
];

const products: CallSpec[] = [
  fn('dot', dot, () => [square2(), [1, 2]], [param('a', 'arraylike'), OTHER]),
  fn('matmul', matmul, () => [square2(), [1, 2]], [param('a', 'arraylike'), OTHER]),
  fn('matmulT', matmulT, () => [square2(), square2(), false, true], [
    param('a', 'ndarray'),
    param('b', 'ndarray'),
    optional('transA', 'bool'),
    optional('transB', 'bool'),
    OUT,
  ]),
];

const indexing: CallSpec[] = [
  fn('take', take, () => [square2(), [1, 0], 0], [ARRAY, INDICES('indices'), optional('axis', 'int')]),
  fn('pick', pick, () => [square2(), [0, 1], [1, 0]], [ARRAY, INDICES('rows'), INDICES('cols')]),
  fn('slice', slice, () => [square2(), 0, 1], [ARRAY, param('start', 'int'), optional('end', 'int')]),
  fn('putMask', putMask, () => [square2(), mask2(), 0], [
    param('x', 'ndarray'),
    param('mask', 'ndarray'),
    param('value', 'number', 'bool'),
  ]),
  fn('extract', extract, () => [square2(), mask2()], [ARRAY, param('mask', 'ndarray')]),
  fn('allClose', allClose, () => [square2(), [1, 2]], [param('a', 'arraylike'), OTHER, OPTIONS]),
  fn('arrayEqual', arrayEqual, () => [square2(), [1, 2]], [param('a', 'arraylike'), OTHER]),
];

const backends: CallSpec[] = [
  fn('kernels', kernels, () => [], []),
  fn('setKernels', setKernels, () => [kernels()], [param('kernels', 'object')]),
  fn('createWasmKernels', createWasmKernels, () => [], []),
  fn('initWasmKernels', initWasmKernels, () => [], []),
  fn('wasmKernelInfo', wasmKernelInfo, () => [], []),
  fn('setThreads', setThreads, () => [threadCount()], [param('n', 'int')]),
  fn('threadCount', threadCount, () => [], []),
];

const ndarrayMethods: CallSpec[] = [
  {
    where: 'NDArray',
    call: (args) => new NDArray(...(args as ConstructorParameters<typeof NDArray>)),
    valid: () => [new Uint8Array(4), [2, 2], 'uint8'],
    params: [param('data', 'bytes'), param('shape', 'shape'), optional('dtype', 'string')],
  },
  fn('NDArray.empty', NDArray.empty, () => [[2, 2], 'float32'], [param('shape', 'shape'), optional('dtype', 'string')]),
  ...['ndim', 'size', 'strides', 'T'].map((name) => getter(`NDArray.${name}`, square2)),
  ...['item'].map((name) =>
    method(
      `NDArray.${name}`,
      () => array([5]),
      () => [],
      [],
    ),
  ),
  ...['flatten', 'ravel', 'copy', 'toArray', 'toString'].map((name) =>
    method(`NDArray.${name}`, square2, () => [], []),
  ),
  method('NDArray.reshape', square2, () => [4], [param('shape', 'shape')]),
  method('NDArray.transpose', square2, () => [[1, 0]], [optional('axes', 'list')]),
  method(
    'NDArray.squeeze',
    () => array([[1, 2]]),
    () => [0],
    [AXIS],
  ),
  method('NDArray.expandDims', square2, () => [0], [param('axis', 'int')]),
  method(
    'NDArray.broadcastTo',
    () => array([1, 2]),
    () => [[2, 2]],
    [param('shape', 'shape')],
  ),
  method('NDArray.astype', square2, () => ['int32'], [param('dtype', 'string')]),
  ...BINARY.map((f) => method(`NDArray.${f.name}`, square2, () => [[1, 2]], [OTHER, OUT])),
  ...UNARY.map((f) => method(`NDArray.${f.name}`, square2, () => [], [OUT])),
  method('NDArray.clip', square2, () => [1, 3], [param('min', 'number'), param('max', 'number'), OUT]),
  ...['iadd', 'isub', 'imul', 'idiv', 'assign'].map((name) =>
    method(`NDArray.${name}`, square2, () => [[1, 2]], [OTHER]),
  ),
  method('NDArray.fill', square2, () => [7], [param('value', 'number', 'bool')]),
  ...METHOD_REDUCTIONS.map((name) => method(`NDArray.${name}`, square2, () => [0, false], [AXES, KEEPDIMS])),
  ...['argmax', 'argmin'].map((name) => method(`NDArray.${name}`, square2, () => [0, false], [AXIS, KEEPDIMS])),
  method('NDArray.dot', square2, () => [[1, 2]], [OTHER]),
  method('NDArray.matmul', square2, () => [[1, 2]], [OTHER]),
  method('NDArray.matmulT', square2, () => [square2(), false, true], [
    param('b', 'ndarray'),
    optional('transA', 'bool'),
    optional('transB', 'bool'),
    OUT,
  ]),
  method('NDArray.get', square2, () => [0, 1], [param('i', 'int'), param('j', 'int')]),
  method('NDArray.set', square2, () => [[0, 1], 5], [param('index', 'list'), param('value', 'number', 'bool')]),
  method('NDArray.at', square2, () => [1], [param('i', 'int')]),
  method('NDArray.row', square2, () => [1], [param('i', 'int')]),
  method('NDArray.take', square2, () => [[1, 0], 0], [INDICES('indices'), optional('axis', 'int')]),
  method(
    'NDArray.pick',
    square2,
    () => [
      [0, 1],
      [1, 0],
    ],
    [INDICES('rows'), INDICES('cols')],
  ),
  method('NDArray.slice', square2, () => [0, 1], [param('start', 'int'), optional('end', 'int')]),
  method('NDArray.putMask', square2, () => [mask2(), 0], [param('mask', 'ndarray'), param('value', 'number', 'bool')]),
  method('NDArray.extract', square2, () => [mask2()], [param('mask', 'ndarray')]),
];

const rng = (): Random => new Random(1);
const randomMethods: CallSpec[] = [
  {
    where: 'Random',
    call: (args) => new Random(...(args as [number])),
    valid: () => [1],
    params: [{ name: 'seed', kinds: ['int'], optional: true, nullable: true }],
  },
  ...['getState', 'nextUint32', 'random', 'normal'].map((name) => method(`Random.${name}`, rng, () => [], [])),
  method('Random.seed', rng, () => [2], [param('seed', 'int')]),
  method('Random.setState', rng, () => [rng().getState()], [param('state', 'object')]),
  method('Random.int', rng, () => [5], [param('n', 'int')]),
  method('Random.rand', rng, () => [[2, 2]], [param('shape', 'shape'), OPTIONS]),
  method('Random.randn', rng, () => [[2, 2]], [param('shape', 'shape'), OPTIONS]),
  method('Random.uniform', rng, () => [0, 1, [2, 2]], [
    param('low', 'number'),
    param('high', 'number'),
    param('shape', 'shape'),
    OPTIONS,
  ]),
  method('Random.randint', rng, () => [0, 5, [2, 2]], [
    param('low', 'int'),
    param('high', 'int'),
    param('shape', 'shape'),
  ]),
  method('Random.choice', rng, () => [5, 2], [param('n', 'int'), param('k', 'int'), OPTIONS]),
  method('Random.permutation', rng, () => [5], [param('n', 'int')]),
  method('Random.shuffle', rng, () => [square2()], [param('x', 'ndarray')]),
];

/** Every array function, the NDArray constructor and methods, and Random. */
export const specs: CallSpec[] = [
  ...creation,
  ...elementwise,
  ...reductions,
  ...shapes,
  ...products,
  ...indexing,
  ...backends,
  ...ndarrayMethods,
  ...randomMethods,
];
