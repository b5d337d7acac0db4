/**
 * The TensorFlow.js side of `bench/browser-tfjs.ts`, run in the page's Web Worker, written in its
 * fast form: the batches are tensors made before the clock starts, each step is one
 * `tf.train.adam().minimize` (its own tidy: no tensor outlives the step but the variables and
 * Adam's moments), and nothing is read back until the last step. Same layers, He initialisation,
 * batch 100 and Adam settings as the scratchnet side; a convnet in NHWC (tf.conv2d, tf.maxPool).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { DataSplits } from '../src/core.js';
import type { Job, JobResult } from './browser-tfjs-protocol.js';
import { mlpStep, mlpVars } from './browser-tfjs-tf-mlp.js';

const BATCH = 100;

interface TfNet {
  vars: tf.Variable[];
  forward(x: tf.Tensor): tf.Tensor;
}

function dense(vars: tf.Variable[], fanIn: number, out: number): (x: tf.Tensor) => tf.Tensor {
  const W = tf.variable(tf.randomNormal([fanIn, out], 0, Math.sqrt(2 / fanIn)));
  const b = tf.variable(tf.zeros([out]));
  vars.push(W, b);
  return (x) => tf.add(tf.matMul(tf.reshape(x, [-1, fanIn]), W as tf.Tensor2D), b);
}

/** 784-100-10 ReLU, or conv8x5 (valid), ReLU, 2×2 max pooling, dense10 on 28×28×1 images. */
function network(job: Job): { net: TfNet; lr: number } {
  const vars: tf.Variable[] = [];
  if (job.workload === 'mlp') {
    const d1 = dense(vars, 784, 100);
    const d2 = dense(vars, 100, 10);
    return { net: { vars, forward: (x) => d2(tf.relu(d1(x))) }, lr: 0.001 };
  }
  const K = tf.variable(tf.randomNormal([5, 5, 1, 8], 0, Math.sqrt(2 / 25)));
  const c = tf.variable(tf.zeros([8]));
  vars.push(K, c);
  const d = dense(vars, 12 * 12 * 8, 10);
  const forward = (x: tf.Tensor): tf.Tensor =>
    d(
      tf.maxPool(
        tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, K as tf.Tensor4D, 1, 'valid'), c)) as tf.Tensor4D,
        2,
        2,
        'valid',
      ),
    );
  return { net: { vars, forward }, lr: 0.003 };
}

/** `count` images from `offset` of `x` (flat float32 pixels) as a tensor of the workload's input shape. */
function images(job: Job, x: Float32Array, offset: number, count: number): tf.Tensor {
  const pixels = x.slice(offset * 784, (offset + count) * 784);
  return job.workload === 'mlp' ? tf.tensor2d(pixels, [count, 784]) : tf.tensor4d(pixels, [count, 28, 28, 1]);
}

/** Share of right classes on the test set, predicted 1000 images at a time. */
function testAccuracy(job: Job, net: TfNet, data: DataSplits): number {
  const x = data.test.x.data as Float32Array;
  const labels = data.test.t.data;
  let right = 0;
  for (let start = 0; start < labels.length; start += 1000) {
    const predicted = tf.tidy(() => tf.argMax(net.forward(images(job, x, start, 1000)), 1).dataSync());
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === Number(labels[start + i])) right++;
  }
  return right / labels.length;
}

let wasmPathSet = false;

/** The WebGL renderer TF.js got (SwiftShader, a software rasteriser, where there is no GPU). */
function webglRenderer(): string {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (gl === undefined) return 'renderer unknown';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
}

/** Switches TF.js to the job's backend; the wasm files come from this page's own server. */
async function useBackend(job: Job): Promise<string> {
  const name = job.system.split('-')[1] ?? '';
  if (name === 'wasm' && !wasmPathSet) {
    setWasmPaths(new URL('tfjs/', self.location.href).href);
    // One thread, as the scratchnet side runs its 1-thread case: the plain SIMD build even on a
    // cross-origin-isolated page.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasmPathSet = true;
  }
  if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js could not initialise its ${name} backend`);
  await tf.ready();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'SIMD' : 'no SIMD';
  const threads = name === 'wasm' ? `, ${simd}, ${getThreadsCount()} thread(s)` : '';
  const renderer = name === 'webgl' ? `, ${webglRenderer()}` : '';
  return `TensorFlow.js ${tf.version.tfjs}, ${tf.getBackend()} backend${threads}${renderer}`;
}

/** The job's training step: the hand-written fast form for the MLP on wasm, autograd otherwise. */
function trainer(
  job: Job,
  run: number,
): { net: TfNet; step: (x: tf.Tensor, t: tf.Tensor) => void; optimizer: tf.Optimizer } {
  if (job.workload === 'mlp' && job.system === 'tfjs-wasm') {
    const v = mlpVars(run);
    const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
    const forward = (x: tf.Tensor): tf.Tensor =>
      tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, v.W1), v.b1)) as tf.Tensor2D, v.W2), v.b2);
    return {
      net: { vars: [v.W1, v.b1, v.W2, v.b2], forward },
      step: (x, t) => mlpStep(v, optimizer, x as tf.Tensor2D, t as tf.Tensor2D),
      optimizer,
    };
  }
  const { net, lr } = network(job);
  const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-7);
  const step = (x: tf.Tensor, t: tf.Tensor): void => {
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(t, net.forward(x)), false, net.vars);
  };
  return { net, step, optimizer };
}

let runs = 0;

/**
 * Times `job.steps` steps of batch 100 (training images in order) after `job.warmup` untimed ones,
 * then measures test accuracy.
 */
export async function runTfjs(job: Job, data: DataSplits): Promise<JobResult> {
  const detail = await useBackend(job);
  const train = data.train.x.data as Float32Array;
  const labels = Int32Array.from(data.train.t.data as ArrayLike<number>);
  const total = job.warmup + job.steps;
  const xs = Array.from({ length: total }, (_, i) => images(job, train, i * BATCH, BATCH));
  const ts = Array.from({ length: total }, (_, i) =>
    tf.tidy(() => tf.oneHot(tf.tensor1d(labels.subarray(i * BATCH, (i + 1) * BATCH), 'int32'), 10)),
  );
  const { net, step, optimizer } = trainer(job, runs++);
  try {
    for (let i = 0; i < job.warmup; i++) step(xs[i]!, ts[i]!);
    await net.vars[0]!.data();
    const start = performance.now();
    for (let i = job.warmup; i < total; i++) step(xs[i]!, ts[i]!);
    // The wasm and cpu backends compute as they go; webgl queues: wait for the last weights.
    await net.vars[0]!.data();
    const ms = performance.now() - start;
    const testAcc = testAccuracy(job, net, data);
    const form = job.system === 'tfjs-wasm' && job.workload === 'mlp' ? 'gradients by hand' : 'autograd (minimize)';
    return {
      ok: true,
      ms,
      steps: job.steps,
      epochMs: (ms * job.epochSteps) / job.steps,
      testAcc,
      detail: `${detail}, ${form}`,
    };
  } finally {
    optimizer.dispose();
    tf.dispose([...xs, ...ts, ...net.vars]);
  }
}
