// Book §4.3.1–4.3.2, "Derivatives" and "An example of numerical differentiation" (ch04/gradient_1d.py,
// which also plots the tangent line).
// Run: node --import tsx examples/ch04/gradient_1d.ts
import { array, numericalDiff } from '../../src/index.js';
import { print } from '../print.js';

// §4.3.1: why h = 1e-4 and not 1e-50: in float32, 1e-50 rounds to zero.
print(array(1e-50, { dtype: 'float32' })); // 0.0

// y = 0.01x² + 0.1x, whose true derivative 0.02x + 0.1 is 0.2 at x = 5 and 0.3 at x = 10.
function function1(x: number): number {
  return 0.01 * x ** 2 + 0.1 * x;
}

print(numericalDiff(function1, 5)); // 0.1999999999990898
print(numericalDiff(function1, 10)); // 0.2999999999986347
