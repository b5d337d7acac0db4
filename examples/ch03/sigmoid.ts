// Book §3.2.4, "Implementing a sigmoid function" (ch03/sigmoid.py plots it; this prints what the
// text's interpreter session prints), including the broadcasting that makes it work on arrays.
// Run: node --import tsx examples/ch03/sigmoid.ts
import { add, array, div, sigmoid } from '../../src/index.js';

const x = array([-1.0, 1.0, 2.0]);
console.log(sigmoid(x)); // array([0.26894142, 0.73105858, 0.88079708])

// A scalar meets every element of the array: this is why 1 / (1 + exp(-x)) works element-wise.
const t = array([1.0, 2.0, 3.0]);
console.log(add(1.0, t)); // array([2., 3., 4.])
console.log(div(1.0, t)); // array([1.        , 0.5       , 0.33333333])
