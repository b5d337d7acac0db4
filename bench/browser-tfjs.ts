/**
 * `node --import tsx bench/browser-tfjs.ts [runs] [--quick]`: in-browser training speed, scratchnet
 * against TensorFlow.js in the same headless Chromium, the same page and the same Web Worker (as the
 * playground trains), served cross-origin isolated by the playground's own server (nothing fetched
 * from anywhere else: TF.js's .wasm files are served from node_modules).
 *
 * Workloads (batch 100, MNIST's 60000 training images in order, float32, the data in the worker
 * before any timing): one epoch of 784-100-10 ReLU with softmax cross-entropy and Adam lr 0.001, and
 * of the convnet conv8x5,relu,pool2,dense10 with Adam lr 0.003. scratchnet runs on its WebAssembly
 * kernels with 1 and with 2 threads, TF.js on its wasm backend (one thread; the MLP both with its
 * gradients written by hand, its fast form, and through autograd) and, for the convnet, on its wasm
 * backend (tried once: 4.22 cannot), its cpu backend (a few steps, extrapolated to the epoch) and
 * webgl (tried once: SwiftShader in a headless browser without a GPU). Runs are
 * interleaved job by job (A, B, C, A, B, C ...); prints each run, then medians with min–max spreads,
 * the ratios, the test accuracies, the CPU and the load average. `--quick`: 1 run of a tenth of an epoch.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { startPlaygroundServer } from '../src/server/playground-server.js';
import { launchChromium } from '../test/web/browser.js';
import type { BenchHook, Job, JobResult } from './browser-tfjs-protocol.js';
import { printSummary, type Outcome } from './browser-tfjs-report.js';

const quick = process.argv.includes('--quick');
const runs = quick ? 1 : Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 5);
const EPOCH = 600;
const epochSteps = quick ? EPOCH / 10 : EPOCH;
/** TF.js's cpu backend takes about a second a convnet step: this many are timed and extrapolated. */
const CPU_STEPS = quick ? 3 : 10;
/** A webgl attempt that has not answered by then is reported as hung. */
const WEBGL_TIMEOUT_MS = 180_000;

const job = (workload: Job['workload'], system: Job['system'], steps = epochSteps): Job => ({
  workload,
  system,
  steps,
  // A run timed over a few steps would carry its first step's compilation into the whole epoch.
  warmup: steps < EPOCH / 10 ? 1 : 0,
  epochSteps: EPOCH,
});

/** Timed every run, in this order. */
const ROUND: Job[] = [
  job('mlp', 'scratchnet-1'),
  job('mlp', 'tfjs-wasm'),
  job('mlp', 'scratchnet-2'),
  job('mlp', 'tfjs-wasm-autograd'),
  job('conv', 'scratchnet-1'),
  job('conv', 'tfjs-cpu', CPU_STEPS),
  job('conv', 'scratchnet-2'),
];
/** Tried once, after the runs: what TF.js does with the convnet on its other backends. */
const ATTEMPTS: Job[] = [job('conv', 'tfjs-wasm', CPU_STEPS), job('conv', 'tfjs-webgl', CPU_STEPS)];

/** The page, its worker bundle and TF.js's .wasm files in a fresh folder, served as the playground is. */
async function buildSite(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'scratchnet-browser-tfjs-'));
  const here = dirname(fileURLToPath(import.meta.url));
  await build({
    entryPoints: { page: join(here, 'browser-tfjs-page.ts'), worker: join(here, 'browser-tfjs-worker.ts') },
    outdir: root,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>browser-tfjs</title><script type="module" src="page.js"></script>',
  );
  const wasmDist = join(
    dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  mkdirSync(join(root, 'tfjs'));
  for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'])
    copyFileSync(join(wasmDist, name), join(root, 'tfjs', name));
  return root;
}

type Hooked = { benchHook: BenchHook };

async function runJob(page: Page, what: Job, timeoutMs = 600_000): Promise<JobResult> {
  const result = page.evaluate((j) => (window as unknown as Hooked).benchHook.run(j), what);
  const timeout = new Promise<JobResult>((resolve) =>
    setTimeout(() => resolve({ ok: false, error: `no answer after ${timeoutMs / 1000} s` }), timeoutMs).unref(),
  );
  return Promise.race([result, timeout]);
}

function describe(what: Job, result: JobResult): string {
  const name = `${what.workload.padEnd(4)} ${what.system.padEnd(12)}`;
  if (!result.ok) return `${name} error: ${result.error}`;
  const extrapolated =
    result.steps === what.epochSteps ? '' : ` (${result.steps} steps: epoch ${(result.epochMs / 1000).toFixed(2)} s)`;
  return `${name} ${(result.ms / 1000).toFixed(2)} s${extrapolated}, test accuracy ${result.testAcc.toFixed(4)}  [${result.detail}]`;
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}; load average before ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const root = await buildSite();
  const server = await startPlaygroundServer({ root });
  const browser = await launchChromium();
  const outcomes: Outcome[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        console.log(`  (browser ${message.type()}: ${message.text().split('\n')[0]})`);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => 'benchHook' in window);
    console.log(
      `Chromium ${browser.version()}, ${await page.evaluate(() => (window as unknown as Hooked).benchHook.prepare())}`,
    );
    for (let round = 0; round < runs; round++) {
      for (const what of ROUND) {
        const result = await runJob(page, what);
        console.log(`run ${round + 1} ${describe(what, result)}`);
        outcomes.push({ job: what, result });
      }
    }
    for (const what of ATTEMPTS) {
      const result = await runJob(page, what, WEBGL_TIMEOUT_MS);
      console.log(`once  ${describe(what, result)}`);
      outcomes.push({ job: what, result });
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
  printSummary(outcomes, runs, quick);
  console.log(
    `load average after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpu.length} cores)`,
  );
}

await main();
