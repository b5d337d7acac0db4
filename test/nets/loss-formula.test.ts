// lossFormula: 'book' computes the loss as the book's cross_entropy_error(softmax(y), t), with 1e-7
// inside the log; 'exact' (the default) from log-softmax. The gradient is the same with either.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  architectureFromMetadata,
  architectureOf,
  array,
  crossEntropyError,
  DeepConvNet,
  modelFromTensors,
  modelToTensors,
  MultiLayerNet,
  type NDArray,
  Sequential,
  SimpleConvNet,
  softmax,
  Trainer,
  TwoLayerNet,
} from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const x = (): NDArray =>
  array([
    [0.1, 0.2, 0.3, 0.4],
    [0.5, -0.1, 0.2, 0.0],
    [0.9, 0.4, -0.3, 0.2],
  ]);
const t = (): NDArray => array([0, 2, 1]);
const two = (lossFormula?: 'book' | 'exact'): TwoLayerNet =>
  new TwoLayerNet({
    inputSize: 4,
    hiddenSize: 5,
    outputSize: 3,
    seed: 4,
    weightInitStd: 1,
    ...(lossFormula ? { lossFormula } : {}),
  });

test("lossFormula 'book' is the book's cross_entropy_error(softmax(scores), t), 1e-7 inside the log", () => {
  const net = two('book');
  const book = crossEntropyError(softmax(net.predict(x())), t());
  assert.equal(net.loss(x(), t()), book);
  assert.equal(net.lossAndGradient(x(), t()).loss, book);
  // One-hot rows give the same as labels, as the book's function turns them into labels.
  assert.equal(
    net.loss(
      x(),
      array([
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
      ]),
    ),
    book,
  );
  const exact = two().loss(x(), t());
  assert.notEqual(book, exact);
  assert.ok(Math.abs(book - exact) < 1e-5, `${book} vs ${exact}`);
});

test("the gradient is the same with lossFormula 'book' and 'exact'", () => {
  const a = two('book').gradient(x(), t());
  const b = two('exact').gradient(x(), t());
  for (const key of Object.keys(b)) assert.deepEqual(a[key]!.toArray(), b[key]!.toArray(), key);
});

test('every network takes lossFormula; an unknown formula, or the book formula with another loss, is refused', () => {
  const seq = new Sequential({ inputShape: [4], layers: 'dense3', lossFormula: 'book', seed: 1, dtype: 'float64' });
  assert.equal(seq.lossFormula, 'book');
  assert.equal(seq.config.lossFormula, 'book');
  assert.equal(
    new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 3, lossFormula: 'book' }).lossFormula,
    'book',
  );
  assert.equal(
    new SimpleConvNet({ inputDim: [1, 8, 8], filterNum: 2, filterSize: 3, lossFormula: 'book' }).lossFormula,
    'book',
  );
  assert.equal(new DeepConvNet({ inputDim: [1, 8, 8], lossFormula: 'book' }).lossFormula, 'book');
  assert.equal(two().lossFormula, 'exact');
  assert.equal('lossFormula' in two().config, false);
  throwsWith(() => two('log' as never), 'BAD_ARGUMENT', /^TwoLayerNet: lossFormula must be 'exact' or 'book'/);
  throwsWith(
    () => new Sequential({ inputShape: [4], layers: 'dense1', loss: 'mse', lossFormula: 'book' }),
    'BAD_ARGUMENT',
    /^Sequential: lossFormula 'book'.*'mse'/,
  );
});

test('lossFormula is saved with the architecture and comes back with the model', () => {
  for (const net of [
    two('book'),
    new Sequential({ inputShape: [4], layers: 'dense5,relu,dense3', lossFormula: 'book', dtype: 'float64', seed: 1 }),
  ]) {
    assert.equal(architectureOf(net).lossFormula, 'book');
    const { tensors, metadata } = modelToTensors(net);
    const arch = architectureFromMetadata(metadata)!;
    assert.equal(arch.lossFormula, 'book');
    const copy = modelFromTensors(tensors, arch);
    assert.equal(copy.lossFormula, 'book');
    assert.equal(copy.loss(x(), t()), net.loss(x(), t()));
  }
  assert.equal('lossFormula' in architectureOf(two()), false);
});

test("the Trainer's losses follow the network's formula", async () => {
  const data = { train: { x: x(), t: t() } };
  const options = { iterations: 2, batchSize: 3, seed: 1, yieldEvery: 0 };
  const book = await new Trainer(two('book'), data, options).fit();
  const exact = await new Trainer(two(), data, options).fit();
  // The same batches (same seed), the same updates (the same gradient): only the printed loss differs.
  for (let i = 0; i < 2; i++) {
    assert.notEqual(book.loss[i], exact.loss[i]);
    assert.ok(Math.abs(book.loss[i]! - exact.loss[i]!) < 1e-5);
  }
});
