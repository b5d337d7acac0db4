// Sequential as a network: summary, parameter names, the book's machinery (optimizers, Trainer),
// training on small synthetic data, and the setups it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam,
  array,
  BatchNormalization,
  ChannelBatchNormalization,
  Dropout,
  MeanSquaredErrorLoss,
  Momentum,
  NDArray,
  Random,
  Relu,
  SGD,
  Sequential,
  SigmoidWithLoss,
  Trainer,
} from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';
import { LayerNet } from '../../src/nets/layer-net.js';

test("summary() of the book's convnet shows every layer, its output shape and 433,890 parameters", () => {
  const net = new Sequential({ inputShape: [1, 28, 28], layers: 'conv30x5,relu,pool2,dense100,relu,dense10', seed: 1 });
  const summary = net.summary();
  assert.match(summary, /Total params: 433,890/);
  assert.match(summary, /1\s+conv30x5\s+Convolution\s+\(None, 30, 24, 24\)\s+780/);
  assert.match(summary, /3\s+pool2\s+Pooling\s+\(None, 30, 12, 12\)\s+0/);
  assert.match(summary, /4\s+dense100\s+Affine\s+\(None, 100\)\s+432,100/);
  assert.deepEqual(Object.keys(net.params), ['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
  assert.deepEqual(net.params.W1!.shape, [30, 1, 5, 5]);
  assert.deepEqual(net.params.W2!.shape, [4320, 100]);
  assert.equal(net.dtype, 'float32');
  const x = new Random(1).randn([2, 784], { dtype: 'float32' });
  assert.deepEqual(net.predict(x).shape, [2, 10]);
  assert.deepEqual(net.predict(x.reshape(2, 1, 28, 28)).shape, [2, 10]);
});

test('parameters are named as the book names them, in layer order, and weightInit can be set per layer', () => {
  const net = new Sequential({
    inputShape: [3, 6, 6],
    layers: [
      { type: 'conv', filters: 4, size: 3, pad: 1 },
      { type: 'batchnorm' },
      { type: 'relu' },
      { type: 'avgpool', size: 2 },
      { type: 'dense', units: 5, weightInit: 0.001 },
      { type: 'batchnorm' },
      { type: 'tanh' },
      { type: 'dropout', ratio: 0.2 },
      { type: 'dense', units: 2 },
    ],
    seed: 3,
  });
  assert.deepEqual(Object.keys(net.params), ['W1', 'b1', 'gamma1', 'beta1', 'W2', 'b2', 'gamma2', 'beta2', 'W3', 'b3']);
  assert.deepEqual(net.params.gamma1!.shape, [4]);
  assert.deepEqual(net.params.gamma2!.shape, [5]);
  assert.ok(net.layers[1] instanceof ChannelBatchNormalization);
  assert.ok(net.layers[5] instanceof BatchNormalization && !(net.layers[5] instanceof ChannelBatchNormalization));
  assert.ok(net.layers[7] instanceof Dropout);
  const w2 = net.params.W2!.data;
  const std = Math.sqrt(Array.from(w2).reduce((s, v) => s + v * v, 0) / w2.length);
  assert.ok(std > 0.0008 && std < 0.0012, `W2 std ${std}`);
  assert.match(net.summary(), /dense5 init=0\.001/);
  const again = new Sequential({ ...net.config });
  assert.deepEqual(Array.from(again.params.W1!.data), Array.from(net.params.W1!.data));
});

test('Sequential works with the optimizers: a few SGD and Momentum steps lower the loss', () => {
  const rng = new Random(5);
  const x = rng.randn([20, 4], { dtype: 'float32' });
  const t = array(
    Array.from({ length: 20 }, (_, i) => i % 3),
    { dtype: 'int32' },
  );
  for (const optimizer of [new SGD({ lr: 0.1 }), new Momentum({ lr: 0.05 })]) {
    const net = new Sequential({ inputShape: [4], layers: 'dense8,relu,dense3', seed: 2 });
    const before = net.loss(x, t);
    for (let i = 0; i < 30; i++) optimizer.update(net.params, net.gradient(x, t));
    assert.ok(net.loss(x, t) < before * 0.8, `${before} -> ${net.loss(x, t)}`);
  }
});

const xor = array([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);

test('XOR trains with the Trainer and Adam to accuracy 1, with softmax and with sigmoid cross-entropy', async () => {
  const softmax = new Sequential({ inputShape: [2], layers: 'dense8,tanh,dense2', seed: 1 });
  const labels = array([0, 1, 1, 0], { dtype: 'int32' });
  const data = { train: { x: xor, t: labels }, test: { x: xor, t: labels } };
  const history = await new Trainer(softmax, data, {
    epochs: 300,
    batchSize: 4,
    optimizer: new Adam({ lr: 0.05 }),
    seed: 1,
  }).fit();
  assert.equal(history.testAcc.at(-1), 1);

  const sigmoid = new Sequential({
    inputShape: [2],
    layers: 'dense8,tanh,dense1',
    loss: 'sigmoid-cross-entropy',
    seed: 1,
  });
  assert.ok(sigmoid.lastLayer instanceof SigmoidWithLoss);
  const column = array([[0], [1], [1], [0]]);
  const binary = { train: { x: xor, t: column }, test: { x: xor, t: column } };
  const run = await new Trainer(sigmoid, binary, {
    epochs: 300,
    batchSize: 4,
    optimizer: new Adam({ lr: 0.05 }),
    seed: 1,
  }).fit();
  assert.equal(run.testAcc.at(-1), 1);
  assert.ok(run.loss.at(-1)! < 0.1, `loss ${run.loss.at(-1)}`);
  assert.equal(sigmoid.accuracy(xor, array([0, 1, 1, 0])), 1);
  assert.equal(sigmoid.accuracy(xor, array([1, 0, 0, 1])), 0);
});

test("a regression with 'mse' on y = sin(x) cuts the loss a hundredfold, and accuracy is R²", async () => {
  const n = 200;
  const xs = Array.from({ length: n }, (_, i) => -3 + (6 * i) / (n - 1));
  const x = array(
    xs.map((v) => [v]),
    { dtype: 'float32' },
  );
  const t = array(
    xs.map((v) => [Math.sin(v)]),
    { dtype: 'float32' },
  );
  const net = new Sequential({
    inputShape: [1],
    layers: 'dense32,tanh,dense32,tanh,dense1',
    loss: 'mse',
    weightInit: 'xavier',
    seed: 1,
  });
  assert.ok(net.lastLayer instanceof MeanSquaredErrorLoss);
  const before = net.loss(x, t);
  const data = { train: { x, t }, test: { x, t } };
  const history = await new Trainer(net, data, {
    epochs: 150,
    batchSize: 20,
    optimizer: new Adam({ lr: 0.01 }),
    seed: 1,
  }).fit();
  const after = net.loss(x, t);
  assert.ok(after < before / 100, `mse loss ${before} -> ${after}`);
  assert.ok(history.testAcc.at(-1)! > 0.99, `R² ${history.testAcc.at(-1)}`);
  // R² by hand: 1 − Σ(y − t)² / Σ(t − mean)².
  const y = net.predict(x).data;
  const mean = xs.reduce((s, v) => s + Math.sin(v), 0) / n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (y[i]! - t.data[i]!) ** 2;
    tot += (t.data[i]! - mean) ** 2;
  }
  assert.ok(Math.abs(net.accuracy(x, t) - (1 - res / tot)) < 1e-6);
  assert.ok(Math.abs(after - (0.5 * res) / n) < 1e-6, 'the loss is ½·Σ(y − t)² averaged over the batch');
});

test('layers that cannot take their input are refused when the network is built, naming the layer and the shape', () => {
  throwsWith(
    () => new Sequential({ inputShape: [10], layers: 'dense5,conv3x3,dense2' }),
    'SHAPE_MISMATCH',
    /layer 2 \(conv3x3\)/,
    /\(5,\)/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [1, 4, 4], layers: 'conv2x5,dense2' }),
    'SHAPE_MISMATCH',
    /layer 1 \(conv2x5\)/,
    /\(1, 4, 4\)/,
    /window of 5/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [1, 2, 2], layers: 'pool2,pool2,dense2' }),
    'SHAPE_MISMATCH',
    /layer 2 \(pool2\)/,
    /\(1, 1, 1\)/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [1, 2, 2], layers: 'flatten,avgpool2,dense2' }),
    'SHAPE_MISMATCH',
    /layer 2 \(avgpool2\)/,
    /\(4,\)/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [1, 4, 4], layers: 'conv2x3' }),
    'SHAPE_MISMATCH',
    /last layer, layer 1/,
    /dense/,
  );
});

