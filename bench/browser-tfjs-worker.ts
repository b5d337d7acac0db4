/**
 * The training worker of `bench/browser-tfjs.ts` (a Web Worker, as the playground trains): loads
 * MNIST once from the page's server, then runs one timed job per message and answers with its result.
 */
import type { DataSplits } from '../src/core.js';
import { fetchMnist } from '../web/src/train/mnist-fetch.js';
import type { Job, JobResult } from './browser-tfjs-protocol.js';
import { runScratchnet } from './browser-tfjs-scratchnet.js';
import { runTfjs } from './browser-tfjs-tf.js';

type Request = { type: 'prepare' } | { type: 'run'; job: Job };

/** The slice of a dedicated worker's global scope used here (the DOM typings describe a window). */
interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void;
}
const scope = self as unknown as WorkerScope;

let data: DataSplits | null = null;

async function run(job: Job): Promise<JobResult> {
  if (data === null) throw new Error('the worker has no data: send prepare first');
  try {
    return job.system.startsWith('scratchnet') ? await runScratchnet(job, data) : await runTfjs(job, data);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

async function answer(request: Request): Promise<unknown> {
  if (request.type === 'prepare') {
    data ??= await fetchMnist();
    return `Web Worker, crossOriginIsolated ${self.crossOriginIsolated}, hardwareConcurrency ${navigator.hardwareConcurrency}`;
  }
  return run(request.job);
}

scope.addEventListener('message', (event) => {
  answer(event.data).then(
    (result) => scope.postMessage({ result }),
    (error: unknown) => scope.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
