/**
 * TensorFlow.js as a benchmarked system, with its plain-JS `cpu` backend or its SIMD WebAssembly
 * `wasm` backend. The network is written as the book writes it, not with tf.train or autograd, so
 * both do the same work as scratchnet and numpy: forward, softmax, the hand-derived gradient
 * (y - t) / n pushed back through the affine layers, and p -= lr·grad, all inside tf.tidy.
 * Run as a child of bench/run.ts: node --import tsx bench/tfjs.ts --backend wasm|cpu
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '../src/index.js';
import type { DataSplits } from '../src/data/types.js';
import { readMlpFixture, serve, type BenchSystem, type MatmulSession, type MlpSession } from './serve.js';
import type { MatmulFixture, MlpFixture } from './workloads.js';

const backend = process.argv.includes('--backend')
  ? (process.argv[process.argv.indexOf('--backend') + 1] ?? 'wasm')
  : 'wasm';
if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--backend must be wasm or cpu, got ${backend}`);
/**
 * 'fast' (the default) writes each step in the form this backend runs fastest; 'naive' in the first
 * form one would write (tf.gather for the batch, matMul's transpose flags), which on the wasm backend
 * is about 7x slower per epoch. Chosen with `npm run bench -- --tfjs-naive`.
 */
const idiom = process.env.SCRATCHNET_BENCH_TFJS_IDIOM === 'naive' ? 'naive' : 'fast';

/** Evaluation chunk: bounds the activations held at once, as scratchnet's accuracy() does. */
const EVAL_CHUNK = 10000;
const CLASSES = 10;

/**
 * A·B with either operand transposed, in the form each backend runs fastest (measured here at the
 * MLP's shapes): the wasm backend's matMul with a transpose flag leaves its fast path and is 8x
 * slower than an explicit tf.transpose followed by a plain matMul; the cpu backend is a little
 * faster with the flags. The anchors get their best form, so scratchnet is not compared with a strawman.
 */
const matMulT =
  backend === 'wasm' && idiom === 'fast'
    ? (a: tf.Tensor2D, b: tf.Tensor2D, transA: boolean, transB: boolean): tf.Tensor2D =>
        tf.matMul(transA ? tf.transpose(a) : a, transB ? tf.transpose(b) : b)
    : (a: tf.Tensor2D, b: tf.Tensor2D, transA: boolean, transB: boolean): tf.Tensor2D =>
        tf.matMul(a, b, transA, transB);

interface Split {
  x: Float32Array;
  labels: Int32Array;
}

let loaded: { train: Split; test: Split } | null = null;
function data(): { train: Split; test: Split } {
  if (loaded !== null) return loaded;
  // scratchnet's loader only reads the files: the same float32 pixels every system trains on.
  const { train, test }: DataSplits = loadMnist({ dtype: 'float32' });
  const split = (s: DataSplits['train']): Split => ({
    x: Float32Array.from(s.x.data),
    labels: Int32Array.from(s.t.data),
  });
  loaded = { train: split(train), test: split(test) };
  return loaded;
}

