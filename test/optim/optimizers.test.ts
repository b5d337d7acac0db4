// Each optimizer against the book's update rules run in numpy (values in reference-values.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type NDArray,
  array,
  allClose,
  createOptimizer,
  SGD,
  Momentum,
  Nesterov,
  AdaGrad,
  RMSprop,
  Adam,
  type DType,
  type OptimizerName,
  type OptimizerOptions,
} from '../../src/index.js';
import { B0, FLOAT32, FLOAT64, GRADS, W0, type Step } from './reference-values.js';

/** The numpy cases: which optimizer, with which options. */
const CASES: Record<string, { name: OptimizerName; options: OptimizerOptions }> = {
  sgd: { name: 'sgd', options: {} },
  momentum: { name: 'momentum', options: {} },
  nesterov: { name: 'nesterov', options: {} },
  adagrad: { name: 'adagrad', options: {} },
  rmsprop: { name: 'rmsprop', options: {} },
  adam: { name: 'adam', options: {} },
  'sgd-lr': { name: 'sgd', options: { lr: 0.1 } },
  'momentum-custom': { name: 'momentum', options: { lr: 0.05, momentum: 0.5 } },
  'adam-custom': { name: 'adam', options: { lr: 0.01, beta1: 0.8, beta2: 0.99 } },
};

function run(
  caseName: string,
  dtype: DType,
  check: (params: { W: NDArray; b: NDArray }, expected: Step, step: number) => void,
): void {
  const { name, options } = CASES[caseName]!;
  const optimizer = createOptimizer(name, options);
  const params = { W: array(W0, { dtype }), b: array(B0, { dtype }) };
  const expected = (dtype === 'float32' ? FLOAT32 : FLOAT64)[caseName]!;
  GRADS.forEach(([gW, gb], step) => {
    optimizer.update(params, { W: array(gW, { dtype }), b: array(gb, { dtype }) });
    check(params, expected[step]!, step);
  });
}

for (const caseName of Object.keys(CASES)) {
  test(`${caseName}: three float64 steps equal numpy's bit for bit`, () => {
    run(caseName, 'float64', (params, expected, step) => {
      assert.deepEqual(Array.from(params.W.data), expected.W, `W after step ${step + 1}`);
      assert.deepEqual(Array.from(params.b.data), expected.b, `b after step ${step + 1}`);
    });
  });

  test(`${caseName}: three float32 steps stay float32 and agree with numpy's float32 to rounding`, () => {
    run(caseName, 'float32', (params, expected, step) => {
      assert.ok(params.W.data instanceof Float32Array && params.W.dtype === 'float32');
      // We round once per stored value where numpy rounds after every operation: a few ulp apart.
      assert.ok(
        allClose(params.W.ravel(), expected.W, { rtol: 1e-6, atol: 1e-7 }),
        `W after step ${step + 1}: ${params.W}`,
      );
      assert.ok(allClose(params.b, expected.b, { rtol: 1e-6, atol: 1e-7 }), `b after step ${step + 1}: ${params.b}`);
    });
  });
}

test('float32 parameters keep their buffers in float32; float64 in float64', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const adam = new Adam();
    adam.update({ W: array([1, 2], { dtype }) }, { W: array([0.5, -0.5], { dtype }) });
    const { m, v } = adam.state().buffers.W!;
    assert.equal(m!.dtype, dtype);
    assert.equal(v!.dtype, dtype);
  }
});

test('update writes into the parameter arrays themselves and leaves the gradients alone', () => {
  const W = array([
    [1, 2],
    [3, 4],
  ]);
  const data = W.data;
  const grad = array([
    [0.1, 0.2],
    [0.3, 0.4],
  ]);
  new Momentum().update({ W }, { W: grad });
  assert.equal(W.data, data);
  assert.deepEqual(Array.from(W.data), [1 - 0.001, 2 - 0.002, 3 - 0.003, 4 - 0.004]);
  assert.deepEqual(Array.from(grad.data), [0.1, 0.2, 0.3, 0.4]);
});

