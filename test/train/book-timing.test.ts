// evaluate: 'epoch-start', the book's trainer.py timing (accuracy after the first update of each
// epoch), and labels of shape (N, 1) in the Trainer's data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  captureCheckpoint,
  decodeCheckpoint,
  encodeCheckpoint,
  MultiLayerNet,
  restoreCheckpoint,
  SGD,
  Trainer,
  type EpochEndInfo,
} from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';
import { blobs } from './helpers.js';

const data = { train: blobs(100, 3, { classes: 3 }), test: blobs(40, 4, { classes: 3 }) };
const net = (): MultiLayerNet => new MultiLayerNet({ inputSize: 2, hiddenSizes: [8], outputSize: 3, seed: 2 });

test("evaluate: 'epoch-start' measures after the first update of every epoch, as the book's trainer does", async () => {
  const infos: EpochEndInfo[] = [];
  const network = net();
  const afterOne = net();
  // What the first record must be: the network after exactly one update of the same first batch.
  await new Trainer(afterOne, data, {
    iterations: 1,
    batchSize: 20,
    seed: 7,
    optimizer: new SGD({ lr: 0.1 }),
    yieldEvery: 0,
  }).fit();
  const history = await new Trainer(network, data, {
    epochs: 3,
    batchSize: 20,
    seed: 7,
    optimizer: new SGD({ lr: 0.1 }),
    evaluate: 'epoch-start',
    yieldEvery: 0,
    onEpochEnd: (info) => {
      infos.push(info);
    },
  }).fit();
  // 5 iterations per epoch: the book's i % 5 == 0 for i = 0, 5, 10, i.e. after iterations 1, 6 and 11.
  assert.deepEqual(
    infos.map((i) => i.iteration),
    [1, 6, 11],
  );
  assert.deepEqual(history.epochs, [0, 1, 2]);
  assert.equal(history.trainAcc.length, 3);
  assert.equal(history.trainAcc[0], afterOne.accuracy(data.train.x, data.train.t));
  assert.equal(history.testAcc[0], afterOne.accuracy(data.test.x, data.test.t));
  assert.equal(history.iterations, 15);
  assert.equal(history.loss.length, 15);
});

test("the default, 'epoch-end', still measures at the end of each epoch and after the last iteration", async () => {
  const history = await new Trainer(net(), data, { iterations: 12, batchSize: 20, seed: 7, yieldEvery: 0 }).fit();
  assert.deepEqual(history.epochs, [1, 2, 12 / 5]);
});

test('evaluate is checked, and kept by checkpoints: a state of one timing does not resume the other', async () => {
  throwsWith(
    () => new Trainer(net(), data, { epochs: 1, evaluate: 'start' as never }),
    'BAD_ARGUMENT',
    /^Trainer: evaluate must be 'epoch-end' or 'epoch-start'/,
  );
  const options = { epochs: 4, batchSize: 20, seed: 7, evaluate: 'epoch-start' as const, yieldEvery: 0 };
  const whole = await new Trainer(net(), data, options).fit();

  let saved: Uint8Array | null = null;
  const first: Trainer = new Trainer(net(), data, {
    ...options,
    checkpointEvery: 8,
    onCheckpoint: ({ iteration }) => {
      if (iteration === 8) saved = encodeCheckpoint(captureCheckpoint(first));
    },
  });
  await first.fit();
  assert.equal(first.state().evaluate, 'epoch-start');
  const resumed = new Trainer(net(), data, options);
  restoreCheckpoint(resumed, decodeCheckpoint(saved!));
  const rest = await resumed.fit();
  assert.deepEqual(rest.trainAcc, whole.trainAcc);
  assert.deepEqual(rest.epochs, whole.epochs);

  const other = new Trainer(net(), data, { ...options, evaluate: 'epoch-end' });
  throwsWith(() => restoreCheckpoint(other, decodeCheckpoint(saved!)), 'BAD_ARGUMENT', /evaluate 'epoch-start'/);
});

test('labels of shape (N, 1) train and evaluate as labels of shape (N)', async () => {
  const column = {
    train: { x: data.train.x, t: data.train.t.reshape(-1, 1) },
    test: { x: data.test.x, t: data.test.t.reshape(-1, 1) },
  };
  const options = { epochs: 2, batchSize: 20, seed: 7, yieldEvery: 0 };
  const a = await new Trainer(net(), column, options).fit();
  const b = await new Trainer(net(), data, options).fit();
  assert.deepEqual(a, b);
  const bad = { train: { x: data.train.x, t: data.train.t.reshape(-1, 1).mul(5) } };
  throwsWith(() => new Trainer(net(), bad, options), 'BAD_ARGUMENT', /data\.train\.t\[\d+\] is \d+, not a class index/);
});
