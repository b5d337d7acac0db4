import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Trainer,
  SGD,
  Adam,
  TwoLayerNet,
  Random,
  zeros,
  ScratchnetError,
  type BatchEndInfo,
  type EpochEndInfo,
} from '../../src/index.js';
import { SoftmaxRegression, SgdStub, SpyNet, blobs, indexed, noopOptimizer } from './helpers.js';

const data = { train: blobs(150, 1), test: blobs(60, 2), validation: blobs(60, 3) };

test('the same seed gives the same history; another seed gives another', async () => {
  for (const sampling of ['with-replacement', 'shuffle'] as const) {
    const run = (seed: number) =>
      new Trainer(new SoftmaxRegression(2, 3), data, {
        epochs: 3,
        batchSize: 20,
        optimizer: new SgdStub(0.1),
        sampling,
        seed,
      }).fit();
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    assert.deepEqual(a, b, sampling);
    assert.notDeepEqual(a.loss, c.loss, sampling);
  }
});

test('loss decreases and accuracy reaches > 0.95 on separable blobs', async () => {
  const net = new SoftmaxRegression(2, 3);
  const history = await new Trainer(net, data, {
    epochs: 10,
    batchSize: 10,
    optimizer: new SgdStub(0.1),
    seed: 1,
  }).fit();
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  // Zero weights give uniform scores, so the first loss is exactly ln 3.
  assert.ok(Math.abs(history.loss[0]! - Math.log(3)) < 1e-6, `first loss ${history.loss[0]}`);
  const last = mean(history.loss.slice(-10));
  assert.ok(last < history.loss[0]! / 10, `loss fell from ln 3 to only ${last}`);
  assert.ok(history.testAcc.at(-1)! > 0.95, `test acc ${history.testAcc.at(-1)}`);
  assert.ok(history.validationAcc!.at(-1)! > 0.95);
  assert.equal(history.trainAcc.length, 10);
  assert.equal(history.validationAcc!.length, 10);
});

test('the real SGD optimizer and the default (SGD, lr 0.1) train exactly as the stub does', async () => {
  const run = (optimizer?: SgdStub | SGD) =>
    new Trainer(new SoftmaxRegression(2, 3), data, {
      epochs: 2,
      batchSize: 15,
      seed: 9,
      ...(optimizer ? { optimizer } : {}),
    }).fit();
  const stub = await run(new SgdStub(0.1));
  assert.deepEqual(await run(new SGD({ lr: 0.1 })), stub);
  assert.deepEqual(await run(), stub);
});

test('one-hot targets train the same as labels (same seed, same batches)', async () => {
  const oneHot = { train: blobs(150, 1, { oneHot: true }), test: blobs(60, 2, { oneHot: true }) };
  const labels = { train: data.train, test: data.test };
  const opts = { epochs: 2, batchSize: 15, seed: 3 };
  const a = await new Trainer(new SoftmaxRegression(2, 3), oneHot, { ...opts, optimizer: new SgdStub(0.1) }).fit();
  const b = await new Trainer(new SoftmaxRegression(2, 3), labels, { ...opts, optimizer: new SgdStub(0.1) }).fit();
  assert.equal(a.loss.length, b.loss.length);
  for (let i = 0; i < a.loss.length; i++) assert.ok(Math.abs(a.loss[i]! - b.loss[i]!) < 1e-12);
  assert.deepEqual(a.testAcc, b.testAcc);
  assert.equal(a.validationAcc, undefined, 'no validation split, no validationAcc');
});