test('a view (reshape) is updated through to the array it views', () => {
  const base = array([1, 2, 3, 4]);
  const view = base.reshape(2, 2);
  new SGD({ lr: 0.5 }).update(
    { W: view },
    {
      W: array([
        [2, 2],
        [2, 2],
      ]),
    },
  );
  assert.deepEqual(Array.from(base.data), [0, 1, 2, 3]);
});

test('a gradient may be float64 for a float32 parameter (and the parameter stays float32)', () => {
  const W = array([1, 2], { dtype: 'float32' });
  new SGD({ lr: 0.1 }).update({ W }, { W: array([1, 1]) });
  assert.equal(W.dtype, 'float32');
  assert.deepEqual(Array.from(W.data), [Math.fround(0.9), Math.fround(1.9)]);
});

test("the defaults are the book's", () => {
  assert.deepEqual(new SGD().options(), { lr: 0.01 });
  assert.deepEqual(new Momentum().options(), { lr: 0.01, momentum: 0.9 });
  assert.deepEqual(new Nesterov().options(), { lr: 0.01, momentum: 0.9 });
  assert.deepEqual(new AdaGrad().options(), { lr: 0.01 });
  assert.deepEqual(new RMSprop().options(), { lr: 0.01, decayRate: 0.99 });
  assert.deepEqual(new Adam().options(), { lr: 0.001, beta1: 0.9, beta2: 0.999 });
});

test('options given override only what they name', () => {
  const adam = new Adam({ beta2: 0.99 });
  assert.deepEqual(adam.options(), { lr: 0.001, beta1: 0.9, beta2: 0.99 });
  assert.equal(new Momentum({ lr: 0.2, momentum: undefined }).momentum, 0.9);
});

test('createOptimizer builds each optimizer by name, with its options', () => {
  const expected = { sgd: SGD, momentum: Momentum, nesterov: Nesterov, adagrad: AdaGrad, rmsprop: RMSprop, adam: Adam };
  for (const [name, Class] of Object.entries(expected)) {
    const optimizer = createOptimizer(name as OptimizerName, { lr: 0.5 });
    assert.ok(optimizer instanceof Class, name);
    assert.equal(optimizer.name, name);
    assert.equal(optimizer.lr, 0.5);
  }
  assert.equal(createOptimizer('rmsprop', { decayRate: 0.9 }).decayRate, 0.9);
  assert.equal(createOptimizer('adam').lr, 0.001);
});

test('lr can be changed between steps (a schedule) and the next step uses it', () => {
  const sgd = new SGD({ lr: 0.1 });
  const x = array([1]);
  sgd.update({ x }, { x: array([1]) });
  sgd.lr = 0.5;
  sgd.update({ x }, { x: array([1]) });
  assert.deepEqual(Array.from(x.data), [1 - 0.1 - 0.5]);
});

test('a parameter seen for the first time later gets fresh zero buffers; Adam counts updates, not parameters', () => {
  const adam = new Adam({ lr: 0.1 });
  const a = array([1]);
  adam.update({ a }, { a: array([1]) });
  const b = array([1]);
  adam.update({ a, b }, { a: array([1]), b: array([1]) });
  assert.equal(adam.iteration, 2);
  // At t = 2 with one zero-history gradient: m = 0.1, v = 0.001, lr_t = 0.1·sqrt(1 − 0.999²)/(1 − 0.9²).
  const lrT = (0.1 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
  const m = 0 + (1 - 0.9) * (1 - 0);
  const v = 0 + (1 - 0.999) * (1 - 0);
  assert.deepEqual(Array.from(b.data), [1 - (lrT * m) / (Math.sqrt(v) + 1e-7)]);
});

test('an empty parameter set and empty arrays are fine', () => {
  const adam = new Adam();
  adam.update({}, {});
  const e = array([]);
  adam.update({ e }, { e: array([]) });
  assert.equal(adam.iteration, 2);
  assert.equal(e.size, 0);
});
