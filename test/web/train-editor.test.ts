// The Train page's network editor: the layer spec checked as typed (summary, the layer at fault), the
// presets, the setup in the URL, any network trained in the worker (a convnet here), and the ONNX
// download. The checks of the spec and the URL run in Node; the page's in headless Chromium, with
// screenshots at both viewport sizes in test-results/web/.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { DeepConvNet, MultiLayerNet, SimpleConvNet, TwoLayerNet, type Sequential } from '../../src/core.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import { SPEC_PRESETS, presetFor } from '../../web/src/editor/presets.js';
import { checkSpec } from '../../web/src/editor/spec-check.js';
import { readUrlSetup, writeUrlSetup } from '../../web/src/editor/url-setup.js';
import { readOnnx } from '../export/onnx-read.js';
import { browserSkipReason, isLocal, launchChromium, recordedContext, type Recorder } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(root, 'test-results/web');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };
/** A busy 2-core machine's Chromium trains the small convnet's epoch of 10000 images in well under this. */
const TRAINING_TIMEOUT_MS = 240_000;
const CONVNET_URL =
  '?layers=conv8x5,relu,pool2,dense10&optimizer=adam&lr=0.003&epochs=1&train-size=10000&autostart=1#train';

describe('the layer spec checked for MNIST', () => {
  test('a convnet spec builds on 1×28×28 images, a dense one on 784 pixels, with the summary per layer', () => {
    const conv = checkSpec('conv8x5, relu,pool2,dense10');
    assert.ok(conv.ok, JSON.stringify(conv));
    assert.deepEqual(conv.inputShape, [1, 28, 28]);
    assert.deepEqual(
      conv.rows.map((r) => [r.token, r.outputShape, r.params]),
      [
        ['conv8x5', [8, 24, 24], 8 * 25 + 8],
        ['relu', [8, 24, 24], 0],
        ['pool2', [8, 12, 12], 0],
        ['dense10', [10], 8 * 12 * 12 * 10 + 10],
      ],
    );
    assert.equal(conv.totalParams, 208 + 11530);
    const dense = checkSpec('dense100,relu,dense10');
    assert.ok(dense.ok);
    assert.deepEqual(dense.inputShape, [784]);
  });

  test('a shape error, an unknown token, a bad setting and a wrong number of scores name their layer', () => {
    const cases: [string, number, RegExp][] = [
      ['conv8x5,relu,pool5,pool5,dense10', 4, /cannot take input \(8, 4, 4\)/],
      ['conv8x5,relu,softmax,dense10', 3, /unknown layer "softmax"/],
      ['dense0,relu,dense10', 1, /units must be a positive integer/],
      ['dense100,relu,dense7', 3, /MNIST needs 10/],
    ];
    for (const [spec, position, reason] of cases) {
      const check = checkSpec(spec);
      assert.ok(!check.ok, spec);
      assert.equal(check.position, position, `${spec}: ${check.message}`);
      assert.match(check.message, reason);
    }
    const empty = checkSpec('');
    assert.ok(!empty.ok && empty.position === null);
  });

  test("the presets are the book's networks: the same layers, shapes and parameter counts", () => {
    const book: [string, Sequential<object>][] = [
      ['TwoLayerNet', new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10 })],
      ['MultiLayerNet', new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100, 100], outputSize: 10 })],
      ['SimpleConvNet', new SimpleConvNet()],
      ['DeepConvNet', new DeepConvNet()],
    ];
    assert.deepEqual(
      SPEC_PRESETS.map((p) => p.name),
      book.map(([name]) => name),
    );
    for (const [name, net] of book) {
      const preset = SPEC_PRESETS.find((p) => p.name === name)!;
      const check = checkSpec(preset.layers);
      assert.ok(check.ok, name);
      assert.deepEqual(
        check.rows.map((r) => [r.type, r.outputShape, r.params]),
        net.built.map((b) => [b.typeName, b.outputShape, b.paramCount]),
        name,
      );
      assert.equal(presetFor(` ${preset.layers.replaceAll(',', ', ')}`), preset);
    }
    assert.equal(presetFor('dense10'), undefined);
  });
});

