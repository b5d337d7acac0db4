// The playground end to end in headless Chromium: the web app built from web/, served by the
// playground server, driven like a user drives it (mouse, touch, keyboard). Screenshots of every
// page at both viewport sizes go to test-results/web/.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { decodeSafetensors } from '../../src/core.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import { browserSkipReason, isLocal, launchChromium, recordedContext, type Recorder } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(root, 'test-results/web');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };
/** One epoch in a 2-core CI machine's Chromium takes a few seconds; this is the limit for a slow, busy one. */
const TRAINING_TIMEOUT_MS = 240_000;

type Point = readonly [number, number];

/** Strokes in the drawing canvas's own 280×280 pixels. */
const ONE: Point[][] = [
  [
    [140, 40],
    [140, 240],
  ],
];
const SEVEN: Point[][] = [
  [
    [70, 60],
    [210, 60],
  ],
  [
    [210, 60],
    [120, 240],
  ],
];

/** Page coordinates of a point of the drawing canvas (shown scaled on narrow screens). */
async function canvasMapper(page: Page): Promise<(p: Point) => Point> {
  const box = await page.locator('#draw-canvas').boundingBox();
  assert.ok(box !== null, 'the drawing canvas is visible');
  return ([x, y]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280];
}

async function drawWithMouse(page: Page, strokes: Point[][]): Promise<void> {
  const at = await canvasMapper(page);
  for (const stroke of strokes) {
    const [x0, y0] = at(stroke[0]!);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (const p of stroke.slice(1)) {
      const [x, y] = at(p);
      await page.mouse.move(x, y, { steps: 12 });
    }
    await page.mouse.up();
  }
}

/** Real touch events (through the DevTools protocol: Playwright's touchscreen only taps). */
async function drawWithTouch(page: Page, cdp: CDPSession, strokes: Point[][]): Promise<void> {
  const at = await canvasMapper(page);
  for (const stroke of strokes) {
    const [x0, y0] = at(stroke[0]!);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y: y0 }] });
    let from = stroke[0]!;
    for (const to of stroke.slice(1)) {
      for (let i = 1; i <= 12; i++) {
        const [x, y] = at([from[0] + ((to[0] - from[0]) * i) / 12, from[1] + ((to[1] - from[1]) * i) / 12]);
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
      }
      from = to;
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
}

async function predictedDigit(page: Page): Promise<string> {
  await page.waitForFunction(() => document.getElementById('draw-prediction')!.dataset.digit !== '');
  return (await page.getAttribute('#draw-prediction', 'data-digit'))!;
}

/** How much ink the 28×28 input canvas shows (0 for a blank input). */
function inputInk(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.getElementById('draw-input') as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i]!;
    return sum / 255;
  });
}

/** Asserts the page does not scroll sideways, then saves a full-page screenshot as <name>-<w>x<h>.png. */
async function snapshot(page: Page, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const size = page.viewportSize()!;
  assert.ok(
    scrollWidth <= innerWidth,
    `${name} at ${size.width}x${size.height}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`,
  );
  await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
}

async function openTab(page: Page, name: 'draw' | 'train' | 'learn'): Promise<void> {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`#panel-${name}`, { state: 'visible' });
}

async function openApp(page: Page, server: PlaygroundServer, hash = ''): Promise<void> {
  // From a blank page, so that a URL differing only in its hash loads afresh (focus and all).
  await page.goto('about:blank');
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForFunction(() => document.getElementById('draw-model')!.dataset.source === 'shipped');
}

function progressValue(page: Page): Promise<number> {
  return page.evaluate(() => (document.getElementById('train-progress') as HTMLProgressElement).value);
}

