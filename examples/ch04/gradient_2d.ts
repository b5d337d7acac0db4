// Book §4.3.3, "Partial derivatives", and §4.4, "Gradient" (ch04/gradient_2d.py, which also draws the
// gradient field), on f(x0, x1) = x0² + x1².
// Run: node --import tsx examples/ch04/gradient_2d.ts
import { array, numericalDiff, numericalGradient, type NDArray } from '../../src/index.js';
import { print } from '../print.js';

// §4.3.3: each partial derivative is a 1-D derivative with the other variable held fixed.
function functionTmp1(x0: number): number {
  return x0 * x0 + 4.0 ** 2.0; // ∂f/∂x0 at (3, 4)
}
function functionTmp2(x1: number): number {
  return 3.0 ** 2.0 + x1 * x1; // ∂f/∂x1 at (3, 4)
}
print(numericalDiff(functionTmp1, 3.0)); // 6.00000000000378
print(numericalDiff(functionTmp2, 4.0)); // 7.999999999999119

// §4.4: the gradient collects all the partial derivatives at once.
function function2(x: NDArray): number {
  return x.square().sum();
}
console.log(numericalGradient(function2, array([3.0, 4.0]))); // array([6., 8.])
console.log(numericalGradient(function2, array([0.0, 2.0]))); // array([0., 4.])
console.log(numericalGradient(function2, array([3.0, 0.0]))); // array([6., 0.])
