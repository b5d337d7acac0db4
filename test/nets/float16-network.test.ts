// The chapter 3 network on the 10000 MNIST test images with float16 weights and images, against the
// accuracies numpy gets (test/fixtures/float16/make_fixtures.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  add,
  Affine,
  ARCHITECTURES,
  div,
  dot,
  exp,
  loadMnist,
  loadPickleArrays,
  modelFromTensors,
  neg,
  Sigmoid,
  sub,
  type NDArray,
} from '../../src/index.js';
import { f16round } from '../../src/ndarray/half.js';

const numpy = (
  JSON.parse(readFileSync(new URL('../fixtures/float16/expected.json', import.meta.url), 'utf8')) as {
    halfFloatNetwork: { float64: number; float16: number; changedPredictions: number; allFloat16: number };
  }
).halfFloatNetwork;

const weights = loadPickleArrays(
  new Uint8Array(readFileSync(new URL('../fixtures/pickle/sample_weight.pkl', import.meta.url))),
);
const { test: mnist } = loadMnist();
const half = (name: string): NDArray => weights[name]!.astype('float16');

function accuracyOf(scores: NDArray): number {
  const predicted = scores.argmax(1);
  let correct = 0;
  for (let i = 0; i < predicted.size; i++) if (predicted.data[i] === mnist.t.data[i]) correct++;
  return correct / predicted.size;
}

test("every array float16, the book's chapter 3 functions give numpy's float16 accuracy exactly", () => {
  // sigmoid and softmax written as the book writes them, so every step rounds to float16 as in numpy.
  const sigmoid = (x: NDArray): NDArray => div(1, add(1, exp(neg(x))));
  const softmax = (a: NDArray): NDArray => {
    const e = exp(sub(a, a.max(1, true)));
    return div(e, e.sum(1, true));
  };
  const x = mnist.x.astype('float16');
  const z1 = sigmoid(add(dot(x, half('W1')), half('b1')));
  const z2 = sigmoid(add(dot(z1, half('W2')), half('b2')));
  const y = softmax(add(dot(z2, half('W3')), half('b3')));
  assert.equal(y.dtype, 'float16');
  assert.equal(accuracyOf(y), numpy.allFloat16);
});

test('Affine and Sigmoid layers built from float16 arrays compute float16 scores near numpy accuracy', () => {
  const layers = [
    new Affine(half('W1'), half('b1')),
    new Sigmoid(),
    new Affine(half('W2'), half('b2')),
    new Sigmoid(),
    new Affine(half('W3'), half('b3')),
  ];
  let y = mnist.x.astype('float16');
  for (const layer of layers) y = layer.forward(y);
  assert.equal(y.dtype, 'float16');
  // The Sigmoid layer rounds σ(x) once where the book's 1 / (1 + exp(-x)) rounds four times.
  assert.ok(Math.abs(accuracyOf(y) - numpy.allFloat16) <= 0.001, `${accuracyOf(y)} vs ${numpy.allFloat16}`);
});

test("float16 values written into a network's parameters in place, and float16 input, as ch08 does", () => {
  const network = modelFromTensors(weights, ARCHITECTURES['book-ch03']!);
  const before = network.predict(mnist.x).argmax(1);
  assert.equal(network.accuracy(mnist.x, mnist.t), numpy.float64);
  for (const param of Object.values(network.params)) param.assign(param.astype('float16'));
  for (const param of Object.values(network.params)) {
    assert.equal(param.dtype, 'float64', 'the parameters keep their dtype');
    assert.ok(
      param.data.every((v) => f16round(v) === v),
      'and hold float16 values',
    );
  }
  const x16 = mnist.x.astype('float16');
  assert.equal(network.accuracy(x16, mnist.t), numpy.float16);
  const after = network.predict(x16).argmax(1);
  let changed = 0;
  for (let i = 0; i < after.size; i++) if (after.data[i] !== before.data[i]) changed++;
  assert.equal(changed, numpy.changedPredictions);
});
