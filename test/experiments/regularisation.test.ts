// Short, seeded runs of chapter 6's batch normalization, overfitting and hyperparameter search
// experiments on MNIST, each checking what the book's figure shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBatchNorm, hyperparameterSearch, loadMnist, overfittingStudy } from '../../src/index.js';

const data = loadMnist({ dtype: 'float32' });
const smallTest = { x: data.test.x.slice(0, 500), t: data.test.t.slice(0, 500) };

test('batch norm trains from weights of std 0.001, where the plain network stays at chance (figure 6-18)', async () => {
  const seen: number[] = [];
  const [curves] = await compareBatchNorm(data.train, {
    scales: [0.001],
    epochs: 8,
    onScale: (c, i) => seen.push(i, c.scale),
  });
  assert.deepEqual(seen, [0, 0.001]);
  assert.equal(curves!.scale, 0.001);
  assert.equal(curves!.withBatchNorm.length, 8);
  assert.equal(curves!.withoutBatchNorm.length, 8);
  const bn = curves!.withBatchNorm.at(-1)!;
  const plain = curves!.withoutBatchNorm.at(-1)!;
  assert.ok(bn > 0.5, `with batch norm: ${curves!.withBatchNorm.join(', ')}`);
  assert.ok(plain < 0.2, `without: ${curves!.withoutBatchNorm.join(', ')}`);
  await assert.rejects(compareBatchNorm(data.train, { scales: [0] }), /scales must be positive numbers/);
});

test('overfitting: 100 images learnt by heart (train accuracy 1.0), and weight decay narrows the train-test gap', async () => {
  const [plain, decay] = await overfittingStudy(
    { train: data.train, test: smallTest },
    {
      trainSize: 100,
      lr: 0.05,
      epochs: 60,
      seed: 1,
      settings: [{ label: 'none' }, { label: 'decay', weightDecayLambda: 0.1 }],
    },
  );
  assert.equal(plain!.trainAcc.length, 60);
  assert.equal(plain!.testAcc.length, 60);
  assert.equal(
    plain!.trainAcc.at(-1),
    1,
    `train accuracy without regularisation: ${plain!.trainAcc.slice(-5).join(', ')}`,
  );
  // The gap averaged over the last 10 epochs, so one lucky epoch cannot decide it.
  const gap = (r: typeof plain): number => {
    let s = 0;
    for (let i = 50; i < 60; i++) s += r!.trainAcc[i]! - r!.testAcc[i]!;
    return s / 10;
  };
  assert.ok(gap(plain) > 0.3, `gap without regularisation ${gap(plain)}`);
  assert.ok(gap(decay) < gap(plain) - 0.05, `gap with weight decay ${gap(decay)}, without ${gap(plain)}`);
  assert.equal(decay!.weightDecayLambda, 0.1);
});

test("overfitting: the book's three settings run (none, weight decay 0.1, dropout 0.15), each reporting every epoch", async () => {
  const epochs: number[] = [];
  const runs = await overfittingStudy(
    { train: data.train, test: smallTest },
    { trainSize: 100, epochs: 2, onEpoch: (e) => epochs.push(e.run * 10 + e.epoch) },
  );
  assert.deepEqual(
    runs.map((r) => r.label),
    ['no regularisation', 'weight decay 0.1', 'dropout 0.15'],
  );
  assert.deepEqual(epochs, [1, 2, 11, 12, 21, 22]);
  assert.equal(runs[2]!.dropoutRatio, 0.15);
});

test('hyperparameter search: 400 training and 100 validation images, log-uniform draws in the book ranges, best first, seeded', async () => {
  const options = { trials: 3, epochs: 4, seed: 5 };
  const result = await hyperparameterSearch(data.train, options);
  assert.equal(result.trainSize, 400);
  assert.equal(result.validationSize, 100);
  assert.deepEqual(
    result.trials.map((t) => t.trial),
    [1, 2, 3],
  );
  for (const t of result.trials) {
    assert.ok(t.lr >= 1e-6 && t.lr <= 1e-2, `lr ${t.lr}`);
    assert.ok(t.weightDecay >= 1e-8 && t.weightDecay <= 1e-4, `weight decay ${t.weightDecay}`);
    assert.equal(t.validationAcc.length, 4);
    assert.equal(t.trainAcc.length, 4);
  }
  const finals = result.best.map((t) => t.validationAcc.at(-1)!);
  assert.deepEqual(
    finals,
    [...finals].sort((a, b) => b - a),
  );
  assert.deepEqual(new Set(result.best), new Set(result.trials));
  const again = await hyperparameterSearch(data.train, options);
  assert.deepEqual(again.trials, result.trials);
  await assert.rejects(hyperparameterSearch(data.train, { trials: 0 }), /trials must be a positive integer/);
  await assert.rejects(hyperparameterSearch(data.train, { lrRange: [-2, -6] }), /lrRange must be \[lo, hi\]/);
});
