// gradientDescent takes the book's positional gradient_descent(f, init_x, lr=0.01, step_num=100)
// as well as { lr, stepNum }, and its arguments are checked by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NDArray, gradientDescent } from '../../src/index.js';
import { assertThrowsCode } from '../ndarray/helpers.js';

const function2 = (x: NDArray): number => x.data[0]! ** 2 + x.data[1]! ** 2;

test("gradientDescent(f, initX, lr, stepNum) is the book's gradient_descent(f, init_x, lr, step_num)", () => {
  const positional = gradientDescent(function2, [-3, 4], 0.1, 100);
  const options = gradientDescent(function2, [-3, 4], { lr: 0.1, stepNum: 100 });
  assert.deepEqual(positional.x.data, options.x.data);
  assert.equal(positional.history.shape[0], 100);
  // The book's result: [-6.11110793e-10, 8.14814391e-10].
  assert.ok(Math.abs(positional.x.data[0]! + 6.11110793e-10) < 1e-17);
  assert.equal(gradientDescent(function2, [-3, 4], 0.1).history.shape[0], 100, 'step_num defaults to 100');
});

test('gradientDescent refuses a step count after an options object, and bad settings, by name', () => {
  assertThrowsCode(
    () => gradientDescent(function2, [-3, 4], { lr: 0.1 }, 5),
    'BAD_ARGUMENT',
    'gradientDescent',
    'stepNum',
  );
  assertThrowsCode(() => gradientDescent(function2, [-3, 4], 0.1, 2.5), 'BAD_ARGUMENT', 'gradientDescent', 'stepNum');
  assertThrowsCode(() => gradientDescent(function2, [-3, 4], -1), 'BAD_ARGUMENT', 'gradientDescent', 'lr');
  assertThrowsCode(() => gradientDescent(function2, 'x' as never), 'BAD_ARGUMENT', 'gradientDescent', 'initX');
});
