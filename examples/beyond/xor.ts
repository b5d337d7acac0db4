/**
 * Beyond the book: XOR, the function a single perceptron cannot draw (the book's §2.4), learnt by a
 * 2-8-2 `Sequential` network written as a compact spec. Full-batch Adam on the four samples, then each
 * prediction with the probability softmax gives it.
 *
 *   node --import tsx examples/beyond/xor.ts
 */
import { Adam, array, Sequential, softmax } from '../../src/index.js';

const x = array([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
// Class indices: 1 where exactly one input is 1.
const t = array([0, 1, 1, 0], { dtype: 'int32' });

const net = new Sequential({ inputShape: [2], layers: 'dense8,tanh,dense2', weightInit: 'xavier', seed: 1 });
console.log(net.summary());
const optimizer = new Adam({ lr: 0.05 });

for (let step = 1; step <= 300; step++) {
  const { loss, grads } = net.lossAndGradient(x, t);
  optimizer.update(net.params, grads);
  if (step % 50 === 0) console.log(`step ${step}: loss ${loss.toFixed(4)}`);
}

const probabilities = softmax(net.predict(x));
const predicted = probabilities.argmax(1);
for (let i = 0; i < 4; i++) {
  const label = predicted.get(i);
  const p = probabilities.get(i, label).toFixed(4);
  console.log(`${x.get(i, 0)} xor ${x.get(i, 1)} -> ${label} (probability ${p})`);
}
console.log(`accuracy ${net.accuracy(x, t)}`);
