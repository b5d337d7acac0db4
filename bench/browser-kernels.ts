/**
 * `node --import tsx bench/browser-kernels.ts [rounds]`: in headless Chromium, the time to train a
 * 784-100-10 float32 TwoLayerNet for 3 epochs over 6000 images (batches of 100, SGD) on the
 * TypeScript kernels (what a page got before `ready()`) and on the WebAssembly kernels (after
 * `await ready()`), alternately in one page, on a plain page (one thread) and on a cross-origin-isolated
 * one (shared memory, two threads where the machine has the cores). Prints each run and the medians.
 */
import { launchChromium } from '../test/web/browser.js';
import { startConsumerServer } from '../test/web/consumer-page.js';

const rounds = Number(process.argv[2] ?? 3);

interface Timing {
  kernels: string;
  ms: number;
}

type Tools = { consumerTools: { timeTraining(which: 'js' | 'wasm'): Promise<Timing> } };

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const browser = await launchChromium();
try {
  for (const isolated of [false, true]) {
    const server = await startConsumerServer({ isolated });
    const page = await browser.newPage();
    await page.goto(`${server.origin}/?tools`);
    await page.waitForFunction(() => 'consumer' in window);
    const times: Record<string, number[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const which of ['js', 'wasm'] as const) {
        const timing = await page.evaluate((w) => (window as unknown as Tools).consumerTools.timeTraining(w), which);
        times[timing.kernels] = [...(times[timing.kernels] ?? []), timing.ms];
        console.log(`${isolated ? 'isolated' : 'plain   '} ${timing.kernels.padEnd(18)} ${timing.ms.toFixed(0)} ms`);
      }
    }
    const summary = Object.entries(times).map(([name, ms]) => `${name} ${median(ms).toFixed(0)} ms`);
    console.log(`median, ${isolated ? 'cross-origin isolated page' : 'plain page'}: ${summary.join(', ')}`);
    await page.close();
    await server.close();
  }
} finally {
  await browser.close();
}
