/**
 * The messages between the Train page and its training worker. Training runs in a Web Worker so
 * the page never waits on it: the page sends commands, the worker reports progress.
 */
import type { ActivationName, OptimizerName } from '../../../src/core.js';

/** What the Train page's form describes. */
export interface TrainConfig {
  /** Sizes of the hidden layers, input side first (784 inputs and 10 outputs are fixed). */
  hiddenSizes: number[];
  /** The hidden layers' activation. */
  activation: ActivationName;
  /** The optimizer's name. */
  optimizer: OptimizerName;
  /** The learning rate. */
  lr: number;
  /** Mini-batch size. */
  batchSize: number;
  /** Number of passes over the 60000 training images. */
  epochs: number;
  /** Seeds the initial weights and the batch order: the same settings train the same network. */
  seed: number;
}

/** Page → worker. */
export type ToWorker =
  | { type: 'start'; config: TrainConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** Asks for the current weights as safetensors (answered with a 'model' message). */
  | { type: 'export'; purpose: ExportPurpose };

/** What the exported weights are for: a file to download, or the Draw page. */
export type ExportPurpose = 'download' | 'use';

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
      testAcc: number | null;
      epochs: number;
    };
