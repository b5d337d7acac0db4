// Backprop against numerical gradients for a Sequential of every layer type and each loss, in float64.
// Kinks are kept out of reach: a seed is used only if no ReLU/leaky-ReLU input lies within 1e-3 of 0
// and no max-pool window's two largest values lie within 1e-3 of each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  array,
  gradientCheck,
  LeakyRelu,
  type NDArray,
  Pooling,
  Random,
  Relu,
  Sequential,
  type SequentialOptions,
} from '../../src/index.js';

const TOL = 1e-7;
const MARGIN = 1e-3;

/** The smallest gap between a pooling window's largest value and its runner-up. */
function poolMargin(x: NDArray, pool: Pooling): number {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [, , oh, ow] = pool.outputShape(x.shape);
  let margin = Infinity;
  for (let plane = 0; plane < n * c; plane++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const values: number[] = [];
        for (let ky = 0; ky < pool.poolHeight; ky++) {
          for (let kx = 0; kx < pool.poolWidth; kx++) {
            values.push(x.data[plane * h * w + (oy * pool.stride + ky) * w + ox * pool.stride + kx]!);
          }
        }
        values.sort((a, b) => b - a);
        if (values.length > 1) margin = Math.min(margin, values[0]! - values[1]!);
      }
    }
  }
  return margin;
}

/** How close any kink layer's input comes to its kink, in a training-mode forward pass. */
function kinkMargin(net: Sequential, x: NDArray): number {
  let out = x.reshape(x.shape[0]!, ...net.config.inputShape);
  let margin = Infinity;
  for (const layer of net.layers) {
    if (layer instanceof Relu || layer instanceof LeakyRelu) {
      for (const v of out.data) margin = Math.min(margin, Math.abs(v));
    }
    if (layer instanceof Pooling) margin = Math.min(margin, poolMargin(out, layer));
    out = layer.forward(out, { train: true });
  }
  return margin;
}

/** The first seed from 1 whose network keeps every kink at least MARGIN away (a fresh net per seed). */
function netAwayFromKinks(options: Omit<SequentialOptions, 'seed' | 'dtype'>, x: NDArray): Sequential {
  for (let seed = 1; seed <= 100; seed++) {
    const net = new Sequential({ ...options, dtype: 'float64', seed });
    if (kinkMargin(net, x) > MARGIN) return new Sequential({ ...options, dtype: 'float64', seed });
  }
  throw new Error('no seed in 1..100 keeps the kinks away');
}

function assertChecked(net: Sequential, x: NDArray, t: NDArray, keys: string[]): void {
  const result = gradientCheck(net, x, t);
  assert.deepEqual(Object.keys(result), keys);
  for (const [key, { meanAbsDiff }] of Object.entries(result)) assert.ok(meanAbsDiff < TOL, `${key}: ${meanAbsDiff}`);
}

const rng = new Random(7);
const rows = rng.randn([5, 6]);
const labels = array([0, 2, 1, 2, 0], { dtype: 'int32' });

const cases: { name: string; options: Omit<SequentialOptions, 'seed' | 'dtype'>; keys: string[] }[] = [
  {
    name: 'dense and relu',
    options: { inputShape: [6], layers: 'dense5,relu,dense3', weightInit: 0.5 },
    keys: ['W1', 'b1', 'W2', 'b2'],
  },
  {
    name: 'sigmoid and tanh',
    options: { inputShape: [6], layers: 'dense5,sigmoid,dense4,tanh,dense3', weightInit: 'xavier' },
    keys: ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'],
  },
  {
    name: 'leaky-relu',
    options: { inputShape: [6], layers: 'dense5,leakyrelu0.1,dense3', weightInit: 0.5 },
    keys: ['W1', 'b1', 'W2', 'b2'],
  },
  {
    name: 'batchnorm per feature and dropout',
    options: { inputShape: [6], layers: 'dense5,bn,relu,dropout0.3,dense3', weightInit: 0.5 },
    keys: ['W1', 'b1', 'gamma1', 'beta1', 'W2', 'b2'],
  },
  {
    name: 'conv with padding, batchnorm per channel, maxpool, flatten',
    options: { inputShape: [2, 4, 4], layers: 'conv3x3p1,bn,relu,pool2,flatten,dense3', weightInit: 0.5 },
    keys: ['W1', 'b1', 'gamma1', 'beta1', 'W2', 'b2'],
  },
  {
    name: 'strided conv and avgpool (overlapping and not)',
    options: { inputShape: [1, 7, 7], layers: 'conv2x3s2,tanh,avgpool2s1,conv2x1,avgpool2,dense3', weightInit: 0.5 },
    keys: ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'],
  },
];

for (const { name, options, keys } of cases) {
  test(`Sequential gradient check: ${name}, softmax-cross-entropy with labels and one-hot targets`, () => {
    const size = options.inputShape.reduce((p, d) => p * d, 1);
    const x = size === 6 ? rows : rng.randn([5, size]);
    const net = netAwayFromKinks(options, x);
    assertChecked(net, x, labels, keys);
    const oneHot = array([...labels.data].map((l) => [0, 1, 2].map((c) => (c === l ? 1 : 0))));
    assertChecked(net, x, oneHot, keys);
  });
}

test('Sequential gradient check: sigmoid-cross-entropy with (N,) and (N, 1) targets', () => {
  const x = rng.randn([5, 4]);
  const net = new Sequential({
    inputShape: [4],
    layers: 'dense3,tanh,dense1',
    loss: 'sigmoid-cross-entropy',
    dtype: 'float64',
    weightInit: 1,
    seed: 3,
  });
  assertChecked(net, x, array([0, 1, 1, 0, 1]), ['W1', 'b1', 'W2', 'b2']);
  assertChecked(net, x, array([[0], [1], [1], [0], [1]]), ['W1', 'b1', 'W2', 'b2']);
});

test('Sequential gradient check: mse with several outputs, and with weight decay', () => {
  const x = rng.randn([5, 4]);
  const t = rng.randn([5, 2]);
  const options = { inputShape: [4], layers: 'dense5,tanh,dense2', loss: 'mse', dtype: 'float64', seed: 4 } as const;
  assertChecked(new Sequential(options), x, t, ['W1', 'b1', 'W2', 'b2']);
  assertChecked(new Sequential({ ...options, weightDecayLambda: 0.1 }), x, t, ['W1', 'b1', 'W2', 'b2']);
});
