// Short runs of chapter 6's MNIST loss comparisons (figures 6-9 and 6-15): 100 iterations of the
// book's 784-[100x4]-10 network, enough for the orderings the book's figures show to appear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MultiLayerNet,
  SGD,
  ScratchnetError,
  compareOptimizers,
  compareWeightInits,
  loadMnist,
  trainSideBySide,
  type LossCurve,
} from '../../src/index.js';

const { train } = loadMnist({ dtype: 'float32' });
const ITERATIONS = 100;
const optimizers = compareOptimizers(train, { iterations: ITERATIONS, seed: 1 });
const inits = compareWeightInits(train, { iterations: ITERATIONS, seed: 1 });

/** The mean of the last 20 mini-batch losses. */
const lateLoss = (c: LossCurve): number => c.loss.slice(-20).reduce((a, b) => a + b, 0) / 20;
const curve = (curves: readonly LossCurve[], label: string): LossCurve => curves.find((c) => c.label === label)!;

test('compareOptimizers: four curves of 100 losses, smoothed to the same length, all starting near ln 10', async () => {
  const { curves, iterations, batchSize } = await optimizers;
  assert.deepEqual(
    curves.map((c) => c.label),
    ['SGD', 'Momentum', 'AdaGrad', 'Adam'],
  );
  assert.equal(iterations, ITERATIONS);
  assert.equal(batchSize, 128);
  for (const c of curves) {
    assert.equal(c.loss.length, ITERATIONS);
    assert.equal(c.smoothed.length, ITERATIONS);
    assert.ok(Math.abs(c.loss[0]! - Math.log(10)) < 0.3, `${c.label} starts at ${c.loss[0]}`);
    assert.ok(c.loss.every(Number.isFinite), c.label);
  }
});

test('Momentum, AdaGrad and Adam all get well below SGD within 100 iterations (figure 6-9)', async () => {
  const { curves } = await optimizers;
  const sgd = lateLoss(curve(curves, 'SGD'));
  for (const label of ['Momentum', 'AdaGrad', 'Adam']) {
    const loss = lateLoss(curve(curves, label));
    assert.ok(loss < 0.7 * sgd, `${label}: ${loss}, SGD ${sgd}`);
  }
  assert.ok(sgd < Math.log(10) - 0.3, `SGD learns too, slowly: ${sgd}`);
});

test('weight init: std 0.01 does not learn at all, He learns fastest, Xavier in between (figure 6-15)', async () => {
  const { curves } = await inits;
  assert.deepEqual(
    curves.map((c) => c.label),
    ['std=0.01', 'Xavier', 'He'],
  );
  const small = lateLoss(curve(curves, 'std=0.01'));
  const xavier = lateLoss(curve(curves, 'Xavier'));
  const he = lateLoss(curve(curves, 'He'));
  // ln 10 = 2.3026: the loss of a network that scores every class the same.
  assert.ok(Math.abs(small - Math.log(10)) < 0.01, `std=0.01: ${small}`);
  assert.ok(he < 2.0, `He: ${he}`);
  assert.ok(he < xavier && xavier < small, `He ${he}, Xavier ${xavier}, std=0.01 ${small}`);
});

test('same seed, same network, same batches: the SGD curve of one comparison is the He curve of the other', async () => {
  // Both build MultiLayerNet with He weights from seed 1 and train with SGD lr 0.01 on the batches of seed 1.
  assert.deepEqual(curve((await optimizers).curves, 'SGD').loss, curve((await inits).curves, 'He').loss);
});

test('trainSideBySide checks its arguments', async () => {
  const net = new MultiLayerNet({ inputSize: 784, hiddenSizes: [5], outputSize: 10, dtype: 'float32', seed: 1 });
  const run = { label: 'a', net, optimizer: new SGD() };
  await assert.rejects(trainSideBySide([], train, { iterations: 1 }), /at least one run/);
  await assert.rejects(trainSideBySide([run], train, { iterations: 0 }), /iterations must be a positive integer/);
  await assert.rejects(trainSideBySide([run], train, { iterations: 1, batchSize: 2.5 }), /batchSize/);
  await assert.rejects(
    compareOptimizers(train, { iterations: -3 }),
    (e: unknown) => e instanceof ScratchnetError && /compareOptimizers: iterations/.test(e.message),
  );
  let calls = 0;
  const losses = await trainSideBySide([run], train, {
    iterations: 3,
    batchSize: 4,
    seed: 2,
    onIteration: ({ iteration, losses: l }) => {
      calls++;
      assert.equal(l.length, 1);
      assert.equal(iteration, calls);
    },
  });
  assert.equal(calls, 3);
  assert.equal(losses[0]!.length, 3);
});