test("'shuffle' visits every sample exactly once per epoch, x and t rows paired, last batch smaller", async () => {
  const spy = new SpyNet();
  const train = indexed(103, [1, 2, 2], { oneHot: true });
  const history = await new Trainer(
    spy,
    { train, test: indexed(5) },
    {
      epochs: 3,
      batchSize: 10,
      sampling: 'shuffle',
      optimizer: noopOptimizer,
      seed: 4,
    },
  ).fit();
  assert.equal(history.iterations, 33);
  assert.equal(spy.batches.length, 33);
  const epochs = [spy.batches.slice(0, 11), spy.batches.slice(11, 22), spy.batches.slice(22, 33)];
  for (const epoch of epochs) {
    assert.deepEqual(
      epoch.map((b) => b.length),
      [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3],
    );
    const seen = epoch.flat().sort((p, q) => p - q);
    assert.deepEqual(
      seen,
      Array.from({ length: 103 }, (_, i) => i),
    );
  }
  assert.notDeepEqual(epochs[0]!.flat(), epochs[1]!.flat(), 'a fresh permutation each epoch');
  assert.notDeepEqual(
    epochs[0]!.flat(),
    Array.from({ length: 103 }, (_, i) => i),
    'shuffled, not in order',
  );
  // Image-shaped rows keep their shape, every element of a row is copied, and t follows x.
  assert.deepEqual(spy.shapes[0], [10, 1, 2, 2]);
  assert.deepEqual(spy.shapes[10], [3, 1, 2, 2]);
  spy.batches.forEach((ids, k) =>
    assert.deepEqual(
      spy.labels[k],
      ids.map((i) => i % 3),
    ),
  );
});

test("'with-replacement' draws full batches of in-range indices, with repeats across the epoch", async () => {
  const spy = new SpyNet();
  await new Trainer(
    spy,
    { train: indexed(50), test: indexed(5) },
    {
      epochs: 4,
      batchSize: 25,
      optimizer: noopOptimizer,
      seed: 5,
    },
  ).fit();
  assert.equal(spy.batches.length, 8);
  for (const [k, ids] of spy.batches.entries()) {
    assert.equal(ids.length, 25);
    for (const i of ids) assert.ok(Number.isInteger(i) && i >= 0 && i < 50);
    assert.deepEqual(
      spy.labels[k],
      ids.map((i) => i % 3),
    );
  }
  // 200 draws from 50 with replacement: some sample is drawn twice (the chance it is not is ~0).
  const all = spy.batches.flat();
  assert.ok(new Set(all).size < all.length);
});

test('iteration counts: epochs = ceil(n / batch) iterations each; iterations evaluate at epoch ends and at the end', async () => {
  const run = async (options: { epochs?: number; iterations?: number; evaluateEvery?: number }) =>
    new Trainer(
      new SpyNet(),
      { train: indexed(103), test: indexed(5) },
      { ...options, batchSize: 10, optimizer: noopOptimizer, seed: 1 },
    ).fit();

  const byEpochs = await run({ epochs: 3 });
  assert.equal(byEpochs.iterations, 33);
  assert.equal(byEpochs.loss.length, 33);
  assert.deepEqual(byEpochs.epochs, [1, 2, 3]);

  const byIterations = await run({ iterations: 25 });
  assert.equal(byIterations.iterations, 25);
  assert.deepEqual(byIterations.epochs, [1, 2, 25 / 11]);
  assert.equal(byIterations.testAcc.length, 3);

  const short = await run({ iterations: 4 });
  assert.deepEqual(short.epochs, [4 / 11]);

  const everyTwo = await run({ epochs: 5, evaluateEvery: 2 });
  assert.deepEqual(everyTwo.epochs, [2, 4, 5]);
  assert.equal(everyTwo.stoppedEarly, undefined);
});

