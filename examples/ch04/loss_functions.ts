// Book §4.2.1–4.2.2, "Sum of squared errors" and "Cross-entropy error", on the text's two guesses for
// a "2": one right (0.6 on class 2), one wrong (0.6 on class 7).
// Run: node --import tsx examples/ch04/loss_functions.ts
import { array, crossEntropyError, sumSquaredError } from '../../src/index.js';
import { print } from '../print.js';

// The correct answer is "2" (one-hot).
const t = array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);

// §4.2.1. The book calls this mean_squared_error, but it is 0.5·Σ(y − t)², a sum.
// Example 1: "2" has the highest probability (0.6).
let y = array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
print(sumSquaredError(y, t)); // 0.09750000000000003
// Example 2: "7" has the highest probability (0.6).
y = array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
print(sumSquaredError(y, t)); // 0.5975

// §4.2.2. Cross-entropy, −Σ t·log(y + 1e-7): small when right, large when wrong.
y = array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
print(crossEntropyError(y, t)); // 0.510825457099338
y = array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
print(crossEntropyError(y, t)); // 2.302584092994546
