/**
 * The messages between the page of `bench/browser-tfjs.ts` and its training worker: which job to
 * time, and what one timed run found.
 */

/** What a job trains: the 784-100-10 MLP or the small convnet conv8x5,relu,pool2,dense10. */
export type Workload = 'mlp' | 'conv';

/**
 * Who trains it: scratchnet on 1 or 2 kernel threads, or TensorFlow.js on one of its backends
 * (`tfjs-wasm` for the MLP: the gradients by hand in the wasm backend's fast form; otherwise and
 * for `tfjs-wasm-autograd`: `tf.train.adam().minimize`).
 */
export type System = 'scratchnet-1' | 'scratchnet-2' | 'tfjs-wasm' | 'tfjs-wasm-autograd' | 'tfjs-cpu' | 'tfjs-webgl';

/** One timed run. */
export interface Job {
  readonly workload: Workload;
  readonly system: System;
  /** Training steps (batches of 100) to time. */
  readonly steps: number;
  /** Untimed steps first (JIT, shader compilation), for the runs extrapolated from a few steps. */
  readonly warmup: number;
  /** The steps of a whole epoch: a run of fewer steps is extrapolated to it. */
  readonly epochSteps: number;
}

/** What a timed run found, or why it could not run. */
export type JobResult =
  | {
      readonly ok: true;
      /** Milliseconds for the timed steps (the data already in the worker, the network built). */
      readonly ms: number;
      readonly steps: number;
      /** `ms` scaled to a whole epoch (equal to `ms` when the whole epoch was timed). */
      readonly epochMs: number;
      /** Test accuracy on the 10000 MNIST test images after the timed steps (measured outside the timing). */
      readonly testAcc: number;
      /** Kernels, backend, threads: what actually ran. */
      readonly detail: string;
    }
  | { readonly ok: false; readonly error: string };

/** The page's hook for the driver: the worker's setting, and one job at a time. */
export interface BenchHook {
  /** Loads MNIST into the worker (once, before any timing); resolves to the worker's setting. */
  prepare(): Promise<string>;
  run(job: Job): Promise<JobResult>;
}
