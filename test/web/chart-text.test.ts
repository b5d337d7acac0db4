// Every chart of the playground readable as text, in headless Chromium: each chart's accessible name
// (aria-label) and description (the hidden table or list it names with aria-describedby) hold the
// numbers the chart shows, in English and in Korean after a switch of language.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import { browserSkipReason, launchChromium, recordedContext, type Recorder } from './browser.js';

const DESKTOP = { width: 1280, height: 800 };
/** A small run: a few seconds even on a busy machine. */
const SMALL_RUN = '?lang=en&layers=dense10&epochs=1&train-size=2000&autostart=1#train';
const RUN_TIMEOUT_MS = 240_000;

async function openApp(page: Page, server: PlaygroundServer, query: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}${query}`);
  await page.waitForSelector('html[data-ready="true"]');
}

/** A chart's accessible name and the text of the element its aria-describedby names ('' for none). */
function chartText(page: Page, selector: string): Promise<{ label: string; description: string; rows: number }> {
  return page.evaluate((sel) => {
    const chart = document.querySelector(sel)!;
    const described = document.getElementById(chart.getAttribute('aria-describedby') ?? '');
    return {
      label: chart.getAttribute('aria-label') ?? '',
      description: described?.textContent ?? '',
      rows: described?.querySelectorAll('tbody tr, li').length ?? 0,
    };
  }, selector);
}

/** The number of points of a chart's curve: the M and L commands of its path. */
async function curvePoints(page: Page, selector: string): Promise<number> {
  const d = (await page.getAttribute(selector, 'd')) ?? '';
  return d.match(/[ML]/g)?.length ?? 0;
}

describe('the charts as text', { skip: browserSkipReason() }, () => {
  let server: PlaygroundServer;
  let browser: Browser;
  const recorder: Recorder = { requests: [], errors: [] };
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const { context, page } = await recordedContext(browser, { viewport: DESKTOP }, recorder);
    contexts.push(context);
    return page;
  }

  before(async () => {
    const web = await buildWeb(mkdtempSync(join(tmpdir(), 'scratchnet-web-')));
    server = await startPlaygroundServer({ root: web, port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  test("Draw: the bars' name says the predicted digit and its probability; a hidden list gives all ten", async () => {
    const page = await newPage();
    await openApp(page, server, '?lang=en#draw');
    await page.waitForFunction(() => document.getElementById('draw-model')!.dataset.source === 'shipped');
    const box = (await page.locator('#draw-canvas').boundingBox())!;
    const at = (x: number, y: number): [number, number] => [
      box.x + (x * box.width) / 280,
      box.y + (y * box.height) / 280,
    ];
    await page.mouse.move(...at(140, 40));
    await page.mouse.down();
    await page.mouse.move(...at(140, 240), { steps: 12 });
    await page.mouse.up();
    await page.waitForFunction(() => document.getElementById('draw-prediction')!.dataset.digit !== '');
    const digit = (await page.getAttribute('#draw-prediction', 'data-digit'))!;
    const text = await chartText(page, '#draw-probabilities svg');
    assert.match(text.label, new RegExp(`^predicted ${digit} with probability [01]\\.\\d\\d; then digit \\d: `));
    assert.equal(text.rows, 10, text.description);
    const items = await page.locator('#draw-probabilities-data li').allTextContents();
    assert.match(items[Number(digit)]!, new RegExp(`^digit ${digit}: [01]\\.\\d{4}$`));
    const sum = items.reduce((s, item) => s + Number(item.split(': ')[1]), 0);
    assert.ok(Math.abs(sum - 1) < 0.01, `the ten probabilities add up to ${sum}`);
    // Hidden from the eyes, not from screen readers: the list's items are in Chromium's accessibility tree.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; name?: { value?: unknown } }[];
    };
    const spoken = nodes.filter((n) => !n.ignored).map((n) => String(n.name?.value ?? ''));
    assert.ok(spoken.includes(items[Number(digit)]!), `"${items[Number(digit)]}" in the accessibility tree`);
    assert.ok(spoken.includes(text.label), 'the chart named in the accessibility tree');

    await page.selectOption('#lang-select', 'ko');
    const korean = await chartText(page, '#draw-probabilities svg');
    assert.match(korean.label, new RegExp(`^${digit}\\(으\\)로 예측, 확률 [01]\\.\\d\\d`));
    assert.match(korean.description, /숫자 0: /);
  });

  test("Train: after a run each chart's table has one row per point, its name the accuracy shown", async () => {
    const page = await newPage();
    await openApp(page, server, SMALL_RUN);
    await page.waitForSelector('#train-status[data-state="finished"]', { timeout: RUN_TIMEOUT_MS });
    const loss = await chartText(page, '#train-loss-chart svg');
    const lossPoints = await curvePoints(page, '#train-loss-chart g.series path');
    assert.ok(lossPoints > 1, `the loss curve has ${lossPoints} points`);
    assert.equal(loss.rows, lossPoints, 'one row of the loss table per point of the curve');
    const lastLoss = (await page.textContent('#train-loss'))!;
    assert.match(
      loss.label,
      new RegExp(`last ${lastLoss.replace('.', '\\.')}; lowest mean loss \\d\\.\\d{4} at iteration \\d+`),
    );

    const acc = await chartText(page, '#train-acc-chart svg');
    const accPoints = await curvePoints(page, '#train-acc-chart g.series[data-label="test acc"] path');
    assert.ok(accPoints >= 3, `the test accuracy curve has ${accPoints} points`);
    assert.equal(acc.rows, accPoints, 'one row of the accuracy table per point of the test curve');
    const testAcc = (await page.textContent('#train-test-acc'))!;
    assert.ok(acc.label.startsWith(`accuracy at epoch 1: test ${testAcc}; train `), acc.label);
    assert.ok(acc.description.includes(testAcc), acc.description);

    await page.selectOption('#lang-select', 'ko');
    const korean = await chartText(page, '#train-acc-chart svg');
    assert.match(korean.label, /^에폭 1의 정확도/);
    assert.match((await page.textContent('#train-loss-chart-data th'))!, /[\uac00-\ud7a3]/);
  });

  test('Learn: the figures name their numbers: activations at x, the slope, the descent path, the graph', async () => {
    const page = await newPage();
    await openApp(page, server, '?lang=en#learn');
    assert.match((await chartText(page, '#act-chart svg')).label, /at x = [-\d.]+: step\(/);
    const slope = (await page.getAttribute('#tan-result', 'data-slope'))!;
    assert.ok((await chartText(page, '#tan-chart svg')).label.includes(slope.slice(0, 6)));
    const descent = (await chartText(page, '#gd-chart svg')).label;
    const start = `(${await page.inputValue('#gd-x0')}, ${await page.inputValue('#gd-x1')})`;
    assert.ok(descent.includes(`Path from ${start}, ${await page.inputValue('#gd-steps')} steps.`), descent);
    assert.ok(descent.endsWith((await page.textContent('#gd-status'))!), descent);
    const graph = (await chartText(page, '#shop-graph svg')).label;
    // The book's numbers: 100 × 2 apples, tax 1.1, price 220.00000000000003; the gradients 2.2, 110.00000000000001, 200.
    assert.match(graph, /apple → ×: 100 forward, gradient 2\.2 back/);
    assert.match(graph, /× → price: 220\.00000000000003 forward, gradient 1 back/);
    assert.match(graph, /tax → ×: 1\.1 forward, gradient 200 back/);
    await page.selectOption('#lang-select', 'ko');
    assert.match((await chartText(page, '#shop-graph svg')).label, /순전파 100, 역전파 미분 2\.2/);
    assert.match((await chartText(page, '#gd-chart svg')).label, /에서 시작해 \d+단계/);
  });

  test('2-D data: each hidden unit says where its output is highest and lowest', async () => {
    const page = await newPage();
    await openApp(page, server, '?lang=en#plane');
    await page.waitForSelector('#panel-plane', { state: 'visible' });
    const label = (await page.getAttribute('#plane-units canvas[data-unit="3"]', 'aria-label')) ?? '';
    assert.match(
      label,
      /^output of unit 3 of hidden layer 1: highest -?\d\.\d\d at \(-?\d\.\d\d, -?\d\.\d\d\), lowest -?\d\.\d\d at \(/,
    );
    await page.selectOption('#lang-select', 'ko');
    const korean = (await page.getAttribute('#plane-units canvas[data-unit="3"]', 'aria-label')) ?? '';
    assert.match(korean, /^은닉층 1의 뉴런 3의 출력: 최댓값 -?\d\.\d\d\(\(/);
    assert.deepEqual(recorder.errors, []);
  });
});