describe('the playground in Chromium', { skip: browserSkipReason() }, () => {
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
    const { context, page } = await recordedContext(browser, { viewport: DESKTOP }, recorder);
    contexts.push(context);
    desktop = page;
    await openApp(desktop, server);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  test('Draw: mouse strokes of a 1 and of a 7 are predicted as 1 and 7 by the shipped model', async (t: TestContext) => {
    const page = desktop;
    assert.equal(await inputInk(page), 0, 'the input starts blank');
    await drawWithMouse(page, ONE);
    assert.equal(await predictedDigit(page), '1', (await page.textContent('#draw-prediction')) ?? '');
    assert.ok((await inputInk(page)) > 20, 'the 28x28 input shows the stroke');
    assert.equal(await page.locator('#draw-probabilities rect.bar').count(), 10, 'a bar per digit');
    t.diagnostic(`1: ${await page.textContent('#draw-prediction')}`);

    await page.click('#draw-clear');
    assert.equal(await page.getAttribute('#draw-prediction', 'data-digit'), '');
    assert.equal(await inputInk(page), 0, 'Clear empties the input');

    await drawWithMouse(page, SEVEN);
    assert.equal(await predictedDigit(page), '7', (await page.textContent('#draw-prediction')) ?? '');
    t.diagnostic(`7: ${await page.textContent('#draw-prediction')}`);
    await snapshot(page, 'draw');

    // A tap without moving leaves a dot: the pad is never "not empty" with no ink to predict from.
    await page.click('#draw-clear');
    const [x, y] = (await canvasMapper(page))([140, 140]);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.up();
    assert.notEqual(await predictedDigit(page), '');
    assert.ok((await inputInk(page)) > 20, 'the 28x28 input shows the dot');
    await page.click('#draw-clear');
  });

  test('Learn: gradient descent diverges with lr 10, converges with lr 0.1, barely moves with lr 1e-10', async (t: TestContext) => {
    const page = desktop;
    await openTab(page, 'learn');
    const state = async (): Promise<string> => (await page.getAttribute('#gd-status', 'data-state'))!;
    assert.equal(await state(), 'converged', "the book's lr 0.1 from (-3, 4), 20 steps");
    await page.selectOption('#gd-lr-preset', '1e-10');
    assert.equal(await state(), 'stuck');
    await page.selectOption('#gd-lr-preset', '10');
    assert.equal(await state(), 'diverged');
    assert.equal(await page.getAttribute('#gd-status', 'data-lr'), '10');
    t.diagnostic(`lr 10: ${await page.textContent('#gd-status')}`);

    // A click on the plot starts there: the point near (2, -2) of the plot's own axes.
    const frame = page.locator('#gd-chart rect.frame');
    await frame.scrollIntoViewIfNeeded();
    const box = (await frame.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.7);
    assert.ok(Math.abs(Number(await page.inputValue('#gd-x0')) - 2) < 0.05, 'x0 from the click');
    assert.ok(Math.abs(Number(await page.inputValue('#gd-x1')) + 2) < 0.05, 'x1 from the click');
    assert.equal(await state(), 'diverged', 'still lr 10');
    await page.selectOption('#gd-lr-preset', '0.1');
    assert.equal(await state(), 'converged');
    await page.selectOption('#gd-lr-preset', '10');

    // The shopping graph: the book's buy_apple.py numbers.
    assert.equal(await page.textContent('#shop-dApple'), '2.2');
    assert.equal(await page.textContent('#shop-dAppleNum'), '110.00000000000001');
    assert.equal(await page.textContent('#shop-dTax'), '200');
    assert.equal(Math.round(Number(await page.textContent('#shop-price'))), 220);
    await page.check('#shop-with-orange');
    assert.equal(Math.round(Number(await page.textContent('#shop-price'))), 715);
    assert.equal(await page.textContent('#shop-dOrange'), '3.3000000000000003');
    assert.equal(await page.textContent('#shop-dTax'), '650');

    // The tangent follows the slider; the slope is the numerical derivative 0.02x + 0.1.
    await page.locator('#tan-x').fill('10');
    assert.ok(Math.abs(Number(await page.getAttribute('#tan-result', 'data-slope')) - 0.3) < 1e-6);
    await snapshot(page, 'learn');
  });

  test('Train: one epoch in a Web Worker reaches test accuracy above 0.9 while the page answers clicks', async (t: TestContext) => {
    const page = desktop;
    await openTab(page, 'train');
    await page.fill('#train-epochs', '1');
    // The longest the page's own thread goes without running a 50 ms timer, during training.
    await page.evaluate(() => {
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
    await page.click('#train-start');
    await page.waitForFunction(
      () => (document.getElementById('train-progress') as HTMLProgressElement).value > 0,
      undefined,
      { timeout: 120_000 },
    );
    t.diagnostic(`first losses ${Date.now() - started} ms after Start (compiling the kernels, loading MNIST)`);

    // Responsiveness: switching pages during training shows the new page at once.
    const clickStart = performance.now();
    await page.click('#tab-learn');
    await page.waitForSelector('#panel-learn', { state: 'visible' });
    const latency = performance.now() - clickStart;
    const stateAfterClick = await page.getAttribute('#train-status', 'data-state');
    const iterationAtClick = await progressValue(page);
    await openTab(page, 'train');
    t.diagnostic(`tab click handled in ${latency.toFixed(0)} ms during training (at iteration ${iterationAtClick})`);
    assert.equal(stateAfterClick, 'training', 'the click came while training ran');
    // The round trip includes playwright's own messages to the browser, slow on a busy machine; a page
    // whose thread ran the training would answer only after the epoch (seconds). The page's own stalls
    // are measured below, in the page.
    assert.ok(latency < 1000, `the click took ${latency.toFixed(0)} ms to show its page`);

    await page.waitForSelector('#train-status[data-state="finished"], #train-status[data-state="error"]', {
      timeout: TRAINING_TIMEOUT_MS,
    });
    const status = (await page.textContent('#train-status'))!;
    assert.equal(await page.getAttribute('#train-status', 'data-state'), 'finished', status);
    const acc = Number(await page.getAttribute('#train-test-acc', 'data-value'));
    assert.equal(await page.getAttribute('#train-test-acc', 'data-epoch'), '1');
    assert.equal((await page.textContent('#train-test-acc'))!, acc.toFixed(4), 'the displayed value');
    assert.ok(acc > 0.9, `test accuracy after one epoch: ${acc}`);
    const gap = await page.evaluate(() => (window as unknown as { maxTimerGap: number }).maxTimerGap);
    t.diagnostic(
      `${status} (${Date.now() - started} ms from Start); ${await page.textContent('#train-progress-text')}`,
    );
    t.diagnostic(`${await page.textContent('#train-kernels')}`);
    t.diagnostic(`the page's longest stall during training: ${gap.toFixed(0)} ms`);
    assert.ok(gap < 500, `the page's thread stalled for ${gap.toFixed(0)} ms`);
    assert.ok(
      (await page.locator('#train-loss-chart svg polyline, #train-loss-chart svg path').count()) > 0,
      'a loss curve',
    );
    // Between the epoch ends, test accuracy on a sample: one epoch draws a curve, not a line of two points.
    const testCurve = await page.getAttribute('#train-acc-chart g.series[data-label="test acc"] path', 'd');
    const points = (testCurve ?? '').match(/[ML]/g)?.length ?? 0;
    t.diagnostic(`the test accuracy curve of one epoch has ${points} points`);
    assert.ok(points >= 10, `the test accuracy curve of one epoch has ${points} points`);
    await snapshot(page, 'train');

    // The weights download as safetensors with the architecture, and load on the Draw page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#train-download')]);
    assert.equal(download.suggestedFilename(), 'scratchnet-dense100-relu-dense10.safetensors');
    const file = decodeSafetensors(new Uint8Array(readFileSync(await download.path())));
    assert.deepEqual(file.tensors.W1!.shape, [784, 100]);
    assert.deepEqual(file.tensors.b2!.shape, [10]);
    assert.match(file.metadata.architecture!, /"layers":\[\{"type":"dense","units":100\},\{"type":"relu"\}/);
    assert.equal(Number(file.metadata.testAccuracy), acc);

    await page.click('#train-use');
    await page.waitForSelector('#panel-draw', { state: 'visible' });
    assert.equal(await page.getAttribute('#draw-model', 'data-source'), 'trained');
    assert.match((await page.textContent('#draw-model'))!, /trained here for 1 epoch/);
    await page.click('#draw-clear');
    await drawWithMouse(page, ONE);
    t.diagnostic(`the network trained here reads the 1 as ${await predictedDigit(page)}`);
    await page.click('#draw-use-shipped');
    assert.equal(await page.getAttribute('#draw-model', 'data-source'), 'shipped');
  });

  test('Keyboard: tabs by arrow keys, every control labelled, focus always visible', async () => {
    const page = desktop;
    await openApp(page, server, '#draw');
    const focused = (): Promise<{ id: string; outline: string; width: number }> =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { id: el.id, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
    const assertVisibleFocus = async (id: string): Promise<void> => {
      const f = await focused();
      assert.equal(f.id, id);
      assert.ok(f.outline !== 'none' && f.width >= 2, `${id} shows its focus (outline ${f.outline} ${f.width}px)`);
    };
    await page.keyboard.press('Tab');
    await assertVisibleFocus('skip-link');
    await page.keyboard.press('Tab');
    await assertVisibleFocus('lang-select');
    await page.keyboard.press('Tab');
    await assertVisibleFocus('tab-draw');
    await page.keyboard.press('ArrowRight');
    await assertVisibleFocus('tab-train');
    assert.equal(await page.getAttribute('#tab-train', 'aria-selected'), 'true');
    assert.ok(await page.isVisible('#panel-train'));
    await page.keyboard.press('Tab'); // the panel itself
    await page.keyboard.press('Tab');
    await assertVisibleFocus('train-preset');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('End');
    await assertVisibleFocus('tab-learn');
    assert.ok(await page.isVisible('#panel-learn'));
    await page.keyboard.press('Home');
    await assertVisibleFocus('tab-draw');

    // Enter on the focused Clear button clears a drawing.
    await drawWithMouse(page, ONE);
    await page.focus('#draw-clear');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#draw-prediction', 'data-digit'), '');

    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, input, select'))
        .filter((el) => {
          const labels = (el as HTMLInputElement).labels;
          const name =
            el.getAttribute('aria-label') ??
            (Array.from(labels ?? [])
              .map((l) => l.textContent)
              .join('') ||
              el.textContent);
          return (name ?? '').trim() === '';
        })
        .map((el) => el.id || el.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
  });

  test('390x844 with touch: a finger draws a 1; Learn shows divergence; training pauses, resumes and stops', async (t: TestContext) => {
    const { context, page } = await recordedContext(
      browser,
      { viewport: MOBILE, hasTouch: true, isMobile: true },
      recorder,
    );
    contexts.push(context);
    await openApp(page, server);
    const cdp = await context.newCDPSession(page);
    await drawWithTouch(page, cdp, ONE);
    assert.equal(await predictedDigit(page), '1', (await page.textContent('#draw-prediction')) ?? '');
    await snapshot(page, 'draw');

    await openTab(page, 'learn');
    await page.selectOption('#gd-lr-preset', '10');
    assert.equal(await page.getAttribute('#gd-status', 'data-state'), 'diverged');
    await snapshot(page, 'learn');

    await openTab(page, 'train');
    await page.fill('#train-epochs', '3');
    await page.click('#train-start');
    await page.waitForFunction(
      () => (document.getElementById('train-progress') as HTMLProgressElement).value > 0,
      undefined,
      { timeout: 120_000 },
    );
    await page.click('#train-pause');
    await page.waitForSelector('#train-status[data-state="paused"]');
    const pausedAt = await progressValue(page);
    await page.waitForTimeout(500);
    assert.equal(await progressValue(page), pausedAt, 'no iterations while paused');
    await page.click('#train-resume');
    await page.waitForFunction(
      (at) => (document.getElementById('train-progress') as HTMLProgressElement).value > at,
      pausedAt,
    );
    await page.click('#train-stop');
    await page.waitForSelector('#train-status[data-state="stopped"]', { timeout: 60_000 });
    const stoppedAt = await progressValue(page);
    t.diagnostic(
      `paused at iteration ${pausedAt}, stopped at ${stoppedAt} of 1800: ${await page.textContent('#train-status')}`,
    );
    assert.ok(stoppedAt > pausedAt && stoppedAt < 1800);
    await snapshot(page, 'train');
  });

  test('no request leaves 127.0.0.1, and no page reported an error', () => {
    assert.ok(
      recorder.requests.some((u) => u.endsWith('/mnist/train-images-idx3-ubyte')),
      "the worker's requests are recorded too",
    );
    assert.ok(recorder.requests.some((u) => u.endsWith('/model.safetensors')));
    assert.deepEqual(
      recorder.requests.filter((u) => !isLocal(u)),
      [],
    );
    assert.deepEqual(recorder.errors, []);
  });
});
