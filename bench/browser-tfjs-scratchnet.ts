/**
 * The scratchnet side of `bench/browser-tfjs.ts`, run in the page's Web Worker: a float32
 * `Sequential` trained batch by batch (`lossAndGradient` then `Adam.update`, as the Trainer does
 * without its shuffling and evaluations) on the WebAssembly kernels, 1 or 2 threads.
 */
import { Adam, ready, Sequential, setThreads, threadCount, wasmKernelInfo, type DataSplits } from '../src/core.js';
import type { Job, JobResult } from './browser-tfjs-protocol.js';

const BATCH = 100;

/** The network and learning rate of each workload, as the playground builds them. */
function network(job: Job): { net: Sequential; lr: number } {
  if (job.workload === 'mlp') {
    return {
      net: new Sequential({ inputShape: [784], layers: 'dense100,relu,dense10', dtype: 'float32', seed: 1 }),
      lr: 0.001,
    };
  }
  return {
    net: new Sequential({ inputShape: [1, 28, 28], layers: 'conv8x5,relu,pool2,dense10', dtype: 'float32', seed: 1 }),
    lr: 0.003,
  };
}

/**
 * Times `job.steps` steps of batch 100 over the training images in order (after `job.warmup`
 * untimed ones), then measures test accuracy.
 */
export async function runScratchnet(job: Job, data: DataSplits): Promise<JobResult> {
  await ready();
  setThreads(job.system === 'scratchnet-2' ? 2 : 1);
  const { net, lr } = network(job);
  const optimizer = new Adam({ lr });
  // The batches are views made before the clock starts, as TF.js gets its batches as tensors.
  const total = job.warmup + job.steps;
  const xs = Array.from({ length: total }, (_, i) => data.train.x.slice(i * BATCH, (i + 1) * BATCH));
  const ts = Array.from({ length: total }, (_, i) => data.train.t.slice(i * BATCH, (i + 1) * BATCH));
  const step = (i: number): void => {
    const { grads } = net.lossAndGradient(xs[i]!, ts[i]!);
    optimizer.update(net.params, grads);
  };
  for (let i = 0; i < job.warmup; i++) step(i);
  const start = performance.now();
  for (let i = job.warmup; i < total; i++) step(i);
  const ms = performance.now() - start;
  return {
    ok: true,
    ms,
    steps: job.steps,
    epochMs: (ms * job.epochSteps) / job.steps,
    testAcc: net.accuracy(data.test.x, data.test.t),
    detail: `scratchnet WebAssembly ${wasmKernelInfo() ?? '(none: TypeScript kernels)'}, ${threadCount()} thread(s)`,
  };
}
