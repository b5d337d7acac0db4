/** The shared inputs every benchmarked system reads, and the command line that starts each system. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MultiLayerNet, Random, TwoLayerNet, mnistDir } from '../src/index.js';
import type { ChildOptions } from './child.js';
import type { SystemId } from './report.js';
import {
  MANIFEST_FILE,
  MATMUL_SHAPES,
  MLP_SPECS,
  MNIST_TRAIN,
  writeArray,
  type Manifest,
  type MlpFixture,
  type MlpId,
  type MlpSpec,
} from './workloads.js';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** How a system's process is started: which kernels scratchnet uses, how TF.js is written, which Python. */
export interface SystemChoices {
  kernels?: 'default' | 'wasm';
  tfjsNaive?: boolean;
  python?: string;
}

export function childOptions(id: SystemId, options: SystemChoices): ChildOptions {
  const node = (file: string, ...args: string[]): ChildOptions => ({
    command: process.execPath,
    args: ['--import', 'tsx', join(ROOT, 'bench', file), ...args],
    cwd: ROOT,
  });
  switch (id) {
    case 'scratchnet':
      return {
        ...node('scratchnet.ts'),
        env: { ...process.env, SCRATCHNET_BENCH_KERNELS: options.kernels ?? 'default' },
      };
    case 'tfjs-wasm':
    case 'tfjs-cpu':
      return {
        ...node('tfjs.ts', '--backend', id === 'tfjs-wasm' ? 'wasm' : 'cpu'),
        env: { ...process.env, SCRATCHNET_BENCH_TFJS_IDIOM: options.tfjsNaive === true ? 'naive' : 'fast' },
      };
    case 'numpy-1t':
    case 'numpy-2t': {
      const threads = id === 'numpy-1t' ? '1' : '2';
      // Set on these machines for other work, they slow OpenBLAS down: removed for this child only.
      const { OPENBLAS_CORETYPE: _coretype, OPENBLAS_L2_SIZE: _l2, ...env } = process.env;
      return {
        command: options.python ?? 'python3',
        args: [join(ROOT, 'bench', 'numpy_mlp.py')],
        cwd: ROOT,
        env: { ...env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads, PYTHONUNBUFFERED: '1' },
      };
    }
  }
}

/** The book's network for layer sizes [in, hidden..., out]: TwoLayerNet for one hidden layer, else MultiLayerNet. */
export function bookNetwork(
  sizes: readonly number[],
  activation: MlpSpec['activation'],
  seed = 0,
  dtype: MlpSpec['dtype'] = 'float32',
): TwoLayerNet | MultiLayerNet {
  const common = { inputSize: sizes[0]!, outputSize: sizes.at(-1)!, activation, dtype, seed };
  return sizes.length === 3
    ? new TwoLayerNet({ ...common, hiddenSize: sizes[1]! })
    : new MultiLayerNet({ ...common, hiddenSizes: sizes.slice(1, -1) });
}

/** The shared inputs: batch order, initial weights (scratchnet's own initialisers) and matrix operands. */
export function writeFixture(dir: string, mlpIds: MlpId[], withMatmul: boolean): Manifest {
  const manifest: Manifest = { mnistDir: mnistDir(), mlp: {}, matmul: [] };
  for (const id of mlpIds) {
    const spec: MlpSpec = MLP_SPECS[id];
    const { sizes, activation, seed } = spec;
    const net = bookNetwork(sizes, activation, seed);
    const params = Object.entries(net.params).map(([name, p]) => {
      const file = `${id}-${name}.f32`;
      writeArray(dir, file, Float32Array.from(p.data));
      return { name, shape: [...p.shape], file };
    });
    const order = `${id}-order.i32`;
    const permutation = new Random(seed).permutation(MNIST_TRAIN).data;
    writeArray(dir, order, Int32Array.from(permutation.subarray(0, spec.iterations * spec.batchSize)));
    const fixture: MlpFixture = { ...spec, order, params };
    manifest.mlp[id] = fixture;
  }
  if (withMatmul) {
    const rng = new Random(3);
    MATMUL_SHAPES.forEach(([m, k, n], i) => {
      const a = `W3-${i}-a.f32`;
      const b = `W3-${i}-b.f32`;
      writeArray(dir, a, Float32Array.from(rng.rand([m, k], { dtype: 'float32' }).data));
      writeArray(dir, b, Float32Array.from(rng.rand([k, n], { dtype: 'float32' }).data));
      manifest.matmul.push({ m, k, n, a, b });
    });
  }
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  return manifest;
}
