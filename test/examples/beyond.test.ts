// The examples beyond the book run as a reader runs them and reach the results their documentation shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleLines } from '../helpers/run-example.js';

/** The number after `prefix` on the last line that starts with it. */
function numberAfter(lines: string[], prefix: string): number {
  const line = lines.filter((l) => l.startsWith(prefix)).at(-1);
  assert.ok(line !== undefined, `no line starts with ${JSON.stringify(prefix)} in:\n${lines.join('\n')}`);
  return Number.parseFloat(line.slice(prefix.length));
}

/** The number that follows `label ` in `line`. */
function numberAfterLabel(line: string, label: string): number {
  const match = new RegExp(`${label} (-?\\d+\\.\\d+)`).exec(line);
  assert.ok(match?.[1] !== undefined, `no number after ${JSON.stringify(label)} in ${JSON.stringify(line)}`);
  return Number(match[1]);
}

test('beyond/xor.ts: a 2-8-2 Sequential predicts all four XOR cases, each with probability > 0.9', async () => {
  const lines = await exampleLines('examples/beyond/xor.ts');
  const predictions = lines.filter((l) => l.includes(' xor '));
  assert.deepEqual(
    predictions.map((l) => l.replace(/ \(probability .*\)$/, '')),
    ['0 xor 0 -> 0', '0 xor 1 -> 1', '1 xor 0 -> 1', '1 xor 1 -> 0'],
  );
  for (const line of predictions) assert.ok(numberAfterLabel(line, 'probability') > 0.9, line);
  assert.equal(lines.at(-1), 'accuracy 1');
  assert.ok(lines.includes('Total params: 42'), '2·8 + 8 + 8·2 + 2 parameters');
});

test('beyond/iris.ts: the Iris CSV is learnt to test accuracy >= 0.95, predictions named by species', async () => {
  const lines = await exampleLines('examples/beyond/iris.ts');
  assert.ok(lines.includes('classes: Iris-setosa, Iris-versicolor, Iris-virginica'), lines.join('\n'));
  assert.ok(lines.includes('120 training rows, 30 test rows'), lines.join('\n'));
  assert.equal(lines.filter((l) => /^epoch \d+: train acc /.test(l)).length, 20, 'one accuracy line per epoch');
  // 29 of the 30 test rows or better; guessing gives 1/3.
  assert.ok(numberAfter(lines, 'test accuracy ') >= 0.95, lines.join('\n'));
  const flowers = lines.filter((l) => l.startsWith('test flower '));
  assert.equal(flowers.length, 5);
  for (const line of flowers) assert.match(line, /predicted Iris-\w+ \(probability [01]\.\d{3}\), actually Iris-\w+$/);
});

test('beyond/sine-regression.ts: the mse network fits the sine far better than the mean would', async () => {
  const lines = await exampleLines('examples/beyond/sine-regression.ts');
  const losses = lines.filter((l) => l.startsWith('epoch ')).map((l) => numberAfterLabel(l, 'loss'));
  assert.equal(losses.length, 8, lines.join('\n'));
  assert.ok((losses.at(-1) ?? Number.NaN) < (losses[0] ?? Number.NaN) / 5, `the loss falls fivefold: ${losses}`);
  // Predicting the mean gives 0.51 on the grid, the best straight line 0.18; the fit reaches 0.002.
  assert.ok(numberAfter(lines, 'test MSE ') < 0.01, lines.join('\n'));
  assert.equal(lines.filter((l) => /^x +-?\d\.\d: predicted +-?\d\.\d{4}, sin +-?\d\.\d{4}$/.test(l)).length, 7);
});

test('beyond/custom-convnet.ts: a short run prints the summary with its parameter total and an accuracy', async () => {
  const options = ['--epochs', '1', '--train-size', '1000', '--test-size', '500'];
  const lines = await exampleLines('examples/beyond/custom-convnet.ts', ...options);
  // conv16x5 on 1 channel, conv32x5 on 16, dense64 on 32·4·4, dense10 on 64: weights plus biases.
  const total = 16 * 1 * 25 + 16 + 32 * 16 * 25 + 32 + 512 * 64 + 64 + 64 * 10 + 10;
  assert.equal(total, 46_730);
  assert.ok(lines.includes('Total params: 46,730'), lines.join('\n'));
  assert.ok(lines.includes('training on 1000 images, testing on 500'), lines.join('\n'));
  assert.match(
    lines.find((l) => l.startsWith('epoch 1: ')) ?? '',
    /^epoch 1: train acc 0\.\d{4}, test acc 0\.\d{4} \(\d+ s\)$/,
  );
  const accuracy = numberAfter(lines, 'test accuracy ');
  assert.ok(accuracy > 0.25, `1000 images lift a 10-class guess (0.1) well above chance: ${accuracy}`);
});
