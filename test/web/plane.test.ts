// The playground's 2-D data page: its data sets (seeded, split as asked), its network (the output
// layer added for the data), and end to end in headless Chromium: spirals learned above 0.95
// training accuracy with the boundary drawn, 16 hidden-unit heatmaps, the sine's loss falling, the
// page in Korean, keyboard use, no sideways scrolling, and screenshots in test-results/web/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { ScratchnetError } from '../../src/core.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import { ko } from '../../web/src/i18n/ko.js';
import { DATASET_NAMES, makeDataset } from '../../web/src/plane/datasets.js';
import { PlaneModel } from '../../web/src/plane/model.js';
import { browserSkipReason, isLocal, launchChromium, recordedContext, type Recorder } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(root, 'test-results/web');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };
/** Training runs in animation frames; a busy 2-core machine's headless Chromium may be slow. */
const TRAINING_TIMEOUT_MS = 180_000;

const OPTIONS = { samples: 400, noise: 0.1, trainShare: 0.7, seed: 3 };

test('every data set is reproducible from its seed and split as asked', () => {
  for (const name of DATASET_NAMES) {
    const a = makeDataset(name, OPTIONS);
    const b = makeDataset(name, OPTIONS);
    assert.deepEqual(a, b, `${name}: same seed, same samples`);
    assert.notDeepEqual(makeDataset(name, { ...OPTIONS, seed: 4 }).train.x, a.train.x, `${name}: another seed`);
    assert.equal(a.train.count + a.test.count, 400);
    assert.equal(a.train.count, 280, `${name}: 70% to train`);
    assert.equal(a.train.x.length, a.train.count * a.inputs);
    if (a.task === 'classes') {
      const ones = [...a.train.y, ...a.test.y].filter((y) => y === 1).length;
      assert.ok(ones > 120 && ones < 280, `${name}: both classes (${ones} of 400 are class 1)`);
    }
  }
  assert.equal(makeDataset('sine', OPTIONS).inputs, 1);
  assert.equal(makeDataset('sine', OPTIONS).task, 'regression');
});

test('noise moves the points', () => {
  const clean = makeDataset('spirals', { ...OPTIONS, noise: 0 });
  const noisy = makeDataset('spirals', { ...OPTIONS, noise: 0.5 });
  assert.notDeepEqual(clean.train.x, noisy.train.x);
});

test('the network gets the output layer of its data, and a bad layer spec is a ScratchnetError', () => {
  const classes = new PlaneModel(makeDataset('xor', OPTIONS), 'dense8,tanh,dense8,tanh', 'adam', 0.03, 1);
  assert.deepEqual(classes.net.outputShape, [2]);
  assert.equal(classes.net.sequentialConfig.loss, 'softmax-cross-entropy');
  const sine = new PlaneModel(makeDataset('sine', OPTIONS), 'dense8,tanh', 'sgd', 0.1, 1);
  assert.deepEqual(sine.net.outputShape, [1]);
  assert.equal(sine.net.sequentialConfig.loss, 'mse');
  const units = classes.readOut(new Float32Array([0.5, 0.5, -0.5, 0.5])).units;
  assert.deepEqual(
    units.map((layer) => layer.map((unit) => unit.length)),
    [Array(8).fill(2), Array(8).fill(2)],
    'each hidden unit read at both points',
  );
  assert.throws(() => new PlaneModel(makeDataset('xor', OPTIONS), 'dense8,tanhh', 'adam', 0.03, 1), ScratchnetError);
});

test('training steps lower the loss', () => {
  const model = new PlaneModel(makeDataset('circles', OPTIONS), 'dense8,tanh', 'adam', 0.03, 1);
  const first = model.step();
  let last = first;
  for (let i = 0; i < 200; i++) last = model.step();
  assert.ok(last < first / 2, `loss ${first} -> ${last}`);
  assert.equal(model.steps, 201);
});

async function openPlane(page: Page, server: PlaygroundServer, query = ''): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}${query}#plane`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#panel-plane', { state: 'visible' });
}

