// Runs every chapter 3 and 4 example as its own process and checks that it prints exactly what the
// book prints (the numbers as modern numpy writes them). The children run concurrently.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { runExample } from '../helpers/run-example.js';

/** Each example's whole stdout, line by line. */
const expected: Record<string, string[]> = {
  'examples/ch03/step_function.ts': [
    'array([-1.,  1.,  2.])',
    'array([False,  True,  True])',
    'array([0, 1, 1])',
    'array([0, 1, 1])',
  ],
  'examples/ch03/sigmoid.ts': [
    'array([0.26894142, 0.73105858, 0.88079708])',
    'array([2., 3., 4.])',
    'array([1.        , 0.5       , 0.33333333])',
  ],
  'examples/ch03/relu.ts': ['array([0., 1., 2.])', 'array([0., 1., 2.])'],
  'examples/ch03/three_layer_net.ts': [
    '(2, 3)',
    '(2,)',
    '(3,)',
    '[0.3 0.7 1.1]',
    '[0.57444252 0.66818777 0.75026011]',
    '(3,)',
    '(3, 2)',
    '(2,)',
    '[0.31682708 0.69627909]',
    '[0.31682708 0.69627909]',
    'array([0.31682708, 0.69627909])',
  ],
  'examples/ch03/softmax.ts': [
    '[ 1.34985881 18.17414537 54.59815003]',
    '74.1221542101633',
    '[0.01821127 0.24519181 0.73659691]',
    'array([nan, nan, nan])',
    'array([  0, -10, -20])',
    'array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09])',
    'array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09])',
    '[0.01821127 0.24519181 0.73659691]',
    '1.0',
  ],
  'examples/ch03/neuralnet_mnist.ts': ['Accuracy:0.9352', 'Accuracy:0.9352'],
  'examples/ch04/loss_functions.ts': ['0.09750000000000003', '0.5975', '0.510825457099338', '2.302584092994546'],
  'examples/ch04/gradient_1d.ts': ['0.0', '0.1999999999990898', '0.2999999999986347'],
  'examples/ch04/gradient_2d.ts': [
    '6.00000000000378',
    '7.999999999999119',
    'array([6., 8.])',
    'array([0., 4.])',
    'array([6., 0.])',
    '(18, 18)',
    '(324,)',
    '(2, 324)',
    '[-4. -4.]',
    '[4.5 4.5]',
    '-3.9999999999995595',
  ],
  'examples/ch04/gradient_method.ts': [
    'array([-6.11110793e-10,  8.14814391e-10])',
    'array([-2.58983747e+13, -1.29524862e+12])',
    'array([-2.99999994,  3.99999992])',
  ],
  'examples/ch04/gradient_simplenet.ts': [
    '[[0.47355232 0.9977393  0.84668094]',
    ' [0.85557411 0.03563661 0.69422093]]',
    '[1.05414809 0.63071653 1.1328074 ]',
    '2',
    '0.9280682857864075',
    '[[ 0.21924757  0.14356243 -0.36281   ]',
    ' [ 0.32887136  0.21534364 -0.544215  ]]',
  ],
};

/** Examples that train on full MNIST for minutes: test/slow/mnist-book.test.ts runs and checks them. */
const checkedElsewhere = new Set(['examples/ch04/train_neuralnet.ts']);

test('every example in examples/ch03 and examples/ch04 has its expected output here', () => {
  const found = ['ch03', 'ch04'].flatMap((chapter) =>
    readdirSync(new URL(`../../examples/${chapter}/`, import.meta.url))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `examples/${chapter}/${name}`)
      .filter((file) => !checkedElsewhere.has(file)),
  );
  assert.deepEqual(found.sort(), Object.keys(expected).sort());
});

describe('chapter 3 and 4 examples print what the book prints', { concurrency: true }, () => {
  for (const [file, lines] of Object.entries(expected)) {
    test(file, async () => {
      const { code, stdout, stderr } = await runExample(file);
      assert.equal(code, 0, `${file} exited with ${code}:\n${stderr}`);
      assert.deepEqual(stdout.split('\n'), [...lines, ''], `${file} printed:\n${stdout}\nstderr:\n${stderr}`);
    });
  }
});