function mlp(fixture: MlpFixture, dir: string): MlpSession {
  const { order, params: init } = readMlpFixture(fixture, dir);
  const { sizes, batchSize, lr } = fixture;
  const inputSize = sizes[0]!;
  const layers = sizes.length - 1;
  const initial = (name: string): Float32Array => {
    const values = init.get(name);
    if (values === undefined) throw new Error(`fixture has no parameter ${name}`);
    return values;
  };
  const W: tf.Variable<tf.Rank.R2>[] = [];
  const b: tf.Variable<tf.Rank.R1>[] = [];
  for (let l = 0; l < layers; l++) {
    W.push(tf.variable(tf.tensor2d(initial(`W${l + 1}`), [sizes[l]!, sizes[l + 1]!])));
    b.push(tf.variable(tf.tensor1d(initial(`b${l + 1}`))));
  }
  const activate = fixture.activation === 'sigmoid' ? tf.sigmoid : tf.relu;
  // The derivative from the layer's output z, as the book's Sigmoid and Relu layers keep it.
  const activationGrad =
    fixture.activation === 'sigmoid'
      ? (dz: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor2D => tf.mul(tf.mul(dz, tf.sub(1, z)), z)
      : (dz: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor2D => tf.mul(dz, tf.step(z));

  /** Scores before softmax, and the input of every affine layer (kept for backward). */
  const forward = (x: tf.Tensor2D): { scores: tf.Tensor2D; inputs: tf.Tensor2D[] } => {
    const inputs: tf.Tensor2D[] = [];
    let h = x;
    for (let l = 0; l < layers; l++) {
      inputs.push(h);
      const a: tf.Tensor2D = tf.add(tf.matMul(h, W[l]!), b[l]!);
      h = l < layers - 1 ? activate(a) : a;
    }
    return { scores: h, inputs };
  };

  const { train, test } = data();
  // Batches are copied out in JavaScript and uploaded, as the TensorFlow.js MNIST example does:
  // tf.gather from a 60000-row tensor costs the wasm backend ~3.7 ms per batch, 80x more.
  const xBatch = new Float32Array(batchSize * inputSize);
  const tBatch = new Float32Array(batchSize * CLASSES);
  const all =
    idiom === 'naive'
      ? {
          x: tf.tensor2d(train.x, [train.labels.length, inputSize]),
          t: tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), CLASSES).toFloat() as tf.Tensor2D),
        }
      : null;
  const batchTensors = (batch: number): { x: tf.Tensor2D; t: tf.Tensor2D } => {
    if (all !== null) {
      const indices = tf.tensor1d(order.subarray(batch * batchSize, (batch + 1) * batchSize), 'int32');
      return { x: tf.gather(all.x, indices), t: tf.gather(all.t, indices) };
    }
    tBatch.fill(0);
    for (let j = 0; j < batchSize; j++) {
      const row = order[batch * batchSize + j]!;
      xBatch.set(train.x.subarray(row * inputSize, (row + 1) * inputSize), j * inputSize);
      tBatch[j * CLASSES + train.labels[row]!] = 1;
    }
    return { x: tf.tensor2d(xBatch, [batchSize, inputSize]), t: tf.tensor2d(tBatch, [batchSize, CLASSES]) };
  };
  return {
    reset() {
      for (let l = 0; l < layers; l++) {
        W[l]!.assign(tf.tensor2d(initial(`W${l + 1}`), [sizes[l]!, sizes[l + 1]!]));
        b[l]!.assign(tf.tensor1d(initial(`b${l + 1}`)));
      }
    },
    step(batch) {
      const loss = tf.tidy(() => {
        const { x, t } = batchTensors(batch);
        const { scores, inputs } = forward(x);
        const y = tf.softmax(scores);
        const batchLoss = tf.div(tf.neg(tf.sum(tf.mul(t, tf.log(tf.add(y, 1e-7))))), batchSize);
        let dout: tf.Tensor2D = tf.div(tf.sub(y, t), batchSize);
        for (let l = layers - 1; l >= 0; l--) {
          const dW = matMulT(inputs[l]!, dout, true, false);
          const db = tf.sum(dout, 0);
          // Not for the first layer: the gradient with respect to the input is never used.
          if (l > 0) dout = activationGrad(matMulT(dout, W[l]!, false, true), inputs[l]!);
          W[l]!.assign(tf.sub(W[l]!, tf.mul(dW, lr)));
          b[l]!.assign(tf.sub(b[l]!, tf.mul(db, lr)));
        }
        return batchLoss;
      });
      const value = loss.dataSync()[0]!;
      loss.dispose();
      return value;
    },
    correct(split, rows) {
      const { x, labels } = split === 'train' ? train : test;
      let correct = 0;
      for (let start = 0; start < rows; start += EVAL_CHUNK) {
        const size = Math.min(EVAL_CHUNK, rows - start);
        const predicted = tf.tidy(() => {
          const chunk = tf.tensor2d(x.subarray(start * inputSize, (start + size) * inputSize), [size, inputSize]);
          return tf.argMax(forward(chunk).scores, 1);
        });
        const values = predicted.dataSync();
        predicted.dispose();
        for (let i = 0; i < size; i++) if (values[i] === labels[start + i]) correct++;
      }
      return correct;
    },
  };
}

function matmul(a: Float32Array, b: Float32Array, { m, k, n }: MatmulFixture): MatmulSession {
  const A = tf.tensor2d(a, [m, k]);
  const B = tf.tensor2d(b, [k, n]);
  let C: tf.Tensor | null = null;
  return {
    run() {
      // cpu and wasm compute synchronously, so the product is done when matMul returns.
      C?.dispose();
      C = tf.matMul(A, B);
    },
    checksum() {
      let s = 0;
      if (C !== null) for (const v of C.dataSync()) s += v;
      return s;
    },
  };
}

async function create(): Promise<BenchSystem> {
  if (backend === 'wasm') {
    // The .wasm files come from the installed package (a folder path with a trailing slash): nothing is downloaded.
    const dist = join(
      dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
      'dist',
    );
    setWasmPaths(`${dist}/`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js could not initialise its ${backend} backend`);
  await tf.ready();
  const how =
    idiom === 'naive' ? 'tf.gather batches, matMul transpose flags' : 'batches built in JS, fastest matMul form';
  const detail =
    backend === 'wasm'
      ? `TensorFlow.js ${tf.version.tfjs}, wasm backend (${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD'}, ${getThreadsCount()} thread${getThreadsCount() === 1 ? '' : 's'}; ${how})`
      : `TensorFlow.js ${tf.version.tfjs}, cpu backend (plain JavaScript; ${how})`;
  return { info: () => ({ detail }), mlp, matmul };
}

await serve(create);
