// The kernel registry: the API dispatches every op through whichever backend is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernels, setKernels, add, sum, dot, exp, array, type Kernels, wasmKernelInfo } from '../../src/index.js';
import { assertArray } from './helpers.js';

test('the Node entry installs the SIMD WebAssembly kernels where the runtime has SIMD', () => {
  // The Node entry turns relaxed SIMD on where it is behind a flag (Node 20), so this is relaxed SIMD.
  const expected = process.env.SCRATCHNET_KERNELS === 'js' ? 'js' : `wasm-${wasmKernelInfo()}`;
  assert.equal(kernels().name, expected);
});

test('SCRATCHNET_KERNELS=js keeps the TypeScript kernels', async () => {
  const { execFileSync } = await import('node:child_process');
  const entry = new URL('../../src/index.ts', import.meta.url).href;
  const name = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { kernels } from '${entry}'; console.log(kernels().name);`,
    ],
    {
      env: { ...process.env, SCRATCHNET_KERNELS: 'js' },
    },
  )
    .toString()
    .trim();
  assert.equal(name, 'js');
});

test('setKernels swaps the backend behind the same API', () => {
  const base = kernels();
  const calls: string[] = [];
  const recording: Kernels = {
    name: 'recording',
    unary: (op, x, out) => {
      calls.push(`unary:${op}`);
      base.unary(op, x, out);
    },
    binary: (op, a, as, b, bs, out, os) => {
      calls.push(`binary:${op}`);
      base.binary(op, a, as, b, bs, out, os);
    },
    reduce: (op, x, outer, length, inner, out) => {
      calls.push(`reduce:${op}`);
      base.reduce(op, x, outer, length, inner, out);
    },
    matmul: (a, b, out, m, k, n, ta, tb) => {
      calls.push('matmul');
      base.matmul(a, b, out, m, k, n, ta, tb);
    },
    activationBackward: (op, dout, cached, dx) => {
      calls.push(`backward:${op}`);
      base.activationBackward(op, dout, cached, dx);
    },
    axpy: (y, x, alpha) => {
      calls.push('axpy');
      base.axpy(y, x, alpha);
    },
  };
  setKernels(recording);
  try {
    assert.equal(kernels().name, 'recording');
    assertArray(add([1, 2], 1), [2, 3]);
    assert.equal(sum([1, 2, 3]), 6);
    assert.equal(dot([1, 2], [3, 4]), 11);
    assertArray(exp(array([0])), [1]);
  } finally {
    setKernels(base);
  }
  assert.deepEqual(calls, ['binary:add', 'reduce:sum', 'matmul', 'unary:exp']);
  assert.equal(kernels(), base);
});
