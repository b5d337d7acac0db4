// The kernel registry: the API dispatches every op through whichever backend is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernels, setKernels, add, sum, dot, exp, array, type Kernels } from '../../src/index.js';
import { assertArray } from './helpers.js';

test('the plain-loop backend is installed by default', () => {
  assert.equal(kernels().name, 'js');
});

test('setKernels swaps the backend behind the same API', () => {
  const base = kernels();
  const calls: string[] = [];
  const recording: Kernels = {
    name: 'recording',
    unary: (op, x, out) => { calls.push(`unary:${op}`); base.unary(op, x, out); },
    binary: (op, a, as, b, bs, out, os) => { calls.push(`binary:${op}`); base.binary(op, a, as, b, bs, out, os); },
    reduce: (op, x, outer, length, inner, out) => { calls.push(`reduce:${op}`); base.reduce(op, x, outer, length, inner, out); },
    matmul: (a, b, out, m, k, n, ta, tb) => { calls.push('matmul'); base.matmul(a, b, out, m, k, n, ta, tb); },
  };
  setKernels(recording);
  try {
    assert.equal(kernels().name, 'recording');
    assertArray(add([1, 2], 1), [2, 3]);
    assert.equal(sum([1, 2, 3]), 6);
    assert.equal(dot([1, 2], [3, 4]).item(), 11);
    assertArray(exp(array([0])), [1]);
  } finally {
    setKernels(base);
  }
  assert.deepEqual(calls, ['binary:add', 'reduce:sum', 'matmul', 'unary:exp']);
  assert.equal(kernels(), base);
});
