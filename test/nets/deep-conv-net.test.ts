// DeepConvNet (the book's chapter 8 network): the book's layer shapes and parameter names, He
// initialisation, backprop against central differences (on sampled weights of every parameter: all
// 75000 would take minutes), dropout, and a short float32 training run on MNIST.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam,
  DeepConvNet,
  Dropout,
  Random,
  ScratchnetError,
  Trainer,
  array,
  loadMnist,
  modelFromTensors,
  modelToTensors,
  architectureOf,
  architectureFromMetadata,
  type NDArray,
} from '../../src/index.js';
import { predictChunkFor } from '../../src/nets/layer-net.js';

test("DeepConvNet has the book's layers: six 3x3 convolutions 16-16-32-32-64-64, pooling after each pair, affine 50 and 10", () => {
  const net = new DeepConvNet({ dtype: 'float32', seed: 1 });
  const shapes = Object.fromEntries(Object.entries(net.params).map(([k, p]) => [k, p.shape]));
  assert.deepEqual(shapes, {
    W1: [16, 1, 3, 3],
    b1: [16],
    W2: [16, 16, 3, 3],
    b2: [16],
    W3: [32, 16, 3, 3],
    b3: [32],
    W4: [32, 32, 3, 3],
    b4: [32],
    W5: [64, 32, 3, 3],
    b5: [64],
    W6: [64, 64, 3, 3],
    b6: [64],
    W7: [1024, 50],
    b7: [50],
    W8: [50, 10],
    b8: [10],
  });
  assert.deepEqual(
    net.layers.map((l) => l.name).join(' '),
    'Convolution Relu Convolution Relu Pooling Convolution Relu Convolution Relu Pooling Convolution Relu Convolution Relu Pooling ' +
      'Affine Relu Dropout Affine Dropout',
  );
  const rows = new Random(2).rand([3, 784], { dtype: 'float32' });
  assert.deepEqual(net.predict(rows).shape, [3, 10]);
  assert.deepEqual([...net.predict(rows).data], [...net.predict(rows.reshape(3, 1, 28, 28)).data]);
  assert.throws(
    () => net.predict(rows.reshape(3, 28, 28)),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'SHAPE_MISMATCH' && e.message.includes('DeepConvNet'),
  );
  assert.throws(() => new DeepConvNet({ hiddenSize: 0 }), /hiddenSize/);
  assert.throws(() => new DeepConvNet({ filterNum: 3 } as never), /filterNum/);
});

test('DeepConvNet starts from He initialisation: each weight has standard deviation sqrt(2 / fan-in)', () => {
  const net = new DeepConvNet({ seed: 3 });
  const fanIn: Record<string, number> = { W1: 9, W2: 144, W3: 144, W4: 288, W5: 288, W6: 576, W7: 1024, W8: 50 };
  for (const [key, n] of Object.entries(fanIn)) {
    const W = net.params[key]!;
    let sumSquares = 0;
    for (const v of W.data) sumSquares += v * v;
    const std = Math.sqrt(sumSquares / W.size);
    const expected = Math.sqrt(2 / n);
    // W1 has 144 samples: allow for that (the relative standard error of a std is about 1/sqrt(2n)).
    assert.ok(Math.abs(std / expected - 1) < 4 / Math.sqrt(2 * W.size), `${key}: std ${std}, He ${expected}`);
    assert.ok(net.params[key.replace('W', 'b')]!.data.every((v) => v === 0));
  }
});

/** Backprop against central differences on `perParam` weights sampled from every parameter. */
function sampledGradientCheck(
  net: DeepConvNet,
  x: NDArray,
  t: NDArray,
  perParam: number,
  seed: number,
): Record<string, number> {
  const dropouts = net.layers.filter((l): l is Dropout => l instanceof Dropout);
  net.predict(x, { train: true });
  for (const d of dropouts) d.frozen = true;
  const grads = Object.fromEntries(Object.entries(net.gradient(x, t)).map(([k, g]) => [k, g.copy()]));
  const rng = new Random(seed);
  // A nudge of 1e-5 rather than the book's 1e-4: a first-layer filter weight moves every activation of
  // the network, and with six ReLU layers and three max poolings a 1e-4 nudge of some filter weights
  // crosses a kink (seed 1: four of W1's 144 weights were off by 4e-4..4e-3 at 1e-4 and by <1e-10
  // at 1e-5 and 1e-6, so backprop is right and the difference quotient was not).
  const h = 1e-5;
  const result: Record<string, number> = {};
  for (const [key, param] of Object.entries(net.params)) {
    let sum = 0;
    for (let k = 0; k < perParam; k++) {
      const i = Math.floor(rng.random() * param.size);
      const saved = param.data[i]!;
      param.data[i] = saved + h;
      const plus = net.loss(x, t, { train: true });
      param.data[i] = saved - h;
      const minus = net.loss(x, t, { train: true });
      param.data[i] = saved;
      sum += Math.abs((plus - minus) / (2 * h) - grads[key]!.data[i]!);
    }
    result[key] = sum / perParam;
  }
  return result;
}

