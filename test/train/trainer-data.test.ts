// The Trainer on data as users bring it: a training set alone (no test split), and one-output
// networks (binary or regression) with targets of shape (n) or (n, 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam,
  array,
  type NDArray,
  Random,
  ScratchnetError,
  Sequential,
  Trainer,
  formatEpochLine,
  type EpochEndInfo,
} from '../../src/index.js';
import { SgdStub, SoftmaxRegression, blobs } from './helpers.js';

test('without a test split the Trainer evaluates on what is there', async () => {
  const epochs: EpochEndInfo[] = [];
  const history = await new Trainer(
    new SoftmaxRegression(2, 3),
    { train: blobs(120, 1), validation: blobs(60, 3) },
    { epochs: 3, batchSize: 20, optimizer: new SgdStub(0.1), seed: 1, onEpochEnd: (e) => void epochs.push(e) },
  ).fit();
  assert.equal(history.trainAcc.length, 3);
  assert.equal(history.validationAcc?.length, 3);
  assert.deepEqual(history.testAcc, []);
  assert.ok(history.trainAcc.at(-1)! > 0.9, `train acc ${history.trainAcc.at(-1)}`);
  assert.ok(epochs.every((e) => Number.isNaN(e.testAcc)));
  assert.match(formatEpochLine(epochs[0]!), /test acc -, validation acc \d\.\d{4}/);
});

test('a training set alone trains; early stopping on test accuracy needs a test split', async () => {
  const history = await new Trainer(
    new SoftmaxRegression(2, 3),
    { train: blobs(60, 1) },
    { epochs: 2, batchSize: 20, seed: 1 },
  ).fit();
  assert.equal(history.trainAcc.length, 2);
  assert.throws(
    () =>
      new Trainer(
        new SoftmaxRegression(2, 3),
        { train: blobs(60, 1) },
        { epochs: 2, batchSize: 20, earlyStopping: { monitor: 'test', patience: 1 } },
      ),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'BAD_ARGUMENT' && /no test split/.test(e.message),
  );
});

/** Two features; the target is whether their sum is positive (binary) or 2·x0 − x1 (regression). */
function table(n: number, seed: number, kind: 'binary' | 'regression'): { x: NDArray; t: number[] } {
  const x = new Random(seed).randn([n, 2]);
  const t = Array.from({ length: n }, (_, i) => {
    const a = x.data[2 * i]!;
    const b = x.data[2 * i + 1]!;
    return kind === 'binary' ? Number(a + b > 0) : 2 * a - b;
  });
  return { x, t };
}

async function fitOneOutput(loss: 'sigmoid-cross-entropy' | 'mse', column: boolean) {
  const kind = loss === 'mse' ? 'regression' : 'binary';
  const split = (n: number, seed: number) => {
    const { x, t } = table(n, seed, kind);
    return { x, t: column ? array(t).reshape(n, 1) : array(t) };
  };
  const net = new Sequential({ inputShape: [2], layers: 'dense8,tanh,dense1', loss, dtype: 'float64', seed: 3 });
  const history = await new Trainer(
    net,
    { train: split(200, 1), test: split(100, 2) },
    { epochs: 30, batchSize: 20, optimizer: new Adam({ lr: 0.02 }), sampling: 'shuffle', seed: 4 },
  ).fit();
  return history;
}

for (const loss of ['sigmoid-cross-entropy', 'mse'] as const) {
  test(`a one-output network (${loss}) takes targets of shape (n) and (n, 1) alike, and learns`, async () => {
    const flat = await fitOneOutput(loss, false);
    const column = await fitOneOutput(loss, true);
    assert.deepEqual(flat.loss, column.loss);
    // Accuracy is the share of right 0/1 answers for sigmoid cross-entropy and R² for mse.
    assert.ok(flat.testAcc.at(-1)! > 0.9, `${loss}: test ${flat.testAcc.at(-1)}`);
  });
}

test('a one-output network refuses targets that are not one per sample', () => {
  const net = new Sequential({ inputShape: [2], layers: 'dense1', loss: 'mse', seed: 1 });
  const x = new Random(1).randn([10, 2]);
  assert.throws(
    () => new Trainer(net, { train: { x, t: new Random(2).randn([10, 2]) } }, { epochs: 1, batchSize: 5 }),
    (e: unknown) => e instanceof ScratchnetError && /data\.train\.t must be one target per sample/.test(e.message),
  );
});
