// Book §3.6.2–3.6.3, "Inference by the neural network" and "Batch processing" (ch03/neuralnet_mnist.py
// and neuralnet_mnist_batch.py): the book's trained weights, sample_weight.pkl, classify the 10000
// MNIST test images, first one image at a time, then 100 at a time. Both print the book's accuracy.
// Run: node --import tsx examples/ch03/neuralnet_mnist.ts
import { readFileSync } from 'node:fs';
import {
  add,
  argmax,
  dot,
  loadMnist,
  loadPickleArrays,
  sigmoid,
  softmax,
  sum,
  type ArrayLike,
  type NDArray,
} from '../../src/index.js';

function getData(): [NDArray, NDArray] {
  // The book's load_mnist(normalize=True) gives float32 pixels in [0, 1].
  const { test } = loadMnist({ normalize: true, flatten: true, oneHotLabel: false, dtype: 'float32' });
  return [test.x, test.t];
}

function initNetwork(): Record<string, NDArray> {
  // pickle.load(f) of the book's file: a dict of float32 arrays W1, b1, W2, b2, W3, b3.
  const bytes = readFileSync(new URL('../../test/fixtures/pickle/sample_weight.pkl', import.meta.url));
  return loadPickleArrays(new Uint8Array(bytes), 'sample_weight.pkl');
}

function predict(network: Record<string, NDArray>, x: ArrayLike): NDArray {
  const { W1, W2, W3, b1, b2, b3 } = network as Record<'W1' | 'W2' | 'W3' | 'b1' | 'b2' | 'b3', NDArray>;
  const a1 = add(dot(x, W1), b1);
  const z1 = sigmoid(a1);
  const a2 = add(dot(z1, W2), b2);
  const z2 = sigmoid(a2);
  const a3 = add(dot(z2, W3), b3);
  const y = softmax(a3);
  return y;
}

const [x, t] = getData();
const network = initNetwork();

// §3.6.2: one image at a time; x.at(i) is the book's x[i], one row of 784 pixels.
let accuracyCnt = 0;
for (let i = 0; i < x.shape[0]!; i++) {
  const y = predict(network, x.at(i));
  const p = argmax(y); // the index of the most likely class
  if (p === t.at(i)) accuracyCnt += 1;
}
console.log(`Accuracy:${accuracyCnt / x.shape[0]!}`);

// §3.6.3: the same in batches of 100; x.slice(i, i + batchSize) is the book's x[i:i+batch_size].
const batchSize = 100;
accuracyCnt = 0;
for (let i = 0; i < x.shape[0]!; i += batchSize) {
  const xBatch = x.slice(i, i + batchSize);
  const yBatch = predict(network, xBatch);
  const p = argmax(yBatch, 1);
  accuracyCnt += sum(p.eq(t.slice(i, i + batchSize)));
}
console.log(`Accuracy:${accuracyCnt / x.shape[0]!}`);
