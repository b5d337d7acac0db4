// The export's must-show: on every one of the 10000 MNIST test images, ONNX Runtime running the
// exported model gives the class scratchnet's predict gives, with probabilities within 1e-5, for the
// `npm start` network (trained by the CLI), a MultiLayerNet with batch norm and dropout, a
// SimpleConvNet, a DeepConvNet and a table model with standardization. Prints both accuracies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import {
  Adam,
  applyStandardization,
  architectureFromMetadata,
  DeepConvNet,
  exportOnnx,
  fitStandardization,
  loadMnist,
  loadSafetensors,
  type ModelData,
  modelFromTensors,
  MultiLayerNet,
  type NDArray,
  type SavableNet,
  Sequential,
  SimpleConvNet,
  softmax,
  Trainer,
} from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const data = loadMnist({ dtype: 'float32' });
const labels = data.test.t.data;
const rows: string[] = [];

/** Probabilities scratchnet gives for the rows of `x`, 500 at a time (a convnet's buffers stay small). */
function scratchnetProbabilities(net: SavableNet, x: NDArray): Float64Array {
  const n = x.shape[0]!;
  const out = new Float64Array(n * 10);
  for (let start = 0; start < n; start += 500) {
    const p = softmax(net.predict(x.slice(start, Math.min(n, start + 500)))).data;
    for (let i = 0; i < p.length; i++) out[start * 10 + i] = p[i]!;
  }
  return out;
}

async function onnxProbabilities(bytes: Uint8Array, x: NDArray, sample: readonly number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const n = x.shape[0]!;
  const size = sample.reduce((p, d) => p * d, 1);
  const out = new Float32Array(n * 10);
  for (let start = 0; start < n; start += 1000) {
    const end = Math.min(n, start + 1000);
    const input = Float32Array.from(x.data.subarray(start * size, end * size) as ArrayLike<number>);
    const result = await session.run({ input: new ort.Tensor('float32', input, [end - start, ...sample]) });
    out.set(result.output!.data as Float32Array, start * 10);
  }
  return out;
}

const argmax = (p: ArrayLike<number>, row: number): number => {
  let best = 0;
  for (let c = 1; c < 10; c++) if (p[row * 10 + c]! > p[row * 10 + best]!) best = c;
  return best;
};

/**
 * Exports `net`, runs ONNX Runtime on `onnxInput` (raw pixels) and scratchnet on `netInput` (what
 * the network was trained on), and checks every image.
 */
async function compare(
  label: string,
  net: SavableNet,
  modelData: ModelData = {},
  netInput = data.test.x,
): Promise<void> {
  const sample = net.sequentialConfig.inputShape;
  const ours = scratchnetProbabilities(net, netInput);
  const theirs = await onnxProbabilities(exportOnnx(net, { data: modelData }), data.test.x, sample);
  let same = 0;
  let right = 0;
  let rightOnnx = 0;
  let worst = 0;
  for (let i = 0; i < labels.length; i++) {
    const a = argmax(ours, i);
    const b = argmax(theirs, i);
    if (a === b) same++;
    if (a === labels[i]) right++;
    if (b === labels[i]) rightOnnx++;
    for (let c = 0; c < 10; c++) worst = Math.max(worst, Math.abs(ours[i * 10 + c]! - theirs[i * 10 + c]!));
  }
  const n = labels.length;
  const row = `| ${label} | ${(right / n).toFixed(4)} | ${(rightOnnx / n).toFixed(4)} | ${same} / ${n} | ${worst.toExponential(1)} |`;
  rows.push(row);
  console.log(row);
  assert.equal(same, n, `${label}: ONNX Runtime gives another class for ${n - same} images`);
  assert.ok(worst < 1e-5, `${label}: probabilities differ by up to ${worst}`);
}

async function train(
  net: SavableNet,
  iterations: number,
  lr: number,
  batchSize = 100,
  train = data.train,
): Promise<void> {
  const trainer = new Trainer(
    net,
    { train, test: data.test },
    {
      iterations,
      batchSize,
      optimizer: new Adam({ lr }),
      seed: 1,
      evalSampleSize: 100,
    },
  );
  await trainer.fit();
}

test('the npm start network (784-50-10 ReLU, SGD, float32: `scratchnet train` with its defaults)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-onnx-mnist-'));
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'train', '--out', dir], {
      cwd: root,
      maxBuffer: 1 << 24,
    });
    const file = loadSafetensors(join(dir, 'model.safetensors'));
    const arch = architectureFromMetadata(file.metadata);
    assert.ok(arch !== null);
    await compare(
      'npm start network (CLI defaults, 10000 iterations)',
      modelFromTensors(file.tensors, arch, 'float32'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a MultiLayerNet with batch norm and dropout (float64 weights, exported as float32)', async () => {
  const net = new MultiLayerNet({
    inputSize: 784,
    hiddenSizes: [100, 100],
    outputSize: 10,
    useBatchNorm: true,
    useDropout: true,
    dropoutRatio: 0.2,
    dtype: 'float64',
    seed: 1,
  });
  await train(net, 300, 0.01);
  await compare('MultiLayerNet 784-100-100-10, batch norm, dropout 0.2', net);
});

test('a SimpleConvNet', async () => {
  const net = new SimpleConvNet({ dtype: 'float32', seed: 1 });
  await train(net, 100, 0.001);
  await compare('SimpleConvNet (30 filters 5x5, 100 hidden)', net);
});

test('a DeepConvNet (a few training steps)', async () => {
  const net = new DeepConvNet({ dtype: 'float32', seed: 1 });
  await train(net, 20, 0.001, 50);
  await compare('DeepConvNet (20 steps)', net);
});

test('a table model with standardization: the exported model takes the raw values', async () => {
  const standardization = fitStandardization(data.train.x);
  const net = new Sequential({ inputShape: [784], layers: 'dense100,relu,dense10', dtype: 'float32', seed: 1 });
  await train(net, 300, 0.001, 100, { x: applyStandardization(data.train.x, standardization), t: data.train.t });
  const testX = applyStandardization(data.test.x, standardization);
  await compare('Sequential dense100,relu,dense10 on standardized pixels', net, { standardization }, testX);
  console.log(
    [
      '| model | scratchnet accuracy | ONNX Runtime accuracy | same class | max probability difference |',
      '|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
});