test('wrong setups fail loudly: bad settings, unknown types, one output with softmax, no parameters', () => {
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense3,relu,dense1' }),
    'BAD_ARGUMENT',
    /sigmoid-cross-entropy/,
    /mse/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense3', loss: 'sigmoid-cross-entropy' }),
    'BAD_ARGUMENT',
    /1 output/,
    /softmax-cross-entropy/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: [{ type: 'relu' }] }),
    'BAD_ARGUMENT',
    /no trainable layer/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense0' }),
    'BAD_ARGUMENT',
    /layer 1 \(dense0\)/,
    /units/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dropout1.5,dense2' }),
    'BAD_ARGUMENT',
    /layer 1 \(dropout1\.5\)/,
    /ratio/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'leakyrelu2,dense2' }),
    'BAD_ARGUMENT',
    /layer 1 \(leakyrelu2\)/,
    /alpha/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: [{ type: 'softmax' } as never] }),
    'BAD_ARGUMENT',
    /layer 1/,
    /"softmax"/,
    /dense, conv/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense2,sofmax' }),
    'BAD_ARGUMENT',
    /"sofmax"/,
    /position 2/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense2', loss: 'hinge' as never }),
    'BAD_ARGUMENT',
    /loss/,
    /'mse'/,
  );
  throwsWith(() => new Sequential({ inputShape: [2, 3], layers: 'dense2' }), 'BAD_ARGUMENT', /inputShape/);
  throwsWith(() => new Sequential({ inputShape: [4], layers: [] }), 'BAD_ARGUMENT', /non-empty/);
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense2', hidden: 3 } as never),
    'BAD_ARGUMENT',
    /"hidden"/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense2', dtype: 'int32' as never }),
    'BAD_DTYPE',
    /dtype/,
  );
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense2', weightInit: 'lecun' as never }),
    'BAD_ARGUMENT',
    /weightInit/,
  );
});

