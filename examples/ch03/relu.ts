// Book §3.2.7, "ReLU function" (ch03/relu.py plots it; the text prints no values, so this applies it
// to the sample input x the text uses for the step and sigmoid functions).
// Run: node --import tsx examples/ch03/relu.ts
import { array, maximum, relu } from '../../src/index.js';

const x = array([-1.0, 1.0, 2.0]);
console.log(relu(x)); // array([0., 1., 2.])

// The book's one-line definition, np.maximum(0, x), gives the same.
console.log(maximum(0, x)); // array([0., 1., 2.])