test('onBatchEnd runs once per iteration and onEpochEnd once per evaluation, with their info', async () => {
  const batches: BatchEndInfo[] = [];
  const evaluations: EpochEndInfo[] = [];
  const spy = new SpyNet(
    (i) => i,
    (call) => call / 100,
  );
  const history = await new Trainer(
    spy,
    { train: indexed(30), test: indexed(6), validation: indexed(7) },
    {
      epochs: 2,
      batchSize: 10,
      optimizer: noopOptimizer,
      seed: 1,
      onBatchEnd: (info) => {
        batches.push(info);
      },
      onEpochEnd: (info) => {
        evaluations.push(info);
      },
    },
  ).fit();
  assert.deepEqual(
    batches.map((b) => b.iteration),
    [1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(
    batches.map((b) => b.epoch),
    [1, 1, 1, 2, 2, 2],
  );
  assert.deepEqual(
    batches.map((b) => b.loss),
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(evaluations.length, 2);
  assert.deepEqual(
    evaluations.map((e) => [e.epoch, e.iteration, e.loss]),
    [
      [1, 3, 2],
      [2, 6, 5],
    ],
  );
  assert.deepEqual(
    evaluations.map((e) => [e.trainAcc, e.testAcc, e.validationAcc]),
    [
      [0.01, 0.02, 0.03],
      [0.04, 0.05, 0.06],
    ],
  );
  assert.ok(evaluations.every((e) => e.elapsedMs >= 0));
  assert.ok(evaluations[1]!.elapsedMs >= evaluations[0]!.elapsedMs);
  assert.deepEqual(history.validationAcc, [0.03, 0.06]);
  assert.deepEqual(history.loss, [1, 2, 3, 4, 5, 6]);
});

test('a promise returned by a callback is awaited before training goes on', async () => {
  const log: string[] = [];
  await new Trainer(
    new SpyNet(),
    { train: indexed(20), test: indexed(5) },
    {
      epochs: 2,
      batchSize: 10,
      optimizer: noopOptimizer,
      onBatchEnd: (info) => {
        log.push(`batch ${info.iteration}`);
      },
      onEpochEnd: async (info) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`epoch ${info.epoch} done`);
      },
    },
  ).fit();
  assert.deepEqual(log, ['batch 1', 'batch 2', 'epoch 1 done', 'batch 3', 'batch 4', 'epoch 2 done']);
});

test('evalSampleSize evaluates on the first N samples of each split (whole split when smaller)', async () => {
  const spy = new SpyNet();
  await new Trainer(
    spy,
    { train: indexed(100), test: indexed(40), validation: indexed(8) },
    {
      epochs: 1,
      batchSize: 50,
      evalSampleSize: 20,
      optimizer: noopOptimizer,
    },
  ).fit();
  assert.deepEqual(spy.evaluatedRows, [20, 20, 8]);
});

test('early stopping on test accuracy stops after `patience` evaluations without improvement and says why', async () => {
  // Accuracy rises for two evaluations, then stays flat.
  const accuracies = [0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6];
  const spy = new SpyNet(
    () => 1,
    (call) => accuracies[Math.ceil(call / 2) - 1]!,
  );
  const history = await new Trainer(
    spy,
    { train: indexed(20), test: indexed(5) },
    {
      epochs: 8,
      batchSize: 10,
      optimizer: noopOptimizer,
      earlyStopping: { monitor: 'test', patience: 2 },
    },
  ).fit();
  assert.deepEqual(history.epochs, [1, 2, 3, 4]);
  assert.equal(history.iterations, 8);
  assert.match(
    history.stoppedEarly!,
    /early stopping after epoch 4: test accuracy did not improve by more than 0 for 2 evaluations \(best 0\.6000 at epoch 2\)/,
  );
});

test('early stopping on validation accuracy honours minDelta', async () => {
  // Train, test, validation per evaluation: validation improves by only 0.001 after epoch 1.
  const validation = [0.5, 0.501, 0.502, 0.503, 0.504];
  const spy = new SpyNet(
    () => 1,
    (call) => (call % 3 === 0 ? validation[call / 3 - 1]! : 0.5),
  );
  const history = await new Trainer(
    spy,
    { train: indexed(20), test: indexed(5), validation: indexed(5) },
    {
      epochs: 5,
      batchSize: 10,
      optimizer: noopOptimizer,
      earlyStopping: { monitor: 'validation', patience: 1, minDelta: 0.01 },
    },
  ).fit();
  assert.deepEqual(history.epochs, [1, 2]);
  assert.match(
    history.stoppedEarly!,
    /validation accuracy did not improve by more than 0\.01 for 1 evaluation \(best 0\.5000 at epoch 1\)/,
  );
});

test('early stopping on loss watches the mean batch loss since the last evaluation', async () => {
  // Loss falls during epochs 1-2, then rises.
  const spy = new SpyNet((i) => (i <= 4 ? 5 - i : i));
  const history = await new Trainer(
    spy,
    { train: indexed(20), test: indexed(5) },
    {
      epochs: 10,
      batchSize: 10,
      optimizer: noopOptimizer,
      earlyStopping: { monitor: 'loss', patience: 3 },
    },
  ).fit();
  assert.deepEqual(history.epochs, [1, 2, 3, 4, 5]);
  assert.match(
    history.stoppedEarly!,
    /mean training loss did not improve .* for 3 evaluations \(best 1\.5000 at epoch 2\)/,
  );
});

test('patience running out on the final evaluation is a normal finish, not an early stop', async () => {
  const history = await new Trainer(
    new SpyNet(),
    { train: indexed(20), test: indexed(5) },
    {
      epochs: 3,
      batchSize: 10,
      optimizer: noopOptimizer,
      earlyStopping: { monitor: 'test', patience: 2 },
    },
  ).fit();
  assert.equal(history.iterations, 6);
  assert.equal(history.stoppedEarly, undefined);
});

test('a diverging run (huge learning rate) throws NAN_LOSS naming the iteration and suggesting a lower lr', async () => {
  // lr 1e308 overflows the weights to ±Infinity in the first step, so the second loss is NaN.
  const trainer = new Trainer(new SoftmaxRegression(2, 3), data, {
    epochs: 5,
    batchSize: 10,
    optimizer: new SgdStub(1e308),
    seed: 1,
  });
  await assert.rejects(trainer.fit(), (e: unknown) => {
    assert.ok(e instanceof ScratchnetError);
    assert.equal(e.code, 'NAN_LOSS');
    assert.match(e.message, /loss at iteration 2 \(epoch 1\) is NaN/);
    assert.match(e.message, /[Ll]ower the learning rate/);
    return true;
  });
});

test('an infinite loss stops training before the optimizer sees its gradients', async () => {
  let updates = 0;
  const spy = new SpyNet((i) => (i === 4 ? Infinity : 1));
  const trainer = new Trainer(
    spy,
    { train: indexed(20), test: indexed(5) },
    {
      epochs: 5,
      batchSize: 10,
      optimizer: {
        update: () => {
          updates++;
        },
      },
    },
  );
  await assert.rejects(trainer.fit(), { code: 'NAN_LOSS', message: /iteration 4 \(epoch 2\) is Infinity/ });
  assert.equal(updates, 3);
});

test('aborting the signal from a callback stops before the next iteration and returns the history so far', async () => {
  const controller = new AbortController();
  const history = await new Trainer(
    new SpyNet(),
    { train: indexed(20), test: indexed(5) },
    {
      iterations: 100,
      batchSize: 10,
      optimizer: noopOptimizer,
      signal: controller.signal,
      onBatchEnd: ({ iteration }) => {
        if (iteration === 5) controller.abort();
      },
    },
  ).fit();
  assert.equal(history.iterations, 5);
  assert.equal(history.loss.length, 5);
  assert.deepEqual(history.epochs, [1, 2]);
  assert.equal(history.stoppedEarly, 'aborted after 5 of 100 iterations');
});

test('an already aborted signal trains nothing', async () => {
  const history = await new Trainer(
    new SpyNet(),
    { train: indexed(20), test: indexed(5) },
    {
      epochs: 3,
      batchSize: 10,
      optimizer: noopOptimizer,
      signal: AbortSignal.abort(),
    },
  ).fit();
  assert.equal(history.iterations, 0);
  assert.deepEqual(history.loss, []);
  assert.match(history.stoppedEarly!, /aborted after 0 of 6 iterations/);
});

test('yielding every few iterations lets a timer run (and abort) mid-training; yieldEvery 0 never yields', async () => {
  const controller = new AbortController();
  const spy = new SpyNet();
  setTimeout(() => controller.abort(), 0);
  const history = await new Trainer(
    spy,
    { train: indexed(20), test: indexed(5) },
    {
      iterations: 100000,
      batchSize: 10,
      optimizer: noopOptimizer,
      signal: controller.signal,
      yieldEvery: 10,
    },
  ).fit();
  assert.ok(history.iterations < 100000 && history.iterations % 10 === 0, `stopped at ${history.iterations}`);
  assert.match(history.stoppedEarly!, /aborted/);

  let seenAt = -1;
  const spy2 = new SpyNet();
  setTimeout(() => {
    seenAt = spy2.batches.length;
  }, 0);
  await new Trainer(
    spy2,
    { train: indexed(20), test: indexed(5) },
    {
      iterations: 500,
      batchSize: 10,
      optimizer: noopOptimizer,
      yieldEvery: 0,
    },
  ).fit();
  await new Promise((resolve) => setTimeout(resolve, 1));
  assert.equal(seenAt, 500);
});

test('fit() refuses to run twice at once, and a second fit() trains further with a fresh history', async () => {
  const net = new SoftmaxRegression(2, 3);
  const trainer = new Trainer(net, data, { epochs: 1, batchSize: 10, optimizer: new SgdStub(0.1), seed: 2 });
  const first = trainer.fit();
  await assert.rejects(trainer.fit(), { code: 'BAD_ARGUMENT', message: /already running/ });
  const h1 = await first;
  const h2 = await trainer.fit();
  assert.equal(h2.loss.length, 15);
  assert.ok(h2.loss[0]! < h1.loss[0]!, 'the second run starts from the trained parameters');
});

test("with the library's TwoLayerNet and Adam: learns XOR-placed clusters a linear model cannot, repeatably", async () => {
  // Class = sign(x0) xor sign(x1): four clusters at (±1.5, ±1.5).
  const xor = (n: number, seed: number) => {
    const rng = new Random(seed);
    const x = zeros([n, 2]);
    const t = zeros([n], { dtype: 'int32' });
    for (let i = 0; i < n; i++) {
      const a = i % 2 === 0 ? 1 : -1;
      const b = i % 4 < 2 ? 1 : -1;
      x.data[2 * i] = 1.5 * a + 0.4 * rng.normal();
      x.data[2 * i + 1] = 1.5 * b + 0.4 * rng.normal();
      t.data[i] = a === b ? 0 : 1;
    }
    return { x, t };
  };
  const splits = { train: xor(200, 11), test: xor(80, 12) };
  const run = () =>
    new Trainer(new TwoLayerNet({ inputSize: 2, hiddenSize: 16, outputSize: 2, weightInitStd: 0.5, seed: 3 }), splits, {
      epochs: 15,
      batchSize: 20,
      sampling: 'shuffle',
      optimizer: new Adam({ lr: 0.05 }),
      seed: 5,
    }).fit();
  const history = await run();
  assert.ok(history.testAcc.at(-1)! > 0.95, `test acc ${history.testAcc.at(-1)}`);
  assert.deepEqual(await run(), history);

  const linear = await new Trainer(new SoftmaxRegression(2, 2), splits, { epochs: 30, batchSize: 20, seed: 5 }).fit();
  assert.ok(linear.testAcc.at(-1)! < 0.8, `a linear model should fail on XOR, got ${linear.testAcc.at(-1)}`);
});
