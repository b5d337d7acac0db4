// Every bad option fails in the constructor with BAD_ARGUMENT (or SHAPE_MISMATCH) naming the option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trainer, SGD, ScratchnetError, zeros, type DataSplits, type TrainerOptions } from '../../src/index.js';
import { SpyNet, indexed, noopOptimizer } from './helpers.js';

const data: DataSplits = { train: indexed(50), test: indexed(10) };
const base: TrainerOptions = { epochs: 1, optimizer: noopOptimizer, batchSize: 10 };

function rejects(options: unknown, message: RegExp, splits: DataSplits = data, code = 'BAD_ARGUMENT'): void {
  assert.throws(
    () => new Trainer(new SpyNet(), splits, options as TrainerOptions),
    (e: unknown) => {
      assert.ok(e instanceof ScratchnetError, `not a ScratchnetError: ${String(e)}`);
      assert.equal(e.code, code);
      assert.match(e.message, message);
      return true;
    },
  );
}

test('epochs and iterations: exactly one, a positive integer', () => {
  rejects({ ...base, iterations: 5 }, /exactly one of epochs and iterations, got both \(epochs=1, iterations=5\)/);
  rejects({ optimizer: noopOptimizer, batchSize: 10 }, /exactly one of epochs and iterations, got neither/);
  rejects({ ...base, epochs: 1.5 }, /epochs must be a positive integer, got 1\.5/);
  rejects({ ...base, epochs: 0 }, /epochs must be a positive integer, got 0/);
  rejects({ optimizer: noopOptimizer, batchSize: 10, iterations: -3 }, /iterations must be a positive integer, got -3/);
  rejects(
    { optimizer: noopOptimizer, batchSize: 10, iterations: NaN },
    /iterations must be a positive integer, got NaN/,
  );
});

test('batchSize: a positive integer no larger than the training set', () => {
  rejects({ ...base, batchSize: 51 }, /batchSize \(51\) is larger than the training set \(50 samples\)/);
  rejects({ ...base, batchSize: 0 }, /batchSize must be a positive integer, got 0/);
  rejects({ ...base, batchSize: 2.5 }, /batchSize must be a positive integer, got 2\.5/);
  // The default of 100 is too large for 50 samples, and the message says so.
  rejects({ epochs: 1, optimizer: noopOptimizer }, /batchSize \(100\) is larger than the training set \(50 samples\)/);
  assert.equal(new Trainer(new SpyNet(), data, { ...base, batchSize: 50 }).iterationsPerEpoch, 1);
  assert.equal(new Trainer(new SpyNet(), data, { ...base, batchSize: 7 }).iterationsPerEpoch, 8);
});

test('an optimizer must have update(); without one the default is SGD with lr 0.1', () => {
  rejects({ ...base, optimizer: { step() {} } }, /optimizer must be an object with update\(params, grads\)/);
  rejects({ ...base, optimizer: 0.1 }, /optimizer must be an object with update/);
  const trainer = new Trainer(new SpyNet(), data, { epochs: 1, batchSize: 10 });
  assert.ok(trainer.optimizer instanceof SGD);
  assert.deepEqual(trainer.optimizer.options(), { lr: 0.1 });
});

test('sampling, evaluateEvery, evalSampleSize, yieldEvery, seed and callbacks are checked', () => {
  rejects({ ...base, sampling: 'random' }, /sampling must be 'shuffle' or 'with-replacement', got "random"/);
  rejects({ ...base, evaluateEvery: 0 }, /evaluateEvery must be a positive integer, got 0/);
  rejects({ ...base, evalSampleSize: 0.5 }, /evalSampleSize must be a positive integer, got 0\.5/);
  rejects({ ...base, yieldEvery: -1 }, /yieldEvery must be a non-negative integer/);
  rejects({ ...base, seed: 1.5 }, /seed must be an integer, got 1\.5/);
  rejects({ ...base, onEpochEnd: 'log' }, /onEpochEnd must be a function, got string/);
});

test('a misspelt option is reported rather than ignored', () => {
  rejects({ ...base, batch_size: 10 }, /unknown option "batch_size"/);
  rejects({ epoch: 5, optimizer: noopOptimizer, batchSize: 10 }, /unknown option "epoch"/);
});

test('earlyStopping: patience, monitor, minDelta, and a validation split when monitoring it', () => {
  rejects(
    { ...base, earlyStopping: { monitor: 'validation', patience: 2 } },
    /monitor is 'validation' but data has no validation split/,
  );
  rejects(
    { ...base, earlyStopping: { monitor: 'accuracy', patience: 2 } },
    /earlyStopping\.monitor must be 'validation', 'test' or 'loss', got "accuracy"/,
  );
  rejects(
    { ...base, earlyStopping: { monitor: 'test', patience: 0 } },
    /earlyStopping\.patience must be a positive integer, got 0/,
  );
  rejects(
    { ...base, earlyStopping: { monitor: 'loss', patience: 1, minDelta: -0.1 } },
    /earlyStopping\.minDelta must be a finite number >= 0, got -0\.1/,
  );
});

test('data: every split needs as many targets as inputs, and must not be empty', () => {
  rejects(
    base,
    /data\.train\.x has 50 samples \(shape \(50, 2\)\) but data\.train\.t has 49 \(shape \(49,\)\)/,
    { train: { x: indexed(50).x, t: indexed(49).t }, test: indexed(10) },
    'SHAPE_MISMATCH',
  );
  rejects(
    base,
    /data\.validation\.x has 5 samples/,
    { ...data, validation: { x: indexed(5).x, t: indexed(6).t } },
    'SHAPE_MISMATCH',
  );
  rejects(base, /data\.test is empty/, { train: indexed(50), test: { x: zeros([0, 2]), t: zeros([0]) } });
  // A missing test split is allowed (the Trainer evaluates on what is there); a malformed one is not.
  rejects(base, /data\.test must be a dataset \{ x, t \}/, { train: indexed(50), test: {} } as unknown as DataSplits);
});
