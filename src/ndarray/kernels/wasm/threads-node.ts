// Node's way to start the kernel worker: worker_threads with the worker's code evaluated from a
// string. Kept out of the browser core (it imports node:*); the Node entry installs it.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerGaveUp, type ThreadSupport } from './threads.js';

/**
 * Threads through `worker_threads`. The code is evaluated from a string (no worker file: tsx and
 * test runners cannot start a worker from a .ts file, and a string needs no path in a bundle), and
 * the worker is unref'd so that an idle one never keeps the process alive.
 */
export const nodeThreads: ThreadSupport = {
  concurrency: availableParallelism(),
  start(source, init) {
    // The code runs as ESM when the process was started with --input-type=module (where `require`
    // is undefined), else as CommonJS: process.getBuiltinModule (Node >= 20.16) works in both.
    const entry = `${source}
scratchnetWorker((typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:worker_threads') : require('node:worker_threads')).workerData);
`;
    const worker = new Worker(entry, { eval: true, workerData: init });
    worker.unref();
    // Without a listener a worker's error would be rethrown in the main thread; with it, a worker
    // that dies before it is ready leaves the kernels on one thread.
    worker.on('error', () => workerGaveUp(init));
    worker.on('exit', () => workerGaveUp(init));
    return {
      terminate() {
        void worker.terminate();
      },
    };
  },
};