describe('the setup in the URL', () => {
  test('reads the parameters given and autostart, and writes the form back keeping lang, dropping autostart', () => {
    const setup = readUrlSetup('?layers=conv8x5,relu,pool2,dense10&lr=0.003&train-size=10000&autostart=1&lang=ko');
    assert.deepEqual(setup.values, { layers: 'conv8x5,relu,pool2,dense10', lr: '0.003', 'train-size': '10000' });
    assert.equal(setup.autostart, true);
    assert.equal(readUrlSetup('?autostart=0').autostart, false);
    const search = writeUrlSetup('?lang=ko&autostart=1', {
      layers: 'dense50,relu,dense10',
      optimizer: 'sgd',
      lr: '0.1',
      batch: '100',
      epochs: '2',
      'train-size': '60000',
    });
    assert.equal(
      search,
      '?lang=ko&layers=dense50,relu,dense10&optimizer=sgd&lr=0.1&batch=100&epochs=2&train-size=60000',
    );
  });
});

/** Asserts the page does not scroll sideways, then saves a full-page screenshot as <name>-<w>x<h>.png. */
async function snapshot(page: Page, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const size = page.viewportSize()!;
  assert.ok(scrollWidth <= innerWidth, `${name} at ${size.width}x${size.height}: ${scrollWidth} px wide`);
  await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
}

/** The page's URL as the page sees it now (after its history.replaceState). */
function pageUrl(page: Page): Promise<string> {
  return page.evaluate(() => location.href);
}

