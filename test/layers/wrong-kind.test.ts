// Constructors and forward passes given the wrong kind of value throw ScratchnetError naming the
// layer and the argument, not a TypeError from deep inside.
import { test } from 'node:test';
import {
  BatchNormalization,
  Convolution,
  Dropout,
  Flatten,
  Pooling,
  ones,
  zeros,
  type ErrorCode,
} from '../../src/index.js';
import { assertThrowsCode } from '../ndarray/helpers.js';

const CASES: readonly [string, () => unknown, ErrorCode, string][] = [
  ['Convolution without W', () => new Convolution(undefined as never, zeros([1])), 'BAD_ARGUMENT', 'Convolution: W'],
  [
    'Convolution with int32 W',
    () => new Convolution(zeros([1, 1, 2, 2], { dtype: 'int32' }), zeros([1])),
    'BAD_DTYPE',
    'W',
  ],
  [
    'Convolution with a misspelt option',
    () => new Convolution(zeros([1, 1, 2, 2]), zeros([1]), { strides: 2 } as never),
    'BAD_ARGUMENT',
    'unknown option "strides"',
  ],
  [
    'Convolution.forward on a JS array',
    () => new Convolution(zeros([1, 1, 2, 2]), zeros([1])).forward([[1]] as never),
    'BAD_ARGUMENT',
    'Convolution.forward(): x',
  ],
  ['Pooling without options', () => new Pooling(undefined as never), 'BAD_ARGUMENT', 'Pooling: options'],
  [
    'Pooling.forward on a number',
    () => new Pooling({ poolHeight: 2, poolWidth: 2 }).forward(3 as never),
    'BAD_ARGUMENT',
    'Pooling.forward(): x',
  ],
  ['Flatten.forward on null', () => new Flatten().forward(null as never), 'BAD_ARGUMENT', 'Flatten.forward(): x'],
  ['Dropout with null options', () => new Dropout(null as never), 'BAD_ARGUMENT', 'Dropout: options'],
  [
    'Dropout with a misspelt option',
    () => new Dropout({ rate: 0.2 } as never),
    'BAD_ARGUMENT',
    'unknown option "rate"',
  ],
  [
    'BatchNormalization with null options',
    () => new BatchNormalization(ones([2]), zeros([2]), null as never),
    'BAD_ARGUMENT',
    'BatchNormalization: options',
  ],
];

for (const [name, fn, code, fragment] of CASES) {
  test(name, () => assertThrowsCode(fn, code, fragment));
}
