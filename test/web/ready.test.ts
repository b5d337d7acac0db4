// scratchnet in a user's page, in headless Chromium: `await ready()` (what the README shows) puts the
// WebAssembly kernels under the training; without WebAssembly SIMD it falls back to the TypeScript
// kernels; a page that forgets ready() gets the WebAssembly kernels from the start at import; and
// every network type survives encodeModel/decodeModel in the browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, isLocal, launchChromium, recordedContext, type Recorder } from './browser.js';
import { startConsumerServer, type ConsumerServer } from './consumer-page.js';

const skip = browserSkipReason();
let browser: Browser;
let server: ConsumerServer;

before(async () => {
  if (skip) return;
  server = await startConsumerServer();
  browser = await launchChromium();
});

after(async () => {
  if (skip) return;
  await browser.close();
  await server.close();
});

interface Outcome {
  ready: string | null;
  trainedWith: string;
  finally: string;
  loss: { first: number; last: number };
  error?: string;
}

/** Opens `path` of the consumer server and waits for the page's case to finish. */
async function open(path: string, recorder: Recorder): Promise<{ page: Page; outcome: Outcome }> {
  const { page } = await recordedContext(browser, {}, recorder);
  await page.goto(`${server.origin}${path}`);
  await page.waitForFunction(() => 'consumer' in window, null, { timeout: 120_000 });
  const outcome = (await page.evaluate(() => (window as unknown as { consumer: Outcome }).consumer)) as Outcome;
  assert.equal(outcome.error, undefined, 'the page ran without an error');
  return { page, outcome };
}

function assertClean(recorder: Recorder): void {
  assert.deepEqual(recorder.errors, [], 'no page errors');
  assert.deepEqual(
    recorder.requests.filter((url) => !isLocal(url)),
    [],
    'every request stays on 127.0.0.1',
  );
}

test('await ready() installs the WebAssembly kernels and the README example trains on them', { skip }, async (t) => {
  const recorder: Recorder = { requests: [], errors: [] };
  const { outcome } = await open('/', recorder);
  t.diagnostic(`ready() resolved ${outcome.ready}; loss ${outcome.loss.first} -> ${outcome.loss.last}`);
  assert.match(outcome.ready ?? '', /^wasm-(relaxed-)?simd$/);
  assert.equal(outcome.trainedWith, outcome.ready, 'the network trained on the kernels ready() named');
  assert.equal(outcome.finally, outcome.ready);
  assert.ok(outcome.loss.last < outcome.loss.first, 'the network learnt');
  assertClean(recorder);
});

test('without WebAssembly SIMD, ready() falls back to the TypeScript kernels', { skip }, async () => {
  const recorder: Recorder = { requests: [], errors: [] };
  const { outcome } = await open('/no-simd.html', recorder);
  assert.equal(outcome.ready, 'js');
  assert.equal(outcome.trainedWith, 'js');
  assert.ok(outcome.loss.last < outcome.loss.first, 'the network learnt');
  assertClean(recorder);
});

test('a page that never calls ready() gets the WebAssembly kernels started at import', { skip }, async () => {
  const recorder: Recorder = { requests: [], errors: [] };
  const { outcome } = await open('/?forget', recorder);
  assert.match(outcome.finally, /^wasm-(relaxed-)?simd$/);
  assertClean(recorder);
});

test('setKernels(jsKernels) before ready() is kept by ready() and by the start at import', { skip }, async () => {
  const recorder: Recorder = { requests: [], errors: [] };
  const { outcome } = await open('/?js', recorder);
  assert.deepEqual([outcome.ready, outcome.trainedWith, outcome.finally], ['js', 'js', 'js']);
  assertClean(recorder);
});

test('every network type predicts the same after encodeModel/decodeModel in the browser', { skip }, async () => {
  const recorder: Recorder = { requests: [], errors: [] };
  const { page } = await open('/?tools', recorder);
  const results = await page.evaluate(() =>
    (
      window as unknown as {
        consumerTools: { roundTrips(): { name: string; identical: boolean; sameData: boolean }[] };
      }
    ).consumerTools.roundTrips(),
  );
  assert.equal(results.length, 7);
  for (const r of results) assert.deepEqual(r, { name: r.name, identical: true, sameData: true });
  assertClean(recorder);
});
