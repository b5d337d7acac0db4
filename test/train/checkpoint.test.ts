// Checkpoints: a run stopped at a checkpoint and resumed in a fresh Trainer (through the file bytes)
// ends with the same weights, bit for bit, and the same history as the run that never stopped; a
// diverged network is never checkpointed; a checkpoint that does not fit the Trainer is refused whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MultiLayerNet,
  Trainer,
  createOptimizer,
  captureCheckpoint,
  restoreCheckpoint,
  encodeCheckpoint,
  decodeCheckpoint,
  encodeSafetensors,
  ScratchnetError,
  type Checkpoint,
  type OptimizerName,
  type Sampling,
  type TrainerState,
} from '../../src/index.js';
import { blobs } from './helpers.js';

const data = { train: blobs(230, 11, { classes: 4 }), test: blobs(80, 12, { classes: 4 }) };

interface Setup {
  optimizer: OptimizerName;
  sampling: Sampling;
  dropout: boolean;
  batchnorm: boolean;
  dtype: 'float32' | 'float64';
}

function build(setup: Setup, extra: Partial<ConstructorParameters<typeof Trainer>[2]> = {}): Trainer {
  const net = new MultiLayerNet({
    inputSize: 2,
    hiddenSizes: [16, 8],
    outputSize: 4,
    useDropout: setup.dropout,
    dropoutRatio: 0.2,
    useBatchNorm: setup.batchnorm,
    dtype: setup.dtype,
    seed: 5,
  });
  const optimizer = createOptimizer(setup.optimizer, { lr: setup.optimizer === 'adam' ? 0.01 : 0.05 });
  return new Trainer(net, data, {
    iterations: 60,
    batchSize: 32,
    optimizer,
    sampling: setup.sampling,
    seed: 9,
    evaluateEvery: 1,
    yieldEvery: 0,
    ...extra,
  });
}

function paramBytes(trainer: Trainer): Buffer {
  return Buffer.concat(
    Object.values(trainer.net.params).map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength)),
  );
}

const SETUPS: Setup[] = [
  { optimizer: 'sgd', sampling: 'with-replacement', dropout: false, batchnorm: false, dtype: 'float32' },
  { optimizer: 'adam', sampling: 'shuffle', dropout: true, batchnorm: true, dtype: 'float32' },
  { optimizer: 'momentum', sampling: 'shuffle', dropout: true, batchnorm: false, dtype: 'float64' },
  { optimizer: 'rmsprop', sampling: 'with-replacement', dropout: false, batchnorm: true, dtype: 'float64' },
];

for (const setup of SETUPS) {
  const label = `${setup.optimizer}, ${setup.sampling}${setup.dropout ? ', dropout' : ''}${setup.batchnorm ? ', batch norm' : ''}, ${setup.dtype}`;
  test(`resume from a checkpoint (mid-epoch and at an epoch boundary) ends bit for bit where the uninterrupted run does: ${label}`, async () => {
    const straight = build(setup);
    const expected = await straight.fit();
    const expectedBytes = paramBytes(straight);
    // 230 samples in batches of 32: 8 iterations per epoch, so 20 is mid-epoch and 40 an epoch boundary.
    for (const stopAt of [20, 40]) {
      const controller = new AbortController();
      let saved: Uint8Array | null = null;
      const first: Trainer = build(setup, {
        checkpointEvery: 10,
        signal: controller.signal,
        onCheckpoint: ({ iteration }) => {
          saved = encodeCheckpoint(captureCheckpoint(first, { note: 'test' }));
          if (iteration === stopAt) controller.abort();
        },
      });
      await first.fit();
      assert.ok(saved !== null);
      const checkpoint = decodeCheckpoint(saved, 'ckpt.safetensors');
      assert.equal(checkpoint.trainer.iteration, stopAt);
      assert.equal(checkpoint.metadata.note, 'test');
      const second = build(setup);
      restoreCheckpoint(second, checkpoint);
      const resumed = await second.fit();
      assert.ok(
        paramBytes(second).equals(expectedBytes),
        `${label}, stopped at ${stopAt}: the weights differ from the uninterrupted run's`,
      );
      assert.deepEqual(resumed.loss, expected.loss);
      assert.deepEqual(resumed.testAcc, expected.testAcc);
      assert.deepEqual(resumed.epochs, expected.epochs);
      assert.deepEqual(resumed, expected, 'the whole history');
    }
  });
}

test('a run resumed from a checkpoint with another seed would differ: the test above can fail', async () => {
  const setup = SETUPS[1]!;
  const straight = build(setup);
  await straight.fit();
  let saved: Checkpoint | null = null;
  const controller = new AbortController();
  const first: Trainer = build(setup, {
    checkpointEvery: 20,
    signal: controller.signal,
    onCheckpoint: () => {
      saved = captureCheckpoint(first);
      controller.abort();
    },
  });
  await first.fit();
  const tampered = saved! as Checkpoint;
  tampered.trainer.rng = { s: [1, 2, 3, 4], spare: null };
  const second = build(setup);
  restoreCheckpoint(second, tampered);
  await second.fit();
  assert.ok(!paramBytes(second).equals(paramBytes(straight)));
});

