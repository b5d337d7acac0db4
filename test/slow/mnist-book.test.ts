// The book's MNIST results, reproduced on the full data set: the chapter 4 (sigmoid) and chapter 5
// (ReLU) training scripts run as a user runs them, plus a deeper network with Adam.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Adam, MultiLayerNet, SGD, ScratchnetError, Trainer, TwoLayerNet, array, loadMnist } from '../../src/index.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

async function example(path: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path, ...args], { cwd: root, maxBuffer: 1 << 20 });
  return stdout;
}

function epochLines(stdout: string): [number, number][] {
  return [...stdout.matchAll(/^train acc, test acc \| ([0-9.]+), ([0-9.]+)$/gm)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

// Both scripts run at once: each is single-threaded and CI has two cores.
const ch04 = example('examples/ch04/train_neuralnet.ts');
const ch05 = example('examples/ch05/train_neuralnet.ts');

test('chapter 4: sigmoid 784-50-10, 10000 iterations, batch 100, lr 0.1 reaches test accuracy >= 0.94', async () => {
  const lines = epochLines(await ch04);
  // 10000 / 600 iterations per epoch: 16 whole epochs and the final evaluation.
  assert.equal(lines.length, 17);
  const [trainAcc, testAcc] = lines[lines.length - 1]!;
  console.log(`ch04 final: train ${trainAcc}, test ${testAcc}`);
  assert.ok(testAcc >= 0.94, `test accuracy ${testAcc}`);
  assert.ok(trainAcc >= 0.94, `train accuracy ${trainAcc}`);
});

test('chapter 5: ReLU 784-50-10, 10000 iterations, batch 100, lr 0.1 reaches test accuracy >= 0.965', async () => {
  const lines = epochLines(await ch05);
  assert.equal(lines.length, 17);
  const [trainAcc, testAcc] = lines[lines.length - 1]!;
  console.log(`ch05 final: train ${trainAcc}, test ${testAcc}`);
  assert.ok(testAcc >= 0.965, `test accuracy ${testAcc}`);
});

test('chapter 5 gradient check on three MNIST images: every parameter within 1e-5', async () => {
  const out = await example('examples/ch05/gradient_check.ts');
  const diffs = [...out.matchAll(/^(W1|b1|W2|b2):(\S+)$/gm)].map((m) => [m[1]!, Number(m[2])] as const);
  assert.deepEqual(
    diffs.map(([k]) => k),
    ['W1', 'b1', 'W2', 'b2'],
  );
  for (const [key, diff] of diffs) assert.ok(diff < 1e-5, `${key}: ${diff}`);
});

const data = loadMnist({ dtype: 'float32' });

test('MultiLayerNet 784-100-100-10, He init, Adam: test accuracy >= 0.975 in 5 epochs', async () => {
  const net = new MultiLayerNet({
    inputSize: 784,
    hiddenSizes: [100, 100],
    outputSize: 10,
    weightInit: 'he',
    dtype: 'float32',
    seed: 1,
  });
  const history = await new Trainer(net, data, {
    epochs: 5,
    batchSize: 100,
    optimizer: new Adam({ lr: 0.001 }),
    sampling: 'shuffle',
    seed: 1,
  }).fit();
  const testAcc = history.testAcc[history.testAcc.length - 1]!;
  console.log(`MultiLayerNet + Adam, 5 epochs: test accuracy per epoch ${history.testAcc.join(', ')}`);
  assert.equal(history.testAcc.length, 5);
  assert.ok(testAcc >= 0.975, `test accuracy ${testAcc}`);
});

test('lr = 10 on the book network stops with NAN_LOSS naming the iteration', async () => {
  const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, dtype: 'float32', seed: 0 });
  await assert.rejects(
    new Trainer(net, data, { iterations: 1000, optimizer: new SGD({ lr: 10 }), seed: 0 }).fit(),
    (e: unknown) =>
      e instanceof ScratchnetError &&
      e.code === 'NAN_LOSS' &&
      /iteration \d+/.test(e.message) &&
      /learning rate/.test(e.message),
  );
});

test('an out-of-range label or a label count that does not match the samples is a clear error', async () => {
  const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, dtype: 'float32', seed: 0 });
  const x = data.train.x.slice(0, 200);
  const badLabels = data.train.t.slice(0, 200).copy().set([7], 10);
  // Checked when the Trainer is made, before any training: the message names the sample and the range.
  assert.throws(
    () => new Trainer(net, { train: { x, t: badLabels }, test: data.test }, { iterations: 50, batchSize: 200 }),
    (e: unknown) =>
      e instanceof ScratchnetError && /data\.train\.t\[7\] is 10/.test(e.message) && /\[0, 10\)/.test(e.message),
  );
  assert.throws(
    () => new Trainer(net, { train: { x, t: data.train.t.slice(0, 150) }, test: data.test }, { iterations: 1 }),
    (e: unknown) =>
      e instanceof ScratchnetError && e.code === 'SHAPE_MISMATCH' && /200/.test(e.message) && /150/.test(e.message),
  );
  assert.throws(() => net.accuracy(x, array([1, 2, 3], { dtype: 'int32' })), /expected 200 labels/);
});
