// The book's chapter 3 inference (ch03/neuralnet_mnist.py) with its own pretrained weights, read
// from the pickle: 9352 of the 10000 MNIST test images right, as the book prints ("Accuracy:0.9352").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { add, argmax, dot, loadMnist, loadPickleArrays, sigmoid, softmax, type NDArray } from '../../src/index.js';

const weights = loadPickleArrays(
  new Uint8Array(readFileSync(new URL('../fixtures/pickle/sample_weight.pkl', import.meta.url))),
  'sample_weight.pkl',
);

function predict(network: Record<string, NDArray>, x: NDArray): NDArray {
  const { W1, W2, W3, b1, b2, b3 } = network;
  const z1 = sigmoid(add(dot(x, W1!), b1!));
  const z2 = sigmoid(add(dot(z1, W2!), b2!));
  return softmax(add(dot(z2, W3!), b3!));
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`chapter 3: sample_weight.pkl classifies 9352 of 10000 MNIST test images in ${dtype}`, () => {
    const { test: testSet } = loadMnist({ normalize: true, flatten: true, dtype });
    const network = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, v.astype(dtype)]));
    const y = predict(network, testSet.x);
    assert.equal(y.dtype, dtype);
    const p = argmax(y, 1);
    let correct = 0;
    for (let i = 0; i < p.size; i++) if (p.data[i] === testSet.t.data[i]) correct++;
    assert.equal(correct, 9352);
    assert.equal(`Accuracy:${correct / testSet.t.size}`, 'Accuracy:0.9352');
    assert.deepEqual([...p.data.subarray(0, 10)], [7, 2, 1, 0, 4, 1, 4, 9, 6, 9]);
  });
}
