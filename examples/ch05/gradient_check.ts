// Book section 5.7.3 (ch05/gradient_check.py): backpropagation against numerical gradients on the
// first three MNIST training images, printing the mean absolute difference per parameter.
// With ReLU, an input to the kink that lies within ±1e-4 of 0 makes the numerical derivative average
// the two slopes, so a bias can show ~1e-5 here (as in the book's own run) while a check with inputs
// away from the kink gives < 1e-9 (test/nets/gradient-check.test.ts).
// The loss is the exact log-softmax one: with `lossFormula: 'book'` (1e-7 inside the log) the numerical
// side differentiates that offset too and b2 shows 1.4e-7, while the book prints b2:1.1945999745e-10,
// which is what the exact formula gives (1.2e-10).
import { TwoLayerNet, gradientCheck, loadMnist } from '../../src/index.js';

const { train } = loadMnist({ normalize: true, oneHotLabel: true });
const network = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, seed: 0 });

const xBatch = train.x.slice(0, 3);
const tBatch = train.t.slice(0, 3);

for (const [key, { meanAbsDiff }] of Object.entries(gradientCheck(network, xBatch, tBatch))) {
  console.log(`${key}:${meanAbsDiff}`);
}
