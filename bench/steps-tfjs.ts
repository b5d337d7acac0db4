/**
 * TensorFlow.js as a benchmarked system for the training-step workloads (C1, C2, S1), written the
 * way TensorFlow.js is meant to be used: NHWC tensors, tf.conv2d and tf.maxPool, gradients by its
 * autograd through `tf.train.adam().minimize`. Same layer shapes, batch sizes, He initialisation and
 * Adam settings as scratchnet and numpy. One process per timed run (a child of bench/steps.ts);
 * prints one JSON line with the time of each timed step in milliseconds, or the error it stopped on.
 *
 *   node --import tsx bench/steps-tfjs.ts wasm|cpu C1|C2|S1 STEPS WARM
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '../src/index.js';

const [backend = 'wasm', workload = 'C1', stepsArg = '5', warmArg = '2'] = process.argv.slice(2);
const steps = Number(stepsArg);
const warm = Number(warmArg);
const total = steps + warm;

type Layer =
  | { kind: 'conv'; filters: number; size: number; pad: number }
  | { kind: 'relu' | 'pool' | 'dropout' }
  | { kind: 'affine'; out: number };

const conv = (filters: number, size: number, pad: number): Layer => ({ kind: 'conv', filters, size, pad });
const RELU: Layer = { kind: 'relu' };
const POOL: Layer = { kind: 'pool' };
const DROPOUT: Layer = { kind: 'dropout' };
const affine = (out: number): Layer => ({ kind: 'affine', out });

const SIMPLE: Layer[] = [conv(30, 5, 0), RELU, POOL, affine(100), RELU, affine(10)];
const DEEP: Layer[] = [
  ...[conv(16, 3, 1), RELU, conv(16, 3, 1), RELU, POOL],
  ...[conv(32, 3, 1), RELU, conv(32, 3, 2), RELU, POOL],
  ...[conv(64, 3, 1), RELU, conv(64, 3, 1), RELU, POOL],
  ...[affine(50), RELU, DROPOUT, affine(10), DROPOUT],
];
const S1: Layer[] = [affine(64), RELU, affine(64), RELU, affine(3)];

/** Variables for every conv and affine layer (He initialisation), from an input of `shape` (H, W, C). */
function build(
  layers: Layer[],
  shape: [number, number, number],
): { vars: tf.Variable[]; forward: (x: tf.Tensor) => tf.Tensor } {
  const vars: tf.Variable[] = [];
  const steps: ((x: tf.Tensor) => tf.Tensor)[] = [];
  let [h, w, c] = shape;
  for (const layer of layers) {
    if (layer.kind === 'conv') {
      const { filters, size, pad } = layer;
      const W = tf.variable(tf.randomNormal([size, size, c, filters], 0, Math.sqrt(2 / (c * size * size))));
      const b = tf.variable(tf.zeros([filters]));
      vars.push(W, b);
      steps.push((x) => tf.add(tf.conv2d(x as tf.Tensor4D, W as tf.Tensor4D, 1, pad), b));
      [h, w, c] = [h + 2 * pad - size + 1, w + 2 * pad - size + 1, filters];
    } else if (layer.kind === 'affine') {
      const fanIn = h * w * c;
      const W = tf.variable(tf.randomNormal([fanIn, layer.out], 0, Math.sqrt(2 / fanIn)));
      const b = tf.variable(tf.zeros([layer.out]));
      vars.push(W, b);
      steps.push((x) => tf.add(tf.matMul(tf.reshape(x, [-1, fanIn]), W as tf.Tensor2D), b));
      [h, w, c] = [1, 1, layer.out];
    } else if (layer.kind === 'pool') {
      steps.push((x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'));
      [h, w] = [Math.floor(h / 2), Math.floor(w / 2)];
    } else if (layer.kind === 'relu') {
      steps.push((x) => tf.relu(x));
    } else {
      steps.push((x) => tf.dropout(x, 0.5));
    }
  }
  return { vars, forward: (x) => steps.reduce((y, f) => f(y), x) };
}

function batches(): { xs: tf.Tensor[]; ts: tf.Tensor[] } {
  const xs: tf.Tensor[] = [];
  const ts: tf.Tensor[] = [];
  if (workload === 'S1') {
    for (let i = 0; i < total; i++) {
      const x = tf.randomNormal([50, 3]);
      xs.push(x);
      ts.push(tf.oneHot(tf.argMax(x, 1), 3));
    }
    return { xs, ts };
  }
  const { train } = loadMnist({ dtype: 'float32' });
  for (let i = 0; i < total; i++) {
    xs.push(tf.tensor4d(Float32Array.from(train.x.data.subarray(i * 78400, (i + 1) * 78400)), [100, 28, 28, 1]));
    ts.push(tf.oneHot(tf.tensor1d(Int32Array.from(train.t.data.subarray(i * 100, (i + 1) * 100)), 'int32'), 10));
  }
  return { xs, ts };
}

async function main(): Promise<void> {
  if (backend === 'wasm') {
    const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
    setWasmPaths(`${join(dirname(pkg), 'dist')}/`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js could not initialise its ${backend} backend`);
  await tf.ready();
  tf.randomNormal([1]).dispose();
  const layers = workload === 'C1' ? SIMPLE : workload === 'C2' ? DEEP : S1;
  const net = build(layers, workload === 'S1' ? [1, 1, 3] : [28, 28, 1]);
  const { xs, ts } = batches();
  const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
  const stepMs: number[] = [];
  let loss = 0;
  for (let i = 0; i < total; i++) {
    const start = performance.now();
    const value = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ts[i]!, net.forward(xs[i]!)), true, net.vars);
    loss = (await value!.data())[0]!;
    value!.dispose();
    if (i >= warm) stepMs.push(performance.now() - start);
  }
  const threads = backend === 'wasm' ? `, ${getThreadsCount()} thread(s)` : '';
  console.log(
    JSON.stringify({ stepMs, loss, detail: `TensorFlow.js ${tf.version.tfjs}, ${backend} backend${threads}` }),
  );
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.log(JSON.stringify({ error: message.split('\n')[0] }));
});
