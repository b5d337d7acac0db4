// Book §8.3.4, "Arithmetic precision" (ch08/half_float_network.py): the accuracy of a trained
// network on the 10000 MNIST test images, then again after converting the test images and every
// parameter to float16. The book loads a trained DeepConvNet; this uses the chapter 3 weights
// (sample_weight.pkl, the 784-50-100-10 sigmoid network), so its accuracy is the chapter's 0.9352.
// As in the book, float16 halves what the numbers hold but leaves the accuracy where it was.
// Run: node --import tsx examples/ch08/half_float_network.ts
import { readFileSync } from 'node:fs';
import { ARCHITECTURES, loadMnist, loadPickleArrays, modelFromTensors } from '../../src/index.js';
import { print } from '../print.js';

const weights = loadPickleArrays(
  new Uint8Array(readFileSync(new URL('../../test/fixtures/pickle/sample_weight.pkl', import.meta.url))),
);
const network = modelFromTensors(weights, ARCHITECTURES['book-ch03']!);
const { test } = loadMnist();

const sampled = 10000; // the book samples to save time
let xTest = test.x.slice(0, sampled);
const tTest = test.t.slice(0, sampled);

print('caluculate accuracy (float64) ... ');
print(network.accuracy(xTest, tTest));

// Convert to float16. Like the book's `param[...] = param.astype(np.float16)`, each parameter keeps
// its float64 array and only takes the float16 values.
xTest = xTest.astype('float16');
for (const param of Object.values(network.params)) param.assign(param.astype('float16'));

print('caluculate accuracy (float16) ... ');
print(network.accuracy(xTest, tTest));
