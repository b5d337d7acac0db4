// Book §4.3.3, "Partial derivatives", and §4.4, "Gradient" (ch04/gradient_2d.py, which also draws the
// gradient field), on f(x0, x1) = x0² + x1².
// Run: node --import tsx examples/ch04/gradient_2d.ts
import {
  arange,
  array,
  formatShape,
  meshgrid,
  numericalDiff,
  numericalGradient,
  stack,
  zerosLike,
  type NDArray,
} from '../../src/index.js';
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

// gradient_2d.py's numerical_gradient for a batch: one row (one point) at a time. X.row(idx) is a
// view, so the nudges numericalGradient makes in place reach X, as in the book's loop over X.
function numericalGradientBatch(f: (x: NDArray) => number, X: NDArray): NDArray {
  const grad = zerosLike(X);
  for (let idx = 0; idx < X.shape[0]!; idx++) grad.row(idx).assign(numericalGradient(f, X.row(idx)));
  return grad;
}

// The field the book draws with quiver: the gradient at every point of an 18 × 18 grid.
const x0 = arange(-2, 2.5, 0.25);
const x1 = arange(-2, 2.5, 0.25);
let [X, Y] = meshgrid(x0, x1);
print(formatShape(X.shape)); // (18, 18)
X = X.flatten();
Y = Y.flatten();
print(formatShape(X.shape)); // (324,)
const grad = numericalGradientBatch(function2, stack([X, Y]).T).T; // np.array([X, Y]).T
print(formatShape(grad.shape)); // (2, 324)
print(grad.T.at(0)); // grad[:, 0], at (-2, -2): [-4. -4.]
print(grad.T.at(-1)); // grad[:, -1], at (2.25, 2.25): [4.5 4.5]
print(grad.get(0, 0)); // -3.9999999999995595, as numpy computes it
