// The playground's views of the inside of the network: the first layer's filters, every layer's
// activations for one digit, the confusion matrix and the misclassified digits. The numbers are
// checked in Node against the library; the views in headless Chromium, with screenshots at both
// viewport sizes and in both languages in test-results/web/.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { NDArray, Sequential, softmax } from '../../src/core.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import {
  activationsOf,
  confusionOf,
  firstLayerWeights,
  MAX_MAPS,
  MAX_UNIT_IMAGES,
  MISCLASSIFIED_SHOWN,
} from '../../web/src/inside/snapshots.js';
import { browserSkipReason, isLocal, launchChromium, recordedContext, type Recorder } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(root, 'test-results/web');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };
/** A busy 2-core machine's Chromium trains the small convnet's epoch of 10000 images in well under this. */
const TRAINING_TIMEOUT_MS = 240_000;
const CONVNET_URL =
  '?layers=conv8x5,relu,pool2,dense10&optimizer=adam&lr=0.003&epochs=1&train-size=10000&autostart=1#train';
const MLP_URL = '?layers=dense20,relu,dense10&optimizer=adam&lr=0.003&epochs=1&train-size=2000&autostart=1#train';

/** A digit-like input: a bright vertical bar in the middle of 28×28. */
function barDigit(): Float32Array {
  const x = new Float32Array(784);
  for (let r = 4; r < 24; r++) for (let c = 12; c < 16; c++) x[r * 28 + c] = 1;
  return x;
}

describe('what the views show, read from a Sequential', () => {
  test("a convnet's filters are its first convolution's weights, one k×k image per filter", () => {
    const net = new Sequential({ inputShape: [1, 28, 28], layers: 'conv8x5,relu,pool2,dense10', seed: 3 });
    const snapshot = firstLayerWeights(net)!;
    assert.equal(snapshot.kind, 'conv');
    assert.equal(snapshot.token, 'conv8x5');
    assert.deepEqual([snapshot.count, snapshot.width, snapshot.height], [8, 5, 5]);
    const w = net.params.W1!;
    // Filter 3, row 2, column 4.
    assert.equal(snapshot.values[3 * 25 + 2 * 5 + 4], Math.fround(w.data[3 * 25 + 2 * 5 + 4]!));
  });

  test("a dense network's images are the weights into each hidden unit (a column of W), the first 64 at most", () => {
    const net = new Sequential({ inputShape: [784], layers: 'dense100,relu,dense10', seed: 3 });
    const snapshot = firstLayerWeights(net)!;
    assert.equal(snapshot.kind, 'dense');
    assert.deepEqual([snapshot.count, snapshot.total, snapshot.width, snapshot.height], [MAX_UNIT_IMAGES, 100, 28, 28]);
    const w = net.params.W1!;
    // Unit 5's weight from pixel 300 is W[300, 5].
    assert.equal(snapshot.values[5 * 784 + 300], Math.fround(w.data[300 * 100 + 5]!));
  });

  test('activations: every layer in order with its output shape, maps for 3-D outputs, the softmax last', () => {
    const net = new Sequential({
      inputShape: [1, 28, 28],
      layers: 'conv20x3,relu,pool2,dense30,relu,dense10',
      seed: 3,
    });
    const x = barDigit();
    const report = activationsOf(net, x, { index: 7, label: 1 });
    assert.deepEqual(
      report.layers.map((l) => [l.token, l.kind, l.shape, l.shown]),
      [
        ['conv20x3', 'maps', [20, 26, 26], MAX_MAPS],
        ['relu', 'maps', [20, 26, 26], MAX_MAPS],
        ['pool2', 'maps', [20, 13, 13], MAX_MAPS],
        ['dense30', 'bars', [30], 30],
        ['relu', 'bars', [30], 30],
        ['dense10', 'bars', [10], 10],
        ['softmax', 'probabilities', [10], 10],
      ],
    );
    assert.equal(report.index, 7);
    const relu = report.layers[1]!.values;
    assert.ok(relu.every((v) => v >= 0));
    const expected = softmax(net.predict(new NDArray(Float64Array.from(x), [1, 784]))).data;
    report.layers[6]!.values.forEach((p, i) => assert.ok(Math.abs(p - expected[i]!) < 1e-6, `class ${i}`));
  });

  test('the confusion matrix counts every test sample once; its diagonal is the accuracy', () => {
    const net = new Sequential({ inputShape: [16], layers: 'dense10', seed: 5 });
    const n = 1234;
    const x = new NDArray(
      Float64Array.from({ length: n * 16 }, (_, i) => Math.sin(i * 0.37)),
      [n, 16],
    );
    const t = new NDArray(
      Int32Array.from({ length: n }, (_, i) => (i * 7) % 10),
      [n],
      'int32',
    );
    const report = confusionOf(net, { x, t }, 2);
    assert.equal(
      report.matrix.reduce((s, v) => s + v, 0),
      n,
    );
    const diagonal = Array.from({ length: 10 }, (_, c) => report.matrix[c * 11]!).reduce((s, v) => s + v, 0);
    assert.equal(diagonal / n, net.accuracy(x, t));
    assert.equal(report.misclassified.length, MISCLASSIFIED_SHOWN);
    const probabilities = report.misclassified.map((d) => d.probability);
    assert.deepEqual(
      probabilities,
      [...probabilities].sort((a, b) => b - a),
    );
    for (const d of report.misclassified) assert.notEqual(d.label, d.predicted);
  });
});

