/**
 * The page of `bench/browser-tfjs.ts`: starts the training worker and gives the driver
 * `window.benchHook`, one request at a time.
 */
import type { BenchHook, Job, JobResult } from './browser-tfjs-protocol.js';

const worker = new Worker(new URL('worker.js', location.href), { type: 'module' });

function ask<T>(request: { type: 'prepare' } | { type: 'run'; job: Job }): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ result?: T; error?: string }>) => {
      if (event.data.error !== undefined) reject(new Error(event.data.error));
      else resolve(event.data.result as T);
    };
    worker.onerror = (event) => reject(new Error(`worker error: ${event.message}`));
    worker.postMessage(request);
  });
}

const hook: BenchHook = {
  prepare: () => ask<string>({ type: 'prepare' }),
  run: (job) => ask<JobResult>({ type: 'run', job }),
};
(window as unknown as { benchHook: BenchHook }).benchHook = hook;
