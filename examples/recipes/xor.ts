/**
 * Recipe: a 2-8-2 network learns XOR, the function a single perceptron cannot draw (the book's §2.4).
 * Four samples, two classes; full-batch Adam on MultiLayerNet, then the four predictions.
 *
 *   node --import tsx examples/recipes/xor.ts
 */
import { Adam, array, MultiLayerNet } from '../../src/index.js';

const x = array([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
// Class indices: 1 where exactly one input is 1.
const t = array([0, 1, 1, 0], { dtype: 'int32' });

const net = new MultiLayerNet({ inputSize: 2, hiddenSizes: [8], outputSize: 2, activation: 'relu', seed: 1 });
const optimizer = new Adam({ lr: 0.05 });

for (let step = 1; step <= 500; step++) {
  const { loss, grads } = net.lossAndGradient(x, t);
  optimizer.update(net.params, grads);
  if (step % 100 === 0) console.log(`step ${step}: loss ${loss.toFixed(4)}`);
}

const predicted = net.predict(x).argmax(1);
for (let i = 0; i < 4; i++) console.log(`${x.get(i, 0)} xor ${x.get(i, 1)} -> ${predicted.get(i)}`);
console.log(`accuracy ${net.accuracy(x, t)}`);