test('targets that do not fit the loss are refused by loss() and gradient(), naming the loss that fits', () => {
  const x = new Random(1).randn([3, 4], { dtype: 'float32' });
  const softmax = new Sequential({ inputShape: [4], layers: 'dense3', seed: 1 });
  throwsWith(
    () => softmax.loss(x, array([0, 3, 1], { dtype: 'int32' })),
    'BAD_ARGUMENT',
    /label 3/,
    /'sigmoid-cross-entropy'/,
    /'mse'/,
  );
  throwsWith(
    () =>
      softmax.gradient(
        x,
        array([
          [1, 0],
          [0, 1],
          [1, 0],
        ]),
      ),
    'SHAPE_MISMATCH',
    /\(3, 2\)/,
    /one-hot rows/,
  );
  throwsWith(
    () =>
      softmax.accuracy(
        x,
        array([
          [1, 0],
          [0, 1],
          [1, 0],
        ]),
      ),
    'SHAPE_MISMATCH',
    /one-hot targets must be \(3, 3\)/,
  );
  const binary = new Sequential({ inputShape: [4], layers: 'dense1', loss: 'sigmoid-cross-entropy', seed: 1 });
  throwsWith(() => binary.loss(x, array([0, 2, 1])), 'BAD_ARGUMENT', /target 2 at index 1/, /'softmax-cross-entropy'/);
  throwsWith(
    () =>
      binary.gradient(
        x,
        array([
          [0, 1],
          [1, 0],
          [0, 1],
        ]),
      ),
    'SHAPE_MISMATCH',
    /\(3, 1\) or \(3,\)/,
  );
  const regression = new Sequential({ inputShape: [4], layers: 'dense2', loss: 'mse', seed: 1 });
  throwsWith(() => regression.loss(x, array([0.5, 1, 2])), 'SHAPE_MISMATCH', /\(3, 2\)/, /'softmax-cross-entropy'/);
  throwsWith(() => regression.predict(new Random(1).randn([3, 5])), 'SHAPE_MISMATCH', /\(batch, 4\)/, /\(3, 5\)/);
  assert.ok(regression.predict(x) instanceof NDArray);
});

test('a LayerNet given layers directly, with no registered parameters, refuses to train instead of training to nothing', () => {
  const net = new LayerNet([new Relu()], 'float64');
  throwsWith(
    () => net.lossAndGradient(array([[1, 2]]), array([1], { dtype: 'int32' })),
    'BAD_ARGUMENT',
    /no parameters/,
    /Sequential/,
  );
});
