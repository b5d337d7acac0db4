// Book §3.4.2–3.4.3, "Implementing signal transmission in each layer" and "Implementation summary":
// the 3-layer toy network, first one layer at a time, then as init_network() and forward().
// Run: node --import tsx examples/ch03/three_layer_net.ts
import { add, array, dot, formatShape, identity, sigmoid, type NDArray } from '../../src/index.js';
import { print } from '../print.js';

// §3.4.2: input layer to layer 1.
const X = array([1.0, 0.5]);
const W1 = array([
  [0.1, 0.3, 0.5],
  [0.2, 0.4, 0.6],
]);
const B1 = array([0.1, 0.2, 0.3]);
print(formatShape(W1.shape)); // (2, 3)
print(formatShape(X.shape)); // (2,)
print(formatShape(B1.shape)); // (3,)

const A1 = add(dot(X, W1), B1);
const Z1 = sigmoid(A1);
print(A1); // [0.3 0.7 1.1]
print(Z1); // [0.57444252 0.66818777 0.75026011]

// Layer 1 to layer 2.
const W2 = array([
  [0.1, 0.4],
  [0.2, 0.5],
  [0.3, 0.6],
]);
const B2 = array([0.1, 0.2]);
print(formatShape(Z1.shape)); // (3,)
print(formatShape(W2.shape)); // (3, 2)
print(formatShape(B2.shape)); // (2,)

const A2 = add(dot(Z1, W2), B2);
const Z2 = sigmoid(A2);

// Layer 2 to the output layer, whose activation is the identity.
const W3 = array([
  [0.1, 0.3],
  [0.2, 0.4],
]);
const B3 = array([0.1, 0.2]);
const A3 = add(dot(Z2, W3), B3);
const Y = identity(A3);
print(Y); // [0.31682708 0.69627909]

// §3.4.3: the same network, packaged the way the book does it.
interface Network {
  W1: NDArray;
  W2: NDArray;
  W3: NDArray;
  b1: NDArray;
  b2: NDArray;
  b3: NDArray;
}

function initNetwork(): Network {
  return {
    W1: array([
      [0.1, 0.3, 0.5],
      [0.2, 0.4, 0.6],
    ]),
    b1: array([0.1, 0.2, 0.3]),
    W2: array([
      [0.1, 0.4],
      [0.2, 0.5],
      [0.3, 0.6],
    ]),
    b2: array([0.1, 0.2]),
    W3: array([
      [0.1, 0.3],
      [0.2, 0.4],
    ]),
    b3: array([0.1, 0.2]),
  };
}

function forward(network: Network, x: NDArray): NDArray {
  const { W1, W2, W3, b1, b2, b3 } = network;
  const a1 = add(dot(x, W1), b1);
  const z1 = sigmoid(a1);
  const a2 = add(dot(z1, W2), b2);
  const z2 = sigmoid(a2);
  const a3 = add(dot(z2, W3), b3);
  return identity(a3);
}

const network = initNetwork();
const x = array([1.0, 0.5]);
const y = forward(network, x);
print(y); // [0.31682708 0.69627909]
console.log(y); // array([0.31682708, 0.69627909]), the same numbers as scratchnet's (and numpy's) repr
