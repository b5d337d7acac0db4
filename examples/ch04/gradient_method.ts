// Book §4.4.1, "Gradient method" (ch04/gradient_method.py, which plots 20 steps of the path): minimise
// f(x0, x1) = x0² + x1² from (-3, 4) in 100 steps, with a good, a too-large and a too-small learning rate.
// Run: node --import tsx examples/ch04/gradient_method.ts
import { array, gradientDescent, type NDArray } from '../../src/index.js';

function function2(x: NDArray): number {
  return x.square().sum();
}

// Unlike the book's version, gradientDescent leaves initX alone, so one initX serves all three runs.
const initX = array([-3.0, 4.0]);

// lr = 0.1: close to the minimum (0, 0).
console.log(gradientDescent(function2, initX, { lr: 0.1, stepNum: 100 }).x); // array([-6.11110793e-10,  8.14814391e-10])

// lr = 10: too large, the steps overshoot and diverge.
console.log(gradientDescent(function2, initX, { lr: 10.0, stepNum: 100 }).x); // array([-2.58983747e+13, -1.29524862e+12])

// lr = 1e-10: too small, it has hardly moved.
console.log(gradientDescent(function2, initX, { lr: 1e-10, stepNum: 100 }).x); // array([-2.99999994,  3.99999992])