test('a checkpoint is never taken of a diverged network: NaN weights stop training with NAN_LOSS naming the iteration', async () => {
  const checkpoints: number[] = [];
  const trainer: Trainer = build(SETUPS[0]!, {
    checkpointEvery: 5,
    onBatchEnd: ({ iteration }) => {
      if (iteration === 13) trainer.net.params.W2!.data[3] = NaN; // a weight overflowed after a finite loss
    },
    onCheckpoint: ({ iteration }) => void checkpoints.push(iteration),
  });
  await assert.rejects(trainer.fit(), (e: unknown) => {
    assert.ok(e instanceof ScratchnetError && e.code === 'NAN_LOSS');
    // Iteration 14's loss is already NaN; the guard names the iteration that saw it.
    assert.match(e.message, /iteration 14 \(epoch 2\)/);
    return true;
  });
  assert.deepEqual(checkpoints, [5, 10]);
  // An Infinity that never reaches a loss (the last layer's bias, hit just before a checkpoint) is caught at the checkpoint.
  const late: Trainer = build(SETUPS[0]!, {
    checkpointEvery: 5,
    onBatchEnd: ({ iteration }) => {
      if (iteration === 15) late.net.params.b3!.data[0] = Infinity;
    },
    onCheckpoint: ({ iteration }) => void checkpoints.push(iteration),
  });
  await assert.rejects(
    late.fit(),
    /Training diverged: parameter b3 holds Infinity \(element 0\) after iteration 15 \(epoch 2\)/,
  );
});

test('restoreCheckpoint refuses a checkpoint that does not fit, naming what differs, and changes nothing', async () => {
  const source = build(SETUPS[1]!);
  const checkpoint = captureCheckpoint(source);
  const target = build(SETUPS[1]!);
  const before = paramBytes(target);
  const other = (change: (c: Checkpoint) => void): Checkpoint => {
    const c = decodeCheckpoint(encodeCheckpoint(checkpoint));
    change(c);
    return c;
  };
  const cases: [Checkpoint, string, RegExp][] = [
    [other((c) => delete c.tensors.W1), 'BAD_ARGUMENT', /no array "W1" \(the network needs \(2, 16\)\)/],
    [
      other((c) => (c.tensors.W1 = c.tensors.W1!.reshape(16, 2))),
      'SHAPE_MISMATCH',
      /array "W1" has shape \(16, 2\) in the checkpoint but \(2, 16\) in the network/,
    ],
    [other((c) => (c.tensors.extra = c.tensors.b1!)), 'BAD_ARGUMENT', /arrays the network does not: extra/],
    [other((c) => c.networkRandom.pop()), 'BAD_ARGUMENT', /1 network generators, the network has 2 dropout layers/],
    [
      other((c) => (c.trainer.batchSize = 16)),
      'BAD_ARGUMENT',
      /Trainer\.loadState: the state is of a run with batchSize 16, this Trainer has 32/,
    ],
    [other((c) => (c.trainer.iteration = 61)), 'BAD_ARGUMENT', /iteration must be an integer in \[0, 60\], got 61/],
    [
      other((c) => (c.optimizer = { ...c.optimizer!, name: 'sgd' })),
      'BAD_ARGUMENT',
      /Adam\.loadState: the state was written by "sgd"/,
    ],
  ];
  for (const [c, code, pattern] of cases) {
    assert.throws(
      () => restoreCheckpoint(target, c),
      (e: unknown) => e instanceof ScratchnetError && e.code === code && pattern.test(e.message),
    );
  }
  assert.ok(paramBytes(target).equals(before), 'the network is unchanged');
  // The Trainer was not left pointing at a refused state: fit() starts a fresh run of 60 iterations.
  assert.equal((await target.fit()).iterations, 60);
});

test('Trainer.loadState checks every field of the state, naming it', async () => {
  const trainer = build(SETUPS[1]!);
  // A state mid-epoch (iteration 20 of epochs of 8), where the permutation matters.
  const controller = new AbortController();
  const captured: { state?: TrainerState } = {};
  const source: Trainer = build(SETUPS[1]!, {
    checkpointEvery: 20,
    signal: controller.signal,
    onCheckpoint: () => {
      captured.state = source.state();
      controller.abort();
    },
  });
  await source.fit();
  const good = captured.state!;
  const cases: [Partial<Record<keyof TrainerState, unknown>>, RegExp][] = [
    [{ version: 2 }, /unknown state version 2/],
    [{ sampling: 'with-replacement' }, /sampling "with-replacement", this Trainer has "shuffle"/],
    [{ trainSize: 10 }, /trainSize 10, this Trainer has 230/],
    [{ rng: { s: [0, 0, 0, 0], spare: null } }, /rng: setState: state\.s is all zeros/],
    [{ order: new Int32Array(230) }, /order is not a permutation/],
    [{ order: null }, /order must be an Int32Array of 230 indices/],
    [{ lossSum: NaN }, /lossSum must be a finite number >= 0/],
    [{ firstLoss: Infinity }, /firstLoss must be a finite number or null/],
    [
      { history: { ...good.history, loss: [1] } },
      /history holds 1 losses and 20 iterations, but the state is at iteration 20/,
    ],
  ];
  trainer.loadState(good);
  for (const [change, pattern] of cases) {
    assert.throws(
      () => trainer.loadState({ ...good, ...change } as TrainerState),
      (e: unknown) => e instanceof ScratchnetError && e.code === 'BAD_ARGUMENT' && pattern.test(e.message),
      String(pattern),
    );
  }
});

test('decodeCheckpoint refuses a model file and a damaged state entry with BAD_FILE', () => {
  const model = encodeSafetensors({ W1: build(SETUPS[0]!).net.params.W1! });
  assert.throws(
    () => decodeCheckpoint(model, 'model.safetensors'),
    /model\.safetensors: not a valid scratchnet checkpoint: no "scratchnet\.checkpoint" metadata entry/,
  );
  const bytes = encodeSafetensors({}, { 'scratchnet.checkpoint': '{"version": 1, "trainer": 3}' });
  assert.throws(
    () => decodeCheckpoint(bytes, 'c'),
    (e: unknown) =>
      e instanceof ScratchnetError && e.code === 'BAD_FILE' && /trainer state is missing or malformed/.test(e.message),
  );
});
