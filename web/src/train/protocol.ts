/**
 * The messages between the Train page and its training worker. Training runs in a Web Worker so
 * the page never waits on it: the page sends commands, the worker reports progress.
 */
import type { OptimizerName } from '../../../src/core.js';
import type { InsideFromWorker, InsideToWorker } from '../inside/protocol.js';

/** What the Train page's form describes. */
export interface TrainConfig {
  /** The network as a compact layer spec (`conv8x5,relu,pool2,dense10`), ending in 10 scores. */
  layers: string;
  /** One sample's shape: [1, 28, 28] for a spec starting with a convolution or pooling, else [784]. */
  inputShape: number[];
  /** The optimizer's name. */
  optimizer: OptimizerName;
  /** The learning rate. */
  lr: number;
  /** Mini-batch size. */
  batchSize: number;
  /** Number of passes over the training images. */
  epochs: number;
  /** How many of the 60000 training images to train on (the first ones). */
  trainSize: number;
  /** Seeds the initial weights and the batch order: the same settings train the same network. */
  seed: number;
}

/** Page → worker. */
export type ToWorker =
  | { type: 'start'; config: TrainConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** Asks for the current network as safetensors or ONNX (answered with a 'model' message). */
  | { type: 'export'; purpose: ExportPurpose }
  /** The inside of the network: which test digit's activations to show. */
  | InsideToWorker;

/** What the exported network is for: a safetensors file to download, the Draw page, or an ONNX file to download. */
export type ExportPurpose = 'download' | 'use' | 'onnx';

/** Worker → page. */
export type FromWorker =
  /** What the worker is doing before training starts (loading MNIST, ...). */
  | { type: 'status'; step: 'compiling' | 'loading' }
  | {
      type: 'started';
      architecture: string;
      totalIterations: number;
      iterationsPerEpoch: number;
      trainSize: number;
      testSize: number;
      evalTrainSize: number;
      /** The WebAssembly kernels' name, or null when the TypeScript kernels run (no WebAssembly SIMD). */
      kernels: string | null;
      loadMs: number;
    }
  /** Mini-batch losses since the previous message, the last of them at `iteration`. */
  | { type: 'losses'; iteration: number; losses: number[] }
  /** Accuracy after `epoch` epochs (0: before training). */
  | {
      type: 'epoch';
      epoch: number;
      iteration: number;
      trainAcc: number;
      testAcc: number;
      elapsedMs: number;
      threads: number;
    }
  /** Test accuracy on a sample of `size` test images after `iteration`, between epochs (short runs get a curve). */
  | { type: 'sample'; iteration: number; testAcc: number; size: number }
  | { type: 'paused'; iteration: number }
  | { type: 'resumed' }
  | { type: 'finished'; reason: 'done' | 'stopped'; iterations: number; elapsedMs: number }
  /** A failure (`message`, the library's words), or a request refused for the reason named. */
  | { type: 'error'; reason: 'no-network' | 'already-running' | 'failed'; message: string }
  | {
      type: 'model';
      purpose: ExportPurpose;
      bytes: Uint8Array;
      description: string;
      /** The file's name without its extension: `scratchnet-` and the layers (`conv8x5-relu-pool2-dense10`). */
      fileStem: string;
      testAcc: number | null;
      epochs: number;
    }
  /** The inside of the network: weights, activations, confusion matrix. */
  | InsideFromWorker;