test('DeepConvNet backprop agrees with numerical gradients (float64, dropout masks fixed, 1x12x12 images)', () => {
  // 12x12 keeps every stage (the pad-2 convolution makes 6x6 into 8x8 before the second pooling).
  for (const seed of [1, 2]) {
    const net = new DeepConvNet({ inputDim: [1, 12, 12], seed });
    const x = new Random(seed + 10).rand([2, 1, 12, 12]);
    const t = array([3, 7], { dtype: 'int32' });
    const diffs = sampledGradientCheck(net, x, t, 25, seed);
    assert.deepEqual(Object.keys(diffs).length, 16);
    for (const [key, diff] of Object.entries(diffs))
      assert.ok(diff < 1e-7, `seed ${seed}, ${key}: mean |diff| ${diff}`);
    const grads = net.gradient(x, t);
    assert.ok(Math.max(...grads.W1!.abs().data) > 1e-3, 'the first filters get gradients well above the tolerance');
  }
});

test('DeepConvNet round-trips through model tensors with its architecture', () => {
  const net = new DeepConvNet({ dtype: 'float32', seed: 4, hiddenSize: 20, dropoutRatio: 0.3 });
  const { tensors, metadata } = modelToTensors(net);
  const arch = architectureFromMetadata(metadata)!;
  assert.deepEqual(arch, {
    type: 'deep-convnet',
    inputDim: [1, 28, 28],
    hiddenSize: 20,
    outputSize: 10,
    dropoutRatio: 0.3,
  });
  assert.deepEqual(arch, architectureOf(net));
  const copy = modelFromTensors(
    Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, v.copy()])),
    arch,
    'float32',
  );
  const x = new Random(5).rand([4, 784], { dtype: 'float32' });
  assert.deepEqual([...copy.predict(x).data], [...net.predict(x).data]);
});

test('DeepConvNet learns MNIST: 60 Adam steps of 50 images reach test accuracy >= 0.5 (chance: 0.1; measured 0.598)', async () => {
  const mnist = loadMnist({ dtype: 'float32' });
  const head = (split: typeof mnist.train, n: number) => ({ x: split.x.slice(0, n), t: split.t.slice(0, n) });
  const data = { train: head(mnist.train, 3000), test: head(mnist.test, 500) };
  const net = new DeepConvNet({ dtype: 'float32', seed: 6 });
  const history = await new Trainer(net, data, {
    iterations: 60,
    batchSize: 50,
    optimizer: new Adam({ lr: 0.001 }),
    seed: 6,
    evalSampleSize: 500,
  }).fit();
  const testAcc = history.testAcc.at(-1)!;
  assert.ok(testAcc >= 0.5, `test accuracy ${testAcc}`);
});

test('DeepConvNet evaluates in chunks of 74 images (its second convolution unrolls 112896 values per image), with the same accuracy as one pass', () => {
  assert.equal(predictChunkFor(16 * 9 * 28 * 28), 74);
  assert.equal(predictChunkFor(784), 2000, 'small networks keep chunks of 2000 rows');
  assert.equal(predictChunkFor(1e12), 1);
  const net = new DeepConvNet({ dtype: 'float32', seed: 6 });
  const x = new Random(7).rand([160, 784], { dtype: 'float32' });
  const scores = net.predict(x);
  const predicted = scores.argmax(1);
  // Labels that the one-pass prediction gets right on every third image, so a chunk that scored
  // the wrong rows would change the count.
  const labels = Array.from({ length: 160 }, (_, i) =>
    i % 3 === 0 ? predicted.data[i]! : (predicted.data[i]! + 1) % 10,
  );
  const t = array(labels, { dtype: 'int32' });
  assert.equal(net.accuracy(x, t), Math.ceil(160 / 3) / 160);
});
