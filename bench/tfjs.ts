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

/** One layer's derivative from its output z, as the book's Sigmoid and Relu layers keep it. */
type ActivationGrad = (dz: tf.Tensor2D, z: tf.Tensor2D) => tf.Tensor2D;

const ACTIVATIONS: Record<
  MlpFixture['activation'],
  { forward: (a: tf.Tensor2D) => tf.Tensor2D; grad: ActivationGrad }
> = {
  sigmoid: { forward: tf.sigmoid, grad: (dz, z) => tf.mul(tf.mul(dz, tf.sub(1, z)), z) },
  relu: { forward: tf.relu, grad: (dz, z) => tf.mul(dz, tf.step(z)) },
};

/** The book's MLP written with TensorFlow.js ops (no tf.train, no autograd), trained by plain SGD. */
class TfjsMlp implements MlpSession {
  private readonly W: tf.Variable<tf.Rank.R2>[] = [];
  private readonly b: tf.Variable<tf.Rank.R1>[] = [];
  private readonly activation: (typeof ACTIVATIONS)[MlpFixture['activation']];
  private readonly order: Int32Array;
  private readonly init: Map<string, Float32Array>;
  private readonly data = data();
  // Batches are copied out in JavaScript and uploaded, as the TensorFlow.js MNIST example does:
  // tf.gather from a 60000-row tensor costs the wasm backend ~3.7 ms per batch, 80x more.
  private readonly xBatch: Float32Array;
  private readonly tBatch: Float32Array;
  /** The whole training set as tensors, for the plainly written form that gathers batches with tf.gather. */
  private readonly all: { x: tf.Tensor2D; t: tf.Tensor2D } | null;

  constructor(
    private readonly fixture: MlpFixture,
    dir: string,
  ) {
    const { order, params } = readMlpFixture(fixture, dir);
    this.order = order;
    this.init = params;
    this.activation = ACTIVATIONS[fixture.activation];
    const { sizes, batchSize } = fixture;
    for (let l = 0; l < sizes.length - 1; l++) {
      this.W.push(tf.variable(this.initialW(l)));
      this.b.push(tf.variable(this.initialB(l)));
    }
    this.xBatch = new Float32Array(batchSize * sizes[0]!);
    this.tBatch = new Float32Array(batchSize * CLASSES);
    const { train } = this.data;
    this.all =
      idiom === 'naive'
        ? {
            x: tf.tensor2d(train.x, [train.labels.length, sizes[0]!]),
            t: tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), CLASSES).toFloat() as tf.Tensor2D),
          }
        : null;
  }

  private initial(name: string): Float32Array {
    const values = this.init.get(name);
    if (values === undefined) throw new Error(`fixture has no parameter ${name}`);
    return values;
  }

  private initialW(l: number): tf.Tensor2D {
    const { sizes } = this.fixture;
    return tf.tensor2d(this.initial(`W${l + 1}`), [sizes[l]!, sizes[l + 1]!]);
  }

  private initialB(l: number): tf.Tensor1D {
    return tf.tensor1d(this.initial(`b${l + 1}`));
  }

  reset(): void {
    for (let l = 0; l < this.W.length; l++) {
      this.W[l]!.assign(this.initialW(l));
      this.b[l]!.assign(this.initialB(l));
    }
  }

  /** Scores before softmax, and the input of every affine layer (kept for backward). */
  private forward(x: tf.Tensor2D): { scores: tf.Tensor2D; inputs: tf.Tensor2D[] } {
    const layers = this.W.length;
    const inputs: tf.Tensor2D[] = [];
    let h = x;
    for (let l = 0; l < layers; l++) {
      inputs.push(h);
      const a: tf.Tensor2D = tf.add(tf.matMul(h, this.W[l]!), this.b[l]!);
      h = l < layers - 1 ? this.activation.forward(a) : a;
    }
    return { scores: h, inputs };
  }

  private batchTensors(batch: number): { x: tf.Tensor2D; t: tf.Tensor2D } {
    const { batchSize, sizes } = this.fixture;
    const rows = this.order.subarray(batch * batchSize, (batch + 1) * batchSize);
    if (this.all !== null) {
      const indices = tf.tensor1d(rows, 'int32');
      return { x: tf.gather(this.all.x, indices), t: tf.gather(this.all.t, indices) };
    }
    const inputSize = sizes[0]!;
    const { train } = this.data;
    this.tBatch.fill(0);
    for (let j = 0; j < batchSize; j++) {
      const row = rows[j]!;
      this.xBatch.set(train.x.subarray(row * inputSize, (row + 1) * inputSize), j * inputSize);
      this.tBatch[j * CLASSES + train.labels[row]!] = 1;
    }
    return {
      x: tf.tensor2d(this.xBatch, [batchSize, inputSize]),
      t: tf.tensor2d(this.tBatch, [batchSize, CLASSES]),
    };
  }

  step(batch: number): number {
    const { batchSize, lr } = this.fixture;
    const { W, b } = this;
    const loss = tf.tidy(() => {
      const { x, t } = this.batchTensors(batch);
      const { scores, inputs } = this.forward(x);
      const y = tf.softmax(scores);
      const batchLoss = tf.div(tf.neg(tf.sum(tf.mul(t, tf.log(tf.add(y, 1e-7))))), batchSize);
      let dout: tf.Tensor2D = tf.div(tf.sub(y, t), batchSize);
      for (let l = W.length - 1; l >= 0; l--) {
        const dW = matMulT(inputs[l]!, dout, true, false);
        const db = tf.sum(dout, 0);
        // Not for the first layer: the gradient with respect to the input is never used.
        if (l > 0) dout = this.activation.grad(matMulT(dout, W[l]!, false, true), inputs[l]!);
        W[l]!.assign(tf.sub(W[l]!, tf.mul(dW, lr)));
        b[l]!.assign(tf.sub(b[l]!, tf.mul(db, lr)));
      }
      return batchLoss;
    });
    const value = loss.dataSync()[0]!;
    loss.dispose();
    return value;
  }

  correct(split: 'train' | 'test', rows: number): number {
    const { x, labels } = this.data[split];
    const inputSize = this.fixture.sizes[0]!;
    let correct = 0;
    for (let start = 0; start < rows; start += EVAL_CHUNK) {
      const size = Math.min(EVAL_CHUNK, rows - start);
      const predicted = tf.tidy(() => {
        const chunk = tf.tensor2d(x.subarray(start * inputSize, (start + size) * inputSize), [size, inputSize]);
        return tf.argMax(this.forward(chunk).scores, 1);
      });
      const values = predicted.dataSync();
      predicted.dispose();
      for (let i = 0; i < size; i++) if (values[i] === labels[start + i]) correct++;
    }
    return correct;
  }
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
  const mlp = (fixture: MlpFixture, dir: string): MlpSession => {
    // Reported as this system's failure on the workload, and the others go on.
    if (fixture.dtype === 'float64') throw new Error('TensorFlow.js has no float64 tensors');
    return new TfjsMlp(fixture, dir);
  };
  return { info: () => ({ detail }), mlp, matmul };
}

await serve(create);
