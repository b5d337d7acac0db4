// The networks take the book's calls as the book writes them: the positional train_flg boolean of
// predict and loss, and class labels of shape (N, 1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  array,
  DeepConvNet,
  gradientCheck,
  MultiLayerNet,
  type NDArray,
  Sequential,
  SimpleConvNet,
  TwoLayerNet,
} from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const rows = (): NDArray =>
  array([
    [0.1, 0.2, 0.3, 0.4],
    [0.5, -0.1, 0.2, 0.0],
    [0.9, 0.4, -0.3, 0.2],
  ]);
const images = (): NDArray => array(Array.from({ length: 3 * 64 }, (_, i) => ((i * 5) % 11) / 11)).reshape(3, 1, 8, 8);

/** Every network class, each with dropout or batch norm where it has them, so that the mode matters. */
const NETS: { name: string; make: () => Sequential<object>; x: () => NDArray }[] = [
  {
    name: 'Sequential',
    make: () => new Sequential({ inputShape: [4], layers: 'dense6,relu,dropout0.5,dense3', seed: 3, dtype: 'float64' }),
    x: rows,
  },
  {
    name: 'TwoLayerNet',
    make: () => new TwoLayerNet({ inputSize: 4, hiddenSize: 6, outputSize: 3, seed: 3 }),
    x: rows,
  },
  {
    name: 'MultiLayerNet',
    make: () =>
      new MultiLayerNet({
        inputSize: 4,
        hiddenSizes: [6],
        outputSize: 3,
        useDropout: true,
        useBatchNorm: true,
        seed: 3,
      }),
    x: rows,
  },
  {
    name: 'SimpleConvNet',
    make: () =>
      new SimpleConvNet({ inputDim: [1, 8, 8], filterNum: 2, filterSize: 3, hiddenSize: 4, outputSize: 3, seed: 3 }),
    x: images,
  },
  {
    name: 'DeepConvNet',
    make: () => new DeepConvNet({ inputDim: [1, 8, 8], hiddenSize: 4, outputSize: 3, seed: 3 }),
    x: images,
  },
];

for (const { name, make, x } of NETS) {
  test(`${name}: predict(x, true) and loss(x, t, true) are the book's train_flg, the same as { train: true }`, () => {
    const t = array([0, 2, 1]);
    // Two networks of the same seed draw the same dropout masks, one called each way.
    assert.deepEqual(make().predict(x(), true).toArray(), make().predict(x(), { train: true }).toArray());
    assert.deepEqual(make().predict(x(), false).toArray(), make().predict(x(), { train: false }).toArray());
    assert.deepEqual(make().predict(x(), false).toArray(), make().predict(x()).toArray());
    assert.equal(make().loss(x(), t, true), make().loss(x(), t, { train: true }));
    assert.equal(make().loss(x(), t, false), make().loss(x(), t));
  });

  test(`${name}: a mode that is neither a boolean nor { train } is refused naming the method`, () => {
    const net = make();
    const t = array([0, 2, 1]);
    throwsWith(
      () => net.predict(x(), 1 as never),
      'BAD_ARGUMENT',
      new RegExp(`^${name}\\.predict: options`),
      /train_flg/,
    );
    throwsWith(() => net.predict(x(), null as never), 'BAD_ARGUMENT', new RegExp(`^${name}\\.predict`));
    throwsWith(() => net.loss(x(), t, 'train' as never), 'BAD_ARGUMENT', new RegExp(`^${name}\\.loss`));
    throwsWith(() => net.loss(x(), t, { training: true } as never), 'BAD_ARGUMENT', /unknown option "training"/);
    throwsWith(() => net.predict(x(), { train: 1 } as never), 'BAD_ARGUMENT', /options\.train must be true or false/);
  });

  test(`${name}: labels of shape (N, 1) mean what labels of shape (N) mean`, () => {
    const flat = array([0, 2, 1]);
    const column = flat.reshape(3, 1);
    const net = make();
    assert.equal(net.loss(x(), column), net.loss(x(), flat));
    assert.equal(net.accuracy(x(), column), net.accuracy(x(), flat));
    const a = make().lossAndGradient(x(), column);
    const b = make().lossAndGradient(x(), flat);
    assert.equal(a.loss, b.loss);
    for (const key of Object.keys(b.grads)) assert.deepEqual(a.grads[key]!.toArray(), b.grads[key]!.toArray(), key);
  });
}

test('gradient and numericalGradient take (N, 1) labels: the book chapter 7 check with t = [[1]]', () => {
  const net = new TwoLayerNet({ inputSize: 4, hiddenSize: 3, outputSize: 3, seed: 2 });
  const x = rows().slice(0, 1);
  const diff = gradientCheck(net, x, array([[1]]));
  for (const [key, d] of Object.entries(diff)) assert.ok(d.maxRelError < 1e-6, `${key}: ${d.maxRelError}`);
  const flat = gradientCheck(net, x, array([1]));
  assert.deepEqual(diff, flat);
});

test('a one-output network keeps (N, 1) targets as one target per row', () => {
  const net = new Sequential({ inputShape: [4], layers: 'dense3,relu,dense1', loss: 'mse', seed: 1, dtype: 'float64' });
  const t = array([[0.5], [1.5], [-1]]);
  assert.equal(net.loss(rows(), t), net.loss(rows(), t.reshape(3)));
  assert.ok(Number.isFinite(net.accuracy(rows(), t)));
});

test("the book's positional constructors are refused naming the class; the presets take one options object", () => {
  const positional: [string, () => unknown][] = [
    ['TwoLayerNet', () => new TwoLayerNet(784 as never)],
    ['MultiLayerNet', () => new MultiLayerNet(784 as never)],
    ['SimpleConvNet', () => new SimpleConvNet([1, 28, 28] as never)],
    ['DeepConvNet', () => new DeepConvNet([1, 28, 28] as never)],
    ['Sequential', () => new Sequential(true as never)],
  ];
  for (const [name, make] of positional) {
    throwsWith(make, 'BAD_ARGUMENT', new RegExp(`^${name}: options must be an object`));
  }
});

test("a layer's refusal inside a network method is re-thrown naming the method", () => {
  const net = new TwoLayerNet({ inputSize: 4, hiddenSize: 5, outputSize: 3, seed: 1 });
  throwsWith(() => net.loss(rows(), array([0, 1])), 'SHAPE_MISMATCH', /^TwoLayerNet\.loss: /);
  throwsWith(() => net.predict(array([[1, 2]])), 'SHAPE_MISMATCH', /^TwoLayerNet\.predict: Affine/);
  throwsWith(
    () => net.accuracy(rows(), [0, 1, 2] as never),
    'BAD_ARGUMENT',
    /^TwoLayerNet\.accuracy: t must be an NDArray/,
  );
  throwsWith(() => net.gradient(rows(), array([0, 1, 7])), 'BAD_ARGUMENT', /^TwoLayerNet\.gradient: /);
});
