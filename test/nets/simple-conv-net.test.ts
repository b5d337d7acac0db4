// SimpleConvNet (the book's chapter 7 network): the gradient check on the book's 1×10×10 input,
// shapes and parameter names, rows accepted as images, and a short float32 training run on MNIST.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam,
  Random,
  ScratchnetError,
  SimpleConvNet,
  Trainer,
  array,
  gradientCheck,
  loadMnist,
} from '../../src/index.js';

const TOL = 1e-7;

function assertChecked(result: Record<string, { meanAbsDiff: number }>): void {
  assert.deepEqual(Object.keys(result).sort(), ['W1', 'W2', 'W3', 'b1', 'b2', 'b3']);
  for (const [key, { meanAbsDiff }] of Object.entries(result)) assert.ok(meanAbsDiff < TOL, `${key}: ${meanAbsDiff}`);
}

test("SimpleConvNet passes the gradient check on the book's 1×10×10 input", () => {
  // The book's gradient_check.py shape: one 1×10×10 image, 10 filters of 3×3, hidden 10, label 1.
  // With He-scaled weights rather than the book's std 0.01: at 0.01 the hidden pre-activations are
  // ~1e-4, the size of the numerical nudge, so central differences straddle ReLU kinks and pooling
  // ties and measure those instead of the gradient (seed 1 gave W1 7e-7, b1 3e-6 that way).
  for (const seed of [1, 2, 3]) {
    const rng = new Random(seed);
    const net = new SimpleConvNet({
      inputDim: [1, 10, 10],
      filterNum: 10,
      filterSize: 3,
      hiddenSize: 10,
      outputSize: 10,
      weightInit: 'he',
      seed,
    });
    assertChecked(gradientCheck(net, rng.rand([1, 1, 10, 10]), array([1], { dtype: 'int32' })));
  }
  // Two channels, padding 1, stride 2, a batch of three: gradients far from zero, so the comparison
  // cannot pass merely because everything is tiny.
  const rng = new Random(4);
  const padded = new SimpleConvNet({
    inputDim: [2, 10, 10],
    filterNum: 4,
    filterSize: 3,
    pad: 1,
    stride: 2,
    hiddenSize: 6,
    outputSize: 3,
    weightInit: 0.3,
    seed: 2,
  });
  const x = rng.rand([3, 2, 10, 10]);
  const t = array([0, 2, 1], { dtype: 'int32' });
  assertChecked(gradientCheck(padded, x, t));
  assert.ok(
    Math.max(...padded.gradient(x, t).W1!.abs().data) > 1e-3,
    'the filters get gradients well above the tolerance',
  );
});

test('SimpleConvNet has the book parameters and takes NCHW images or rows of pixels', () => {
  const net = new SimpleConvNet({ dtype: 'float32', seed: 3 });
  const shapes = Object.fromEntries(Object.entries(net.params).map(([k, p]) => [k, p.shape]));
  assert.deepEqual(shapes, { W1: [30, 1, 5, 5], b1: [30], W2: [4320, 100], b2: [100], W3: [100, 10], b3: [10] });
  const rows = new Random(4).rand([2, 784], { dtype: 'float32' });
  const fromRows = net.predict(rows);
  const fromImages = net.predict(rows.reshape(2, 1, 28, 28));
  assert.deepEqual(fromRows.shape, [2, 10]);
  assert.deepEqual([...fromRows.data], [...fromImages.data]);
  assert.throws(
    () => net.predict(rows.reshape(2, 28, 28)),
    (e: unknown) =>
      e instanceof ScratchnetError &&
      e.code === 'SHAPE_MISMATCH' &&
      e.message.includes('(2, 28, 28)') &&
      e.message.includes('(batch, 1, 28, 28)'),
  );
});

test('SimpleConvNet learns MNIST: 300 Adam steps on 3000 images reach test accuracy >= 0.85 (chance: 0.1)', async () => {
  const mnist = loadMnist({ dtype: 'float32' });
  const head = (split: typeof mnist.train, n: number) => ({ x: split.x.slice(0, n), t: split.t.slice(0, n) });
  const data = { train: head(mnist.train, 3000), test: head(mnist.test, 1000) };
  const net = new SimpleConvNet({ dtype: 'float32', seed: 5 });
  const history = await new Trainer(net, data, {
    iterations: 300,
    batchSize: 50,
    optimizer: new Adam({ lr: 0.001 }),
    seed: 5,
  }).fit();
  const testAcc = history.testAcc.at(-1)!;
  assert.ok(testAcc >= 0.85, `test accuracy ${testAcc}`);
});
