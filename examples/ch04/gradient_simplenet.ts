// Book section 4.4.2 (ch04/gradient_simplenet.py): the numerical gradient of SimpleNet's loss with
// respect to its weights. The book draws W at random; we use the W it prints, so the output is its.
import { SimpleNet, array } from '../../src/index.js';
import { print } from '../print.js';

const net = new SimpleNet({
  W: [
    [0.47355232, 0.9977393, 0.84668094],
    [0.85557411, 0.03563661, 0.69422093],
  ],
});
print(net.W);

const x = array([0.6, 0.9]);
const p = net.predict(x);
print(p);
console.log(p.argmax());

const t = array([0, 0, 1]);
print(net.loss(x, t));

const dW = net.numericalGradient(x, t).W!;
print(dW);
