// Book §3.2.2–3.2.3, "Implementing a step function" (ch03/step_function.py plots it; this prints
// what the text's interpreter session prints).
// Run: node --import tsx examples/ch03/step_function.ts
import { array, gt, stepFunction } from '../../src/index.js';

const x = array([-1.0, 1.0, 2.0]);
console.log(x); // array([-1.,  1.,  2.])

// The book's two steps: compare, then turn the booleans into integers.
let y = gt(x, 0);
console.log(y); // array([False,  True,  True])
y = y.astype('int32');
console.log(y); // array([0, 1, 1])

// The same in one call.
console.log(stepFunction(x)); // array([0, 1, 1])
