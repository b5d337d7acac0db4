// Book §3.5.1–3.5.3, "Implementing the softmax function", "Caveats when implementing it" (overflow)
// and "Characteristics of the softmax function".
// Run: node --import tsx examples/ch03/softmax.ts
import { array, div, exp, max, softmax, sub, sum } from '../../src/index.js';
import { print } from '../print.js';

// §3.5.1: the formula as written, step by step.
let a = array([0.3, 2.9, 4.0]);
const expA = exp(a);
print(expA); // [ 1.34985881 18.17414537 54.59815003]
const sumExpA = sum(expA);
print(sumExpA); // 74.1221542101633
let y = div(expA, sumExpA);
print(y); // [0.01821127 0.24519181 0.73659691]

// §3.5.2: e^1010 overflows to Infinity, and Infinity / Infinity is NaN.
// int32, like the book's np.array([1010, 1000, 990]), so a - c prints as integers.
a = array([1010, 1000, 990], { dtype: 'int32' });
console.log(div(exp(a), sum(exp(a)))); // array([nan, nan, nan])
const c = max(a);
console.log(sub(a, c)); // array([  0, -10, -20])
console.log(div(exp(sub(a, c)), sum(exp(sub(a, c))))); // array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09])

// scratchnet's softmax subtracts the maximum itself, so it is safe on the same input.
console.log(softmax(a)); // array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09])

// §3.5.3: the outputs are between 0 and 1 and sum to 1.
a = array([0.3, 2.9, 4.0]);
y = softmax(a);
print(y); // [0.01821127 0.24519181 0.73659691]
print(sum(y)); // 1.0