/** Asserts the page does not scroll sideways, then saves a full-page screenshot as inside-<name>-<w>x<h>.png. */
async function snapshot(page: Page, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const size = page.viewportSize()!;
  assert.ok(scrollWidth <= innerWidth, `${name} at ${size.width}x${size.height}: ${scrollWidth} px wide`);
  await page.screenshot({ path: join(SHOTS, `inside-${name}-${size.width}x${size.height}.png`), fullPage: true });
}

/** For each canvas under `selector`: its size and how many different grey levels it holds (1: blank). */
function canvasLevels(page: Page, selector: string): Promise<{ width: number; height: number; levels: number }[]> {
  return page.evaluate((sel) => {
    return Array.from(document.querySelectorAll<HTMLCanvasElement>(`${sel} canvas`), (canvas) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const levels = new Set<number>();
      for (let i = 0; i < data.length; i += 4) levels.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return { width: canvas.width, height: canvas.height, levels: levels.size };
    });
  }, selector);
}

async function openAndTrain(page: Page, server: PlaygroundServer, query: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}${query}`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#train-status[data-state="finished"], #train-status[data-state="error"]', {
    timeout: TRAINING_TIMEOUT_MS,
  });
  assert.equal(await page.getAttribute('#train-status', 'data-state'), 'finished');
  // The snapshot after the last epoch is painted on an animation frame.
  await page.waitForSelector('#panel-train [data-view="confusion"][data-total="10000"]');
}

const TRAIN = '#panel-train';

describe('the inside of the network in Chromium', { skip: browserSkipReason() }, () => {
  let server: PlaygroundServer;
  let browser: Browser;
  const recorder: Recorder = { requests: [], errors: [] };
  const contexts: BrowserContext[] = [];

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

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const mobile = viewport.width < 600;
    const { context, page } = await recordedContext(
      browser,
      { viewport, ...(mobile ? { hasTouch: true, isMobile: true } : {}) },
      recorder,
    );
    contexts.push(context);
    return page;
  }

  test('a convnet trains with its filters, activations, confusion matrix and misclassified digits shown', async (t: TestContext) => {
    const page = await newPage(DESKTOP);
    await openAndTrain(page, server, CONVNET_URL);
    const acc = Number(await page.getAttribute('#train-test-acc', 'data-value'));
    assert.ok(acc > 0.85, `test accuracy after one epoch of 10000 images: ${acc}`);

    const filters = await canvasLevels(page, `${TRAIN} [data-view="filters"]`);
    assert.equal(filters.length, 8);
    for (const f of filters) {
      assert.deepEqual([f.width, f.height], [5, 5]);
      assert.ok(f.levels > 3, `a filter image with ${f.levels} grey levels`);
    }
    assert.match((await page.getAttribute(`${TRAIN} [data-view="filters"] .inside-grid`, 'aria-label'))!, /8 filters/);

    const activations = `${TRAIN} [data-view="activations"]`;
    const tokens = await page.$$eval(`${activations} .inside-layer`, (els) =>
      els.map((el) => (el as HTMLElement).dataset.token),
    );
    assert.deepEqual(tokens, ['conv8x5', 'relu', 'pool2', 'dense10', 'softmax']);
    for (const [i, side] of [
      [1, 24],
      [2, 24],
      [3, 12],
    ] as const) {
      const maps = await canvasLevels(page, `${activations} .inside-layer:nth-child(${i})`);
      assert.equal(maps.length, 8, `layer ${i}`);
      assert.ok(
        maps.every((m) => m.width === side && m.height === side),
        `layer ${i}: ${JSON.stringify(maps[0])}`,
      );
      assert.ok(maps.filter((m) => m.levels > 1).length >= 4, `layer ${i}: most maps are not blank`);
    }
    const bars = await canvasLevels(page, `${activations} .inside-layer:nth-child(4)`);
    assert.ok(bars.length === 1 && bars[0]!.levels > 1);
    assert.equal(await page.locator(`${activations} .inside-prob`).count(), 10);
    const predicted = await page.getAttribute(`${activations} .inside-summary`, 'data-predicted');
    assert.match(predicted!, /^\d$/);
    assert.match(
      (await page.getAttribute(`${activations} .inside-layers`, 'aria-label'))!,
      /test digit 0 \(a 7\).*predicts \d with probability/,
    );

    // The confusion matrix: a real table whose cells count the whole test set, its diagonal the accuracy shown.
    const cells = await page.$$eval(`${TRAIN} [data-view="confusion"] td[data-count]`, (tds) =>
      tds.map((td) => Number((td as HTMLElement).dataset.count)),
    );
    assert.equal(cells.length, 100);
    assert.equal(
      cells.reduce((s, v) => s + v, 0),
      10000,
    );
    const diagonal = cells.filter((_, i) => i % 11 === 0).reduce((s, v) => s + v, 0);
    assert.equal((diagonal / 10000).toFixed(4), acc.toFixed(4));
    assert.equal(await page.textContent('#train-test-acc'), (diagonal / 10000).toFixed(4));
    assert.equal(await page.locator(`${TRAIN} [data-view="confusion"] th[scope="row"]`).count(), 10);
    t.diagnostic(`test accuracy ${acc}; ${await page.textContent(`${TRAIN} [data-view="confusion"] caption`)}`);

    // A misclassified digit, chosen from the keyboard, becomes the activations view's digit.
    const wrong = page.locator(`${TRAIN} [data-view="misclassified"] button`);
    assert.equal(await wrong.count(), 12);
    const index = (await wrong.nth(2).getAttribute('data-index'))!;
    assert.notEqual(index, '0');
    await wrong.nth(2).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${activations}[data-index="${index}"]`);
    assert.equal(await page.inputValue('#inside-index'), index);
    assert.equal((await canvasLevels(page, `${activations} .inside-layer:nth-child(1)`)).length, 8);
    // The next button steps to the following test digit.
    await page.click(`${TRAIN} .inside-step:nth-of-type(2)`);
    await page.waitForSelector(`${activations}[data-index="${Number(index) + 1}"]`);
    await snapshot(page, 'train-en');

    await page.selectOption('#lang-select', 'ko');
    assert.equal(await page.textContent(`${TRAIN} [data-i18n="inside.confusionHeading"]`), '혼동 행렬');
    assert.match((await page.textContent(`${TRAIN} [data-view="confusion"] caption`))!, /혼동 행렬/);
    assert.match(
      (await page.textContent(`${TRAIN} [data-view="filters"] .inside-caption`))!,
      /합성곱 층 conv8x5의 필터/,
    );
    assert.match((await page.textContent(`${activations} .inside-summary`))!, /각 층의 출력/);
    await snapshot(page, 'train-ko');
    await page.selectOption('#lang-select', 'en');

    // The convnet on the Draw page: the drawn digit's activations and the predicted class.
    await page.click('#train-use');
    await page.waitForSelector('#panel-draw', { state: 'visible' });
    const drawn = '#draw-activations';
    assert.equal(await page.locator(`${drawn} .inside-layer`).count(), 0, 'a blank drawing shows no activations');
    const box = (await page.locator('#draw-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.85, { steps: 12 });
    await page.mouse.up();
    await page.waitForSelector(`${drawn}[data-index="drawn"] .inside-layer`);
    const drawnTokens = await page.$$eval(`${drawn} .inside-layer`, (els) =>
      els.map((el) => (el as HTMLElement).dataset.token),
    );
    assert.deepEqual(drawnTokens, ['conv8x5', 'relu', 'pool2', 'dense10', 'softmax']);
    const drawnMaps = await canvasLevels(page, `${drawn} .inside-layer:nth-child(1)`);
    assert.ok(drawnMaps.length === 8 && drawnMaps.some((m) => m.levels > 1));
    assert.equal(
      await page.getAttribute(`${drawn} .inside-summary`, 'data-predicted'),
      await page.getAttribute('#draw-prediction', 'data-digit'),
    );
    await snapshot(page, 'draw-en');
    await page.click('#draw-clear');
    await page.waitForSelector(`${drawn}[data-index=""]`);
    assert.equal(await page.locator(`${drawn} .inside-layer`).count(), 0);
  });

  test("?lang=ko: an MLP's first-layer weights as 28×28 images, the views in Korean; 390x844 fits in both languages", async () => {
    const page = await newPage(MOBILE);
    await openAndTrain(page, server, `?lang=ko&${MLP_URL.slice(1)}`);
    const images = await canvasLevels(page, `${TRAIN} [data-view="filters"]`);
    assert.equal(images.length, 20);
    assert.ok(images.every((f) => f.width === 28 && f.height === 28 && f.levels > 3));
    assert.equal(await page.getAttribute(`${TRAIN} [data-view="filters"]`, 'data-kind'), 'dense');
    const tokens = await page.$$eval(`${TRAIN} [data-view="activations"] .inside-layer`, (els) =>
      els.map((el) => (el as HTMLElement).dataset.token),
    );
    assert.deepEqual(tokens, ['dense20', 'relu', 'dense10', 'softmax']);
    assert.equal(await page.textContent(`${TRAIN} [data-i18n="inside.heading"]`), '신경망의 속');
    assert.equal(
      await page.textContent(`${TRAIN} [data-i18n="inside.misclassifiedHeading"]`),
      '가장 자신 있게 오분류한 숫자',
    );
    assert.match((await page.textContent(`${TRAIN} [data-view="filters"] .inside-caption`))!, /가중치/);
    assert.match((await page.textContent(`${TRAIN} [data-view="confusion"] caption`))!, /혼동 행렬/);
    assert.equal(await page.textContent(`${TRAIN} [data-view="confusion"] thead th[scope="colgroup"]`), '예측');
    await snapshot(page, 'train-ko');
    await page.click('#tab-draw');
    await page.waitForSelector('#panel-draw', { state: 'visible' });
    assert.match((await page.textContent('#draw-activations .inside-summary'))!, /숫자를 그리면/);
    await snapshot(page, 'draw-ko');
    await page.selectOption('#lang-select', 'en');
    assert.match((await page.textContent('#draw-activations .inside-summary'))!, /Draw a digit/);
    await page.click('#tab-train');
    await page.waitForSelector('#panel-train', { state: 'visible' });
    assert.equal(await page.textContent(`${TRAIN} [data-view="confusion"] thead th[scope="colgroup"]`), 'predicted');
    await snapshot(page, 'train-en');
  });

  test('no request leaves 127.0.0.1, and no page reported an error', () => {
    assert.deepEqual(
      recorder.requests.filter((u) => !isLocal(u)),
      [],
    );
    assert.deepEqual(recorder.errors, []);
  });
});
