/**
 * scratchnet as a benchmarked system for the training-step workloads (C1, C2, S1): SimpleConvNet or
 * DeepConvNet (float32, batch 100, Adam) on MNIST, or a 3-64-64-3 ReLU MultiLayerNet (batch 50, Adam)
 * on synthetic points, each step `lossAndGradient` + `Adam.update` as a reader of the book writes it.
 * One process per timed run (a child of bench/steps.ts); prints one JSON line: the time of each timed
 * step in milliseconds, the last loss, and the two-thread rate of a 1024³ product measured afterwards.
 *
 *   node --import tsx bench/steps-scratchnet.ts C1|C2|S1 STEPS WARM
 */
import {
  Adam,
  DeepConvNet,
  MultiLayerNet,
  NDArray,
  Random,
  SimpleConvNet,
  kernels,
  loadMnist,
  zeros,
  type Network,
} from '../src/index.js';
import { wasmRuntime } from '../src/ndarray/kernels/wasm/runtime.js';

const [workload = 'C1', stepsArg = '10', warmArg = '3'] = process.argv.slice(2);
const steps = Number(stepsArg);
const warm = Number(warmArg);
const total = steps + warm;

interface Batches {
  batch: number;
  x(i: number): NDArray;
  t(i: number): NDArray;
}

function mnistBatches(): Batches {
  const { train } = loadMnist({ dtype: 'float32' });
  return {
    batch: 100,
    x: (i) => train.x.slice(i * 100, i * 100 + 100),
    t: (i) => train.t.slice(i * 100, i * 100 + 100),
  };
}

/** Points in 3-D labelled by their largest coordinate, as numpy_steps.py makes them. */
function pointBatches(): Batches {
  const batch = 50;
  const random = new Random(1);
  const xs: NDArray[] = [];
  const ts: NDArray[] = [];
  for (let i = 0; i < total; i++) {
    const x = new Float32Array(batch * 3);
    const t = new Int32Array(batch);
    for (let r = 0; r < batch; r++) {
      for (let c = 0; c < 3; c++) x[r * 3 + c] = random.normal();
      t[r] = x[r * 3]! >= x[r * 3 + 1]! ? (x[r * 3]! >= x[r * 3 + 2]! ? 0 : 2) : x[r * 3 + 1]! >= x[r * 3 + 2]! ? 1 : 2;
    }
    xs.push(new NDArray(x, [batch, 3], 'float32'));
    ts.push(new NDArray(t, [batch], 'int32'));
  }
  return { batch, x: (i) => xs[i]!, t: (i) => ts[i]! };
}

function network(): Network {
  if (workload === 'C1') return new SimpleConvNet({ dtype: 'float32', seed: 1 });
  if (workload === 'C2') return new DeepConvNet({ dtype: 'float32', seed: 1 });
  return new MultiLayerNet({ inputSize: 3, hiddenSizes: [64, 64], outputSize: 3, dtype: 'float32', seed: 1 });
}

/** GFLOP/s of a 1024³ float32 product on every thread scratchnet uses: the machine's reference rate. */
function productRate(): number {
  const a = zeros([1024, 1024], { dtype: 'float32' });
  const b = zeros([1024, 1024], { dtype: 'float32' });
  a.data.fill(0.5);
  b.data.fill(0.25);
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const start = performance.now();
    a.matmul(b);
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return (2 * 1024 ** 3) / (times[3]! * 1e6);
}

const data = workload === 'S1' ? pointBatches() : mnistBatches();
const net = network();
const optimizer = new Adam({ lr: 0.001 });
// Timed steps start with the worker thread ready, as they would a few steps into training.
wasmRuntime()?.kernels.waitForThreads(10_000);
const stepMs: number[] = [];
let loss = 0;
for (let i = 0; i < total; i++) {
  const x = data.x(i);
  const t = data.t(i);
  const start = performance.now();
  const result = net.lossAndGradient(x, t);
  optimizer.update(net.params, result.grads);
  if (i >= warm) stepMs.push(performance.now() - start);
  loss = result.loss;
}
const rate = workload === 'S1' ? null : productRate();
console.log(JSON.stringify({ stepMs, loss, productGflops: rate, detail: `kernels "${kernels().name}", float32` }));