/** Asserts the page does not scroll sideways, then saves a full-page screenshot as <name>-<w>x<h>.png. */
async function snapshot(page: Page, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const size = page.viewportSize()!;
  assert.ok(scrollWidth <= innerWidth, `${name}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
  await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
}

/** How many different colours the canvas `selector` holds (sampled every 4th pixel). */
function canvasColours(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 16) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  }, selector);
}

function metric(page: Page, name: 'steps' | 'trainAcc' | 'testAcc' | 'trainLoss' | 'testLoss'): Promise<number> {
  return page.evaluate((key) => Number(document.getElementById('plane-metrics')!.dataset[key]), name);
}

describe('the 2-D data page in Chromium', { skip: browserSkipReason() }, () => {
  let server: PlaygroundServer;
  let browser: Browser;
  const recorder: Recorder = { requests: [], errors: [] };
  const contexts: BrowserContext[] = [];

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const { context, page } = await recordedContext(browser, { viewport }, recorder);
    contexts.push(context);
    return page;
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const web = await buildWeb(mkdtempSync(join(tmpdir(), 'scratchnet-web-')));
    server = await startPlaygroundServer({ root: web, port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  test('two spirals with two hidden layers of 8 pass 0.95 training accuracy, the boundary and 16 units drawn', async (t) => {
    const page = await newPage(DESKTOP);
    await openPlane(page, server, '?lang=en&plane-speed=20');
    assert.equal(await page.inputValue('#plane-dataset'), 'spirals');
    assert.equal(await page.inputValue('#plane-layers'), 'dense8,tanh,dense8,tanh');
    assert.equal(await page.locator('#plane-units canvas.plane-unit').count(), 16, 'a heatmap per hidden unit');
    assert.equal(await page.locator('#plane-units .plane-layer').count(), 2);
    await page.click('#plane-start');
    await page.waitForFunction(() => Number(document.getElementById('plane-metrics')!.dataset.trainAcc) > 0.95, null, {
      timeout: TRAINING_TIMEOUT_MS,
      polling: 250,
    });
    await page.click('#plane-pause');
    await page.waitForSelector('#plane-status[data-state="paused"]');
    const steps = await metric(page, 'steps');
    t.diagnostic(`steps ${steps}, ${await page.textContent('#plane-status')}`);
    assert.ok((await metric(page, 'trainAcc')) > 0.95);
    assert.match((await page.textContent('#plane-status')) ?? '', /training accuracy \d+(\.\d)?%, test accuracy/);
    assert.match(
      (await page.getAttribute('#plane-canvas', 'aria-label')) ?? '',
      /decision boundary.*training accuracy/,
    );
    assert.ok((await canvasColours(page, '#plane-canvas')) > 50, 'the boundary heatmap is not uniform');
    const unitColours = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLCanvasElement>('#plane-units canvas')).map((c) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        return new Set(Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]! * 65536 + data[4 * i + 1]!)).size;
      }),
    );
    assert.ok(
      unitColours.every((n) => n > 5),
      `every unit's heatmap varies: ${unitColours.join(' ')}`,
    );
    // Paused means paused.
    await page.waitForTimeout(300);
    assert.equal(await metric(page, 'steps'), steps);
    await snapshot(page, 'plane-en');
    await page.click('#plane-reset');
    assert.equal(await metric(page, 'steps'), 0);
  });

  test('the sine: regression lowers the loss, its curve drawn over the points', async () => {
    const page = await newPage(DESKTOP);
    await openPlane(page, server, '?lang=en&plane-speed=20');
    await page.selectOption('#plane-dataset', 'sine');
    const before = await metric(page, 'trainLoss');
    assert.equal(await page.textContent('#plane-train-acc'), '–', 'no accuracy for regression');
    assert.equal(await page.locator('#plane-units canvas').count(), 16);
    await page.click('#plane-start');
    await page.waitForFunction(() => Number(document.getElementById('plane-metrics')!.dataset.steps) > 500, null, {
      timeout: TRAINING_TIMEOUT_MS,
    });
    await page.click('#plane-pause');
    const afterLoss = await metric(page, 'trainLoss');
    assert.ok(afterLoss < before / 4, `training loss ${before} -> ${afterLoss}`);
    assert.ok((await metric(page, 'testLoss')) < before / 4);
    assert.ok((await canvasColours(page, '#plane-canvas')) > 3, 'points and curve drawn');
    await snapshot(page, 'plane-sine-en');
  });

  test('a wrong layer spec is reported and nothing trains; the keyboard starts and pauses', async () => {
    const page = await newPage(DESKTOP);
    await openPlane(page, server, '?lang=en');
    await page.fill('#plane-layers', 'dense8,tanhh');
    await page.press('#plane-layers', 'Tab');
    assert.match((await page.textContent('#plane-errors')) ?? '', /Hidden layers: .*tanhh/);
    assert.equal(await page.getAttribute('#plane-status', 'data-state'), 'invalid');
    await page.fill('#plane-layers', 'dense4,relu');
    await page.press('#plane-layers', 'Enter');
    // Enter submits the form: the new network (one hidden layer of 4) trains.
    await page.waitForSelector('#plane-status[data-state="running"]');
    assert.equal(await page.textContent('#plane-errors'), '');
    assert.equal(await page.locator('#plane-units canvas').count(), 4);
    await page.focus('#plane-pause');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#plane-status[data-state="paused"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'plane-start', 'the focus goes on to Start');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#plane-status[data-state="running"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'plane-pause', 'and back to Pause');
    await page.keyboard.press('Space');
    await page.waitForSelector('#plane-status[data-state="paused"]');
    // A learning rate far too large: the loss stops being a number, the run stops and says why.
    await page.fill('#plane-lr', '-1');
    await page.press('#plane-lr', 'Tab');
    assert.equal(await page.textContent('#plane-errors'), 'The learning rate must be a positive number.');
    await page.selectOption('#plane-optimizer', 'sgd');
    await page.fill('#plane-lr', '1e30');
    await page.press('#plane-lr', 'Enter');
    await page.waitForSelector('#plane-status[data-state="diverged"]');
    assert.match((await page.textContent('#plane-status')) ?? '', /learning rate is too large/);
    assert.equal(await page.isEnabled('#plane-start'), true);
  });

  test('Korean: ?lang=ko#plane shows the page in Korean; both languages fit a phone', async () => {
    const page = await newPage(DESKTOP);
    await openPlane(page, server, '?lang=ko');
    assert.equal(await page.textContent('#tab-plane'), ko['tab.plane']);
    assert.equal(await page.textContent('#panel-plane h2'), ko['plane.heading']);
    assert.equal(await page.textContent('#plane-start'), ko['plane.start']);
    assert.equal(await page.textContent('#plane-units h3'), '은닉층 1(뉴런 8개)');
    assert.match((await page.textContent('label:has(#plane-lr)')) ?? '', /학습률/);
    assert.match((await page.textContent('#plane-status')) ?? '', /준비됨/);
    assert.match((await page.getAttribute('#plane-canvas', 'aria-label')) ?? '', /결정 경계/);
    const latin = await page.evaluate(() => {
      const words: string[] = [];
      const walker = document.createTreeWalker(document.getElementById('panel-plane')!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        if (node.parentElement?.closest('code') !== null) continue;
        words.push(...((node.textContent ?? '').match(/[A-Za-z]{4,}/g) ?? []));
      }
      return words;
    });
    // Names of things stay as they are (Adam, and the activation functions of the layer rows' menus, as
    // the book writes them: ReLU, tanh, Leaky ReLU); every other word is Korean.
    const names = ['Adam', 'ReLU', 'tanh', 'Leaky'];
    assert.deepEqual(
      latin.filter((word) => !names.includes(word)),
      [],
      'English words on the Korean page',
    );
    await snapshot(page, 'plane-ko');
    // The menu switches the page's own texts too: the unit headings, the sliders' values, the status.
    await page.selectOption('#lang-select', 'en');
    assert.equal(await page.textContent('#plane-units h3'), 'Hidden layer 1 (8 units)');
    assert.equal(
      await page.textContent('#plane-status'),
      'Ready. step 0: training accuracy 44.5%, test accuracy 46.5%',
    );
    assert.equal(await page.textContent('#plane-noise-value'), '10.0%');
    for (const lang of ['en', 'ko']) {
      const phone = await newPage(MOBILE);
      await openPlane(phone, server, `?lang=${lang}`);
      await snapshot(phone, `plane-${lang}`);
    }
    assert.deepEqual(
      recorder.requests.filter((url) => !isLocal(url)),
      [],
      'no request left 127.0.0.1',
    );
    assert.deepEqual(recorder.errors, []);
  });
});
