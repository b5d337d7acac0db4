// The book's section 4.4.2 SimpleNet with its printed weights, loss and numerical gradient.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimpleNet, array, allClose, ScratchnetError } from '../../src/index.js';

const W = [
  [0.47355232, 0.9977393, 0.84668094],
  [0.85557411, 0.03563661, 0.69422093],
];
const x = array([0.6, 0.9]);
const t = array([0, 0, 1]);

test('SimpleNet predict and loss match the book (0.92806829)', () => {
  const net = new SimpleNet({ W });
  assert.ok(allClose(net.predict(x), [1.05414809, 0.63071653, 1.1328074], { atol: 1e-8 }));
  assert.ok(Math.abs(net.loss(x, t) - 0.92806829) < 5e-9);
});

test('SimpleNet numerical dW matches the book to 1e-6', () => {
  const net = new SimpleNet({ W });
  const expected = [
    [0.2192476, 0.1435624, -0.36281],
    [0.3288714, 0.2153436, -0.544215],
  ];
  const { W: dW } = net.numericalGradient(x, t);
  assert.ok(allClose(dW!, expected, { atol: 1e-6, rtol: 0 }), dW!.toString());
  // The analytic gradient agrees with the numerical one, and labels work like one-hot targets.
  assert.ok(allClose(net.gradient(x, t).W!, dW!, { atol: 1e-8 }));
  assert.ok(allClose(net.gradient(x, [2]).W!, dW!, { atol: 1e-8 }));
});

test('SimpleNet rejects weights that are not 2x3, naming the shape', () => {
  assert.throws(
    () =>
      new SimpleNet({
        W: [
          [1, 2],
          [3, 4],
        ],
      }),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'SHAPE_MISMATCH' && e.message.includes('(2, 2)'),
  );
});
