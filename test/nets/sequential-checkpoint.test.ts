// A Sequential with per-channel and per-feature batch norm and dropout resumes from a checkpoint bit
// for bit: its running averages and dropout generators are part of the checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam,
  captureCheckpoint,
  decodeCheckpoint,
  encodeCheckpoint,
  NDArray,
  Random,
  restoreCheckpoint,
  Sequential,
  Trainer,
} from '../../src/index.js';

function images(n: number, seed: number): { x: NDArray; t: NDArray } {
  const rng = new Random(seed);
  const x = rng.randn([n, 36], { dtype: 'float32' });
  const t = NDArray.empty([n], 'int32');
  for (let i = 0; i < n; i++) t.data[i] = (x.data[i * 36]! > 0 ? 1 : 0) + (x.data[i * 36 + 35]! > 0 ? 1 : 0);
  return { x, t };
}

const data = { train: images(120, 1), test: images(40, 2) };

function build(extra: Partial<ConstructorParameters<typeof Trainer>[2]> = {}): Trainer {
  const net = new Sequential({
    inputShape: [1, 6, 6],
    layers: 'conv4x3p1,bn,relu,pool2,dense8,bn,relu,dropout0.2,dense3',
    seed: 4,
  });
  return new Trainer(net, data, {
    iterations: 30,
    batchSize: 16,
    optimizer: new Adam({ lr: 0.01 }),
    sampling: 'shuffle',
    seed: 9,
    yieldEvery: 0,
    ...extra,
  });
}

function paramBytes(trainer: Trainer): Buffer {
  return Buffer.concat(
    Object.values(trainer.net.params).map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength)),
  );
}

test('a Sequential with batch norm and dropout resumes from a checkpoint where the uninterrupted run ends', async () => {
  const straight = build();
  const expected = await straight.fit();
  const controller = new AbortController();
  let saved: Uint8Array | null = null;
  const first: Trainer = build({
    checkpointEvery: 10,
    signal: controller.signal,
    onCheckpoint: () => {
      saved = encodeCheckpoint(captureCheckpoint(first));
      controller.abort();
    },
  });
  await first.fit();
  assert.ok(saved !== null);
  const checkpoint = decodeCheckpoint(saved, 'ckpt.safetensors');
  for (const name of ['runningMean1', 'runningVar1', 'runningMean2', 'runningVar2', 'gamma1', 'beta2']) {
    assert.ok(name in checkpoint.tensors, name);
  }
  assert.deepEqual(checkpoint.tensors.runningMean1!.shape, [4]);
  assert.equal(checkpoint.networkRandom.length, 1);
  const second = build();
  restoreCheckpoint(second, checkpoint);
  const resumed = await second.fit();
  assert.ok(paramBytes(second).equals(paramBytes(straight)), 'the weights differ from the uninterrupted run');
  assert.deepEqual(resumed.loss, expected.loss);
});
