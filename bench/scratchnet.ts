/**
 * scratchnet as a benchmarked system, used the way a reader of the book uses it: TwoLayerNet or
 * MultiLayerNet, `lossAndGradient` and `SGD.update`, batches gathered into one reused buffer from
 * images copied into the kernels' memory once (`residentCopy`), as the Trainer does at the start of
 * a run, `accuracy` for the evaluation and `dot` for the products. Whatever kernels scratchnet
 * installs by default are the ones measured; their name is reported.
 * Run as a child of bench/run.ts: node --import tsx bench/scratchnet.ts
 */
import { SGD, kernels, loadMnist, setKernels, zeros, type NDArray } from '../src/index.js';
import type { Kernels } from '../src/ndarray/kernels/types.js';
import { RowGatherer } from '../src/train/batch.js';
import { residentCopy } from '../src/train/resident.js';
import type { DataSplits } from '../src/data/types.js';
import { bookNetwork } from './fixture.js';
import { readMlpFixture, serve, type BenchSystem, type MatmulSession, type MlpSession } from './serve.js';
import type { MatmulFixture, MlpFixture } from './workloads.js';

const mnist = new Map<string, DataSplits>();
function data(dtype: 'float32' | 'float64'): DataSplits {
  let splits = mnist.get(dtype);
  if (splits === undefined) {
    splits = loadMnist({ dtype });
    mnist.set(dtype, splits);
  }
  return splits;
}

function mlp(fixture: MlpFixture, dir: string): MlpSession {
  const { order, params: init } = readMlpFixture(fixture, dir);
  const { sizes, activation, batchSize } = fixture;
  const dtype = fixture.dtype ?? 'float32';
  const net = bookNetwork(sizes, activation, 0, dtype);
  const { train, test } = data(dtype);
  const images = { train: residentCopy(train.x), test: residentCopy(test.x) };
  const xRows = new RowGatherer(images.train, batchSize);
  const tRows = new RowGatherer(train.t, batchSize);
  const optimizer = new SGD({ lr: fixture.lr });
  return {
    reset() {
      for (const [name, values] of init) {
        const param = net.params[name];
        if (param === undefined) throw new Error(`scratchnet's net has no parameter ${name}`);
        param.data.set(values);
      }
    },
    step(b) {
      const indices = order.subarray(b * batchSize, (b + 1) * batchSize);
      const { loss, grads } = net.lossAndGradient(xRows.gather(indices, batchSize), tRows.gather(indices, batchSize));
      optimizer.update(net.params, grads);
      return loss;
    },
    correct(split, rows) {
      const labels = split === 'train' ? train.t : test.t;
      return Math.round(net.accuracy(images[split].slice(0, rows), labels.slice(0, rows)) * rows);
    },
  };
}

/** Operands made by the library, not wrapped around our buffers, so they live wherever scratchnet keeps arrays. */
function fromValues(values: Float32Array, rows: number, cols: number): NDArray {
  const array = zeros([rows, cols], { dtype: 'float32' });
  array.data.set(values);
  return array;
}

function matmul(a: Float32Array, b: Float32Array, { m, k, n }: MatmulFixture): MatmulSession {
  const A = fromValues(a, m, k);
  const B = fromValues(b, k, n);
  let C: NDArray | null = null;
  return {
    run() {
      C = A.matmul(B);
    },
    checksum() {
      let s = 0;
      if (C !== null) for (const v of C.data) s += v;
      return s;
    },
  };
}

/**
 * `npm run bench -- --kernels wasm` measures the WebAssembly kernels before they are the default:
 * imported by a computed path so this file typechecks whether or not that module exists yet.
 */
async function chooseKernels(choice: string | undefined): Promise<void> {
  if (choice === undefined || choice === 'default') return;
  if (choice !== 'wasm') throw new Error(`unknown kernels "${choice}" (known: default, wasm)`);
  const path = '../src/ndarray/kernels/wasm/index.js';
  const module: unknown = await import(path);
  const create: unknown =
    typeof module === 'object' && module !== null && 'createWasmKernels' in module
      ? module.createWasmKernels
      : undefined;
  if (typeof create !== 'function') throw new Error(`${path} does not export createWasmKernels()`);
  const made: unknown = await (create as () => unknown)();
  if (typeof made !== 'object' || made === null || !('name' in made) || !('matmul' in made)) {
    throw new Error('createWasmKernels() did not return kernels');
  }
  setKernels(made as Kernels);
}

const system: BenchSystem = {
  info: () => ({ detail: `kernels "${kernels().name}", float32 (float64 in W1F64)` }),
  mlp,
  matmul,
};

await serve(async () => {
  await chooseKernels(process.env.SCRATCHNET_BENCH_KERNELS);
  return system;
});