async function openTrain(page: Page, server: PlaygroundServer, query = '#train'): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}${query}`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#panel-train', { state: 'visible' });
}

describe('the network editor in Chromium', { skip: browserSkipReason() }, () => {
  let server: PlaygroundServer;
  let browser: Browser;
  const recorder: Recorder = { requests: [], errors: [] };
  const contexts: BrowserContext[] = [];
  let desktop: Page;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const web = await buildWeb(mkdtempSync(join(tmpdir(), 'scratchnet-web-')));
    server = await startPlaygroundServer({ root: web, port: 0 });
    browser = await launchChromium();
    const { context, page } = await recordedContext(browser, { viewport: DESKTOP, acceptDownloads: true }, recorder);
    contexts.push(context);
    desktop = page;
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  test('a convnet from the URL trains in the worker on load to test accuracy above 0.85, and downloads as ONNX', async (t: TestContext) => {
    const page = desktop;
    // The longest the page's own thread goes without running a 50 ms timer (counted from the first losses on).
    await page.addInitScript(() => {
      const w = window as unknown as { maxTimerGap: number };
      w.maxTimerGap = 0;
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.maxTimerGap = Math.max(w.maxTimerGap, now - last - 50);
        last = now;
      }, 50);
    });
    const started = Date.now();
    await openTrain(page, server, CONVNET_URL);
    assert.equal(await page.inputValue('#train-layers'), 'conv8x5,relu,pool2,dense10');
    assert.equal(await page.inputValue('#train-optimizer'), 'adam');
    assert.equal(await page.inputValue('#train-lr'), '0.003');
    assert.equal(await page.inputValue('#train-size'), '10000');
    await page.waitForFunction(
      () => (document.getElementById('train-progress') as HTMLProgressElement).value > 0,
      undefined,
      { timeout: 120_000 },
    );
    // Setting the page up and loading MNIST stall it at times; training must not.
    await page.evaluate(() => {
      (window as unknown as { maxTimerGap: number }).maxTimerGap = 0;
    });
    await page.waitForSelector('#train-status[data-state="finished"], #train-status[data-state="error"]', {
      timeout: TRAINING_TIMEOUT_MS,
    });
    const status = (await page.textContent('#train-status'))!;
    assert.equal(await page.getAttribute('#train-status', 'data-state'), 'finished', status);
    assert.match(status, /test accuracy 0\.\d{4}/);
    const acc = Number(await page.getAttribute('#train-test-acc', 'data-value'));
    assert.ok(acc > 0.85, `test accuracy after one epoch of 10000 images: ${acc}`);
    const gap = await page.evaluate(() => (window as unknown as { maxTimerGap: number }).maxTimerGap);
    t.diagnostic(`${status} (${Date.now() - started} ms from load); ${await page.textContent('#train-progress-text')}`);
    t.diagnostic(`${await page.textContent('#train-kernels')}; the page's longest stall: ${gap.toFixed(0)} ms`);
    assert.match((await page.textContent('#train-kernels'))!, /conv8x5,relu,pool2,dense10/);
    assert.ok(gap < 500, `the page's thread stalled for ${gap.toFixed(0)} ms`);
    await snapshot(page, 'train-editor');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#train-onnx')]);
    assert.equal(download.suggestedFilename(), 'scratchnet-conv8x5-relu-pool2-dense10.onnx');
    const model = readOnnx(new Uint8Array(readFileSync(await download.path())));
    assert.equal(model.producerName, 'scratchnet');
    assert.deepEqual(
      model.initializers.map((i) => i.dims).sort((a, b) => b.length - a.length)[0],
      [8, 1, 5, 5],
      'the convolution filters',
    );
    assert.deepEqual(model.outputs[0]!.dims.slice(1), [10]);

    // The convnet reads a digit drawn on the Draw page.
    await page.click('#train-use');
    await page.waitForSelector('#panel-draw', { state: 'visible' });
    assert.equal(await page.getAttribute('#draw-model', 'data-source'), 'trained');
    const box = (await page.locator('#draw-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.85, { steps: 12 });
    await page.mouse.up();
    await page.waitForFunction(() => document.getElementById('draw-prediction')!.dataset.digit !== '');
    t.diagnostic(`the convnet reads a stroke as ${await page.getAttribute('#draw-prediction', 'data-digit')}`);
  });

  test('a shape error marks its layer and keeps Start disabled; fixing it enables Start; the URL follows', async () => {
    const page = desktop;
    await openTrain(page, server);
    assert.equal(await page.isDisabled('#train-start'), false);
    await page.fill('#train-layers', 'conv8x5,relu,pool5,pool5,dense10');
    assert.equal(await page.isDisabled('#train-start'), true);
    assert.equal(await page.getAttribute('#train-spec-error', 'data-position'), '4');
    assert.match((await page.textContent('#train-spec-error'))!, /Layer 4 \(pool5\).*cannot take input \(8, 4, 4\)/);
    assert.equal(await page.getAttribute('#train-summary tr.spec-error-row', 'data-position'), '4');
    assert.equal(await page.getAttribute('#train-layers', 'aria-invalid'), 'true');
    assert.match(await pageUrl(page), /layers=conv8x5,relu,pool5,pool5,dense10/);
    await snapshot(page, 'train-editor-error');

    await page.fill('#train-layers', 'conv8x5,relu,softmax,dense10');
    assert.equal(await page.getAttribute('#train-summary tr.spec-error-row', 'data-position'), '3');
    assert.equal(await page.isDisabled('#train-start'), true);

    await page.fill('#train-layers', 'conv8x5,relu,pool2,dense10');
    assert.equal(await page.isDisabled('#train-start'), false);
    assert.equal(await page.textContent('#train-spec-error'), '');
    assert.equal(await page.locator('#train-summary tbody tr').count(), 4);
    assert.equal(await page.textContent('#train-summary tbody tr:nth-child(3) td:nth-child(3)'), '(8, 12, 12)');
    await page.fill('#train-epochs', '2');
    assert.match(await pageUrl(page), /epochs=2/);
    assert.match(await pageUrl(page), /#train$/);
  });

  test('a preset fills in its spec and its summary', async () => {
    const page = desktop;
    await openTrain(page, server);
    await page.selectOption('#train-preset', 'SimpleConvNet');
    assert.equal(await page.inputValue('#train-layers'), 'conv30x5,relu,pool2,dense100,relu,dense10');
    assert.equal(await page.locator('#train-summary tbody tr').count(), 6);
    const total = new SimpleConvNet().built.reduce((sum, b) => sum + b.paramCount, 0);
    assert.equal(await page.textContent('#train-summary tfoot td:last-child'), total.toLocaleString('en-US'));
    assert.match(await pageUrl(page), /layers=conv30x5,relu,pool2,dense100,relu,dense10/);
    // Typing a preset's spec selects it; anything else is the reader's own.
    await page.fill('#train-layers', 'dense50,relu,dense10');
    assert.equal(await page.inputValue('#train-preset'), 'TwoLayerNet');
    await page.fill('#train-layers', 'dense50,relu,dense20,relu,dense10');
    assert.equal(await page.inputValue('#train-preset'), 'custom');
  });

  test('390x844: the editor with a layer at fault fits the screen', async () => {
    const { context, page } = await recordedContext(
      browser,
      { viewport: MOBILE, hasTouch: true, isMobile: true },
      recorder,
    );
    contexts.push(context);
    await openTrain(page, server, '?layers=conv8x5,relu,pool5,pool5,dense10#train');
    assert.equal(await page.isDisabled('#train-start'), true);
    assert.equal(await page.getAttribute('#train-spec-error', 'data-position'), '4');
    await snapshot(page, 'train-editor-error');
    await page.selectOption('#train-preset', 'DeepConvNet');
    assert.equal(await page.isDisabled('#train-start'), false);
    await snapshot(page, 'train-editor');
  });

  test('no request leaves 127.0.0.1, and no page reported an error', () => {
    assert.deepEqual(
      recorder.requests.filter((u) => !isLocal(u)),
      [],
    );
    assert.deepEqual(recorder.errors, []);
  });
});
