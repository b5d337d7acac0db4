// Checkpointing: state() then loadState() must continue exactly as if never interrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  array,
  createOptimizer,
  Adam,
  Momentum,
  SGD,
  type DType,
  type NDArray,
  type Optimizer,
  type OptimizerName,
  type OptimizerOptions,
  type OptimizerState,
} from '../../src/index.js';

const SETUPS: [OptimizerName, OptimizerOptions][] = [
  ['sgd', { lr: 0.1 }],
  ['momentum', { lr: 0.05, momentum: 0.8 }],
  ['nesterov', { lr: 0.05, momentum: 0.7 }],
  ['adagrad', { lr: 0.3 }],
  ['rmsprop', { lr: 0.02, decayRate: 0.95 }],
  ['adam', { lr: 0.05, beta1: 0.85, beta2: 0.995 }],
];

function freshParams(dtype: DType): { W: NDArray; b: NDArray } {
  return {
    W: array(
      [
        [0.5, -1.5, 2],
        [1, 0.25, -3],
      ],
      { dtype },
    ),
    b: array([0.1, -0.2, 0.3], { dtype }),
  };
}

/** Gradients that change with the parameters and the step (a quadratic bowl plus a wobble). */
function gradsAt(params: { W: NDArray; b: NDArray }, step: number): { W: NDArray; b: NDArray } {
  const g = (p: NDArray): NDArray => {
    const out = p.copy();
    for (let i = 0; i < out.size; i++) out.data[i] = 2 * p.data[i]! + Math.sin(step + i);
    return out;
  };
  return { W: g(params.W), b: g(params.b) };
}

function steps(optimizer: Optimizer, params: { W: NDArray; b: NDArray }, from: number, to: number): void {
  for (let s = from; s < to; s++) optimizer.update(params, gradsAt(params, s));
}

for (const dtype of ['float64', 'float32'] as const) {
  for (const [name, options] of SETUPS) {
    test(`${name} ${dtype}: 3 steps, save through JSON, load into a new optimizer, 4 more = 7 steps straight`, () => {
      const straight = freshParams(dtype);
      steps(createOptimizer(name, options), straight, 0, 7);

      const resumed = freshParams(dtype);
      const first = createOptimizer(name, options);
      steps(first, resumed, 0, 3);
      const saved = JSON.parse(JSON.stringify(first.state())) as OptimizerState;
      const second = createOptimizer(saved.name, saved.options);
      second.loadState(saved);
      assert.deepEqual(second.state(), first.state());
      steps(second, resumed, 3, 7);

      assert.deepEqual(Array.from(resumed.W.data), Array.from(straight.W.data));
      assert.deepEqual(Array.from(resumed.b.data), Array.from(straight.b.data));
    });
  }
}

test('without loadState a resumed Adam or Momentum run differs (so the test above can fail)', () => {
  for (const name of ['adam', 'momentum'] as const) {
    const straight = freshParams('float64');
    steps(createOptimizer(name), straight, 0, 4);
    const restarted = freshParams('float64');
    steps(createOptimizer(name), restarted, 0, 2);
    steps(createOptimizer(name), restarted, 2, 4);
    assert.notDeepEqual(Array.from(restarted.W.data), Array.from(straight.W.data), name);
  }
});

test("state() holds the book's buffers by parameter, with shapes, dtypes and the iteration count", () => {
  const adam = new Adam({ lr: 0.01 });
  const params = { W: array([[1, 2]], { dtype: 'float32' }) };
  adam.update(params, { W: array([[0.5, -1]], { dtype: 'float32' }) });
  const state = adam.state();
  assert.equal(state.name, 'adam');
  assert.deepEqual(state.options, { lr: 0.01, beta1: 0.9, beta2: 0.999 });
  assert.equal(state.iteration, 1);
  assert.deepEqual(Object.keys(state.buffers), ['W']);
  const { m, v } = state.buffers.W!;
  assert.deepEqual(m, { shape: [1, 2], dtype: 'float32', data: [Math.fround(0.1 * 0.5), Math.fround(-0.1)] });
  assert.deepEqual(v!.shape, [1, 2]);
  assert.deepEqual(new Momentum().state(), {
    name: 'momentum',
    options: { lr: 0.01, momentum: 0.9 },
    iteration: 0,
    buffers: {},
  });
  const sgd = new SGD();
  sgd.update(params, { W: array([[0, 0]], { dtype: 'float32' }) });
  assert.deepEqual(sgd.state(), { name: 'sgd', options: { lr: 0.01 }, iteration: 1, buffers: {} });
});

test('state() is a copy: changing it, or what was loaded, does not reach the optimizer', () => {
  const momentum = new Momentum();
  const x = array([1, 2]);
  momentum.update({ x }, { x: array([1, 1]) });
  const state = momentum.state();
  state.buffers.x!.v!.data[0] = 1000;
  assert.notEqual(momentum.state().buffers.x!.v!.data[0], 1000);

  const other = new Momentum();
  other.loadState(state);
  state.buffers.x!.v!.data[0] = -5;
  assert.equal(other.state().buffers.x!.v!.data[0], 1000);
});

test("a float64 checkpoint resumes a float32 run: the buffers take the parameter's dtype", () => {
  const source = new Adam();
  source.update({ W: array([1, 2]) }, { W: array([0.3, 0.7]) });
  const target = new Adam();
  target.loadState(source.state());
  const W = array([1, 2], { dtype: 'float32' });
  target.update({ W }, { W: array([0.3, 0.7], { dtype: 'float32' }) });
  assert.equal(target.state().buffers.W!.m!.dtype, 'float32');
  assert.equal(target.iteration, 2);
});

test('loadState replaces everything: buffers of parameters it does not mention are dropped', () => {
  const momentum = new Momentum();
  momentum.update({ a: array([1]) }, { a: array([1]) });
  momentum.loadState({ name: 'momentum', options: {}, iteration: 0, buffers: {} });
  assert.deepEqual(momentum.state().buffers, {});
  assert.equal(momentum.iteration, 0);
});
