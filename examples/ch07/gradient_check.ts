// Book section 7.5 (ch07/gradient_check.py): backpropagation through a small SimpleConvNet against
// numerical gradients, on one random 1×10×10 image with its label as the book writes it, a (1, 1)
// array. Prints the mean absolute difference per parameter. W1 and b1 show a few 1e-6: with the
// book's weight scale 0.01 the hidden pre-activations are about the size of the numerical nudge
// (1e-4), so central differences straddle ReLU kinks and pooling ties there; the later layers agree
// to about 1e-10 (test/nets/simple-conv-net.test.ts checks every layer to 1e-7 with He weights).
// Run: node --import tsx examples/ch07/gradient_check.ts
import { Random, SimpleConvNet, array } from '../../src/index.js';
import { print } from '../print.js';

const network = new SimpleConvNet({
  inputDim: [1, 10, 10],
  filterNum: 10,
  filterSize: 3,
  pad: 0,
  stride: 1,
  hiddenSize: 10,
  outputSize: 10,
  weightInit: 0.01,
  seed: 0,
});

const X = new Random(0).rand(100).reshape(1, 1, 10, 10);
const T = array([1]).reshape(1, 1);

const gradNum = network.numericalGradient(X, T);
const grad = network.gradient(X, T);

for (const [key, value] of Object.entries(gradNum)) {
  const other = grad[key]!;
  let sum = 0;
  for (let i = 0; i < value.size; i++) sum += Math.abs(value.data[i]! - other.data[i]!);
  print(key, sum / value.size);
}
