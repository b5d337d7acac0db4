// The network editor's layer rows: the rows' edits as data in Node, and in headless Chromium the rows
// kept in step with the layer-spec text, the summary and the URL, the row at fault, the keyboard, the
// Korean labels, the 2-D tab's rows, and screenshots at both viewport sizes in test-results/web/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import type { LayerSpec } from '../../src/core.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import { layerOfKind, paramsOf, parseRows, withParam } from '../../web/src/editor/rows-model.js';
import { browserSkipReason, isLocal, launchChromium, recordedContext, type Recorder } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(root, 'test-results/web');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };

const param = (kind: LayerSpec['type'], name: string) => paramsOf(kind).find((p) => p.name === name)!;

describe('the rows as data', () => {
  test('a parameter is set only to what the compact spec can write; an optional one emptied is left out', () => {
    const conv: LayerSpec = { type: 'conv', filters: 8, size: 5 };
    assert.deepEqual(withParam(conv, param('conv', 'size'), '3'), { type: 'conv', filters: 8, size: 3 });
    assert.deepEqual(withParam(conv, param('conv', 'pad'), '1'), { type: 'conv', filters: 8, size: 5, pad: 1 });
    assert.deepEqual(withParam({ ...conv, pad: 1 }, param('conv', 'pad'), ' '), conv);
    for (const bad of ['', '2.5', '-1', 'abc', '1e3x'])
      assert.equal(withParam(conv, param('conv', 'size'), bad), null, JSON.stringify(bad));
    const dropout: LayerSpec = { type: 'dropout' };
    assert.deepEqual(withParam(dropout, param('dropout', 'ratio'), '0.25'), { type: 'dropout', ratio: 0.25 });
    assert.equal(withParam(dropout, param('dropout', 'ratio'), '-0.5'), null);
  });

  test('a new kind keeps the sizes both kinds have; the text parses, or says where it does not', () => {
    assert.deepEqual(layerOfKind('avgpool', { type: 'maxpool', size: 3, stride: 1 }), {
      type: 'avgpool',
      size: 3,
      stride: 1,
    });
    assert.deepEqual(layerOfKind('dense', { type: 'relu' }), { type: 'dense', units: 10 });
    assert.deepEqual(layerOfKind('conv', { type: 'conv', filters: 4, size: 5, pad: 2 }), {
      type: 'conv',
      filters: 4,
      size: 5,
    });
    assert.deepEqual(parseRows('', true), { ok: true, layers: [] });
    const bad = parseRows('dense8,tanhh', false);
    assert.ok(!bad.ok && bad.position === 2 && /unknown layer "tanhh"/.test(bad.message), JSON.stringify(bad));
    assert.equal(parseRows('', false).ok, false);
  });
});

/** Asserts the page does not scroll sideways, then saves a full-page screenshot as layer-rows-<w>x<h>-<name>.png. */
async function snapshot(page: Page, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const size = page.viewportSize()!;
  assert.ok(scrollWidth <= innerWidth, `${name} at ${size.width}x${size.height}: ${scrollWidth} px wide`);
  await page.screenshot({ path: join(SHOTS, `layer-rows-${size.width}x${size.height}-${name}.png`), fullPage: true });
}

async function openTab(page: Page, server: PlaygroundServer, query: string, tab: 'train' | 'plane'): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}${query}#${tab}`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector(`#panel-${tab}`, { state: 'visible' });
}

/** The kind of each row, as its menu says. */
function rowKinds(page: Page, list = '#train-layer-rows'): Promise<string[]> {
  return page.$$eval(`${list} > li select`, (selects) => selects.map((s) => (s as HTMLSelectElement).value));
}

const row = (n: number, list = '#train-layer-rows'): string => `${list} > li:nth-child(${n})`;

/** The text field, the summary's row count and the URL's layers agree on `spec`. */
async function assertInStep(page: Page, spec: string, layers: number): Promise<void> {
  assert.equal(await page.inputValue('#train-layers'), spec);
  assert.equal(await page.locator('#train-summary tbody tr').count(), layers);
  assert.equal(new URL(await page.evaluate(() => location.href)).searchParams.get('layers'), spec);
  assert.equal(await page.locator('#train-layer-rows > li').count(), layers);
}

describe('the layer rows in Chromium', { skip: browserSkipReason() }, () => {
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
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  test('a preset shows its rows; add, edit, move up and remove each rewrite the text, the summary and the URL', async () => {
    const page = desktop;
    await openTab(page, server, '?lang=en', 'train');
    await page.selectOption('#train-preset', 'SimpleConvNet');
    assert.deepEqual(await rowKinds(page), ['conv', 'relu', 'maxpool', 'dense', 'relu', 'dense']);
    assert.equal(await page.inputValue(`${row(1)} input[data-param="filters"]`), '30');
    assert.equal(await page.inputValue(`${row(1)} input[data-param="size"]`), '5');
    assert.equal(await page.getAttribute(`${row(1)} input[data-param="stride"]`, 'placeholder'), '1');

    await page.click('#train-layer-add');
    await assertInStep(page, 'conv30x5,relu,pool2,dense100,relu,dense10,dense10', 7);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('li')?.dataset.position), '7');

    await page.fill(`${row(1)} input[data-param="size"]`, '3');
    await assertInStep(page, 'conv30x3,relu,pool2,dense100,relu,dense10,dense10', 7);
    // Enter commits the field; it does not submit the form (which would start training).
    await page.press(`${row(1)} input[data-param="size"]`, 'Enter');
    await page.waitForTimeout(300);
    assert.equal(await page.isDisabled('#train-start'), false, 'Start still offered: no run began');
    await assertInStep(page, 'conv30x3,relu,pool2,dense100,relu,dense10,dense10', 7);
    assert.equal(await page.textContent('#train-summary tbody tr:nth-child(1) td:nth-child(3)'), '(30, 26, 26)');

    await page.click(`${row(5)} button[data-action="up"]`);
    await assertInStep(page, 'conv30x3,relu,pool2,relu,dense100,dense10,dense10', 7);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move layer 4 up');

    await page.click(`${row(7)} button[data-action="remove"]`);
    await assertInStep(page, 'conv30x3,relu,pool2,relu,dense100,dense10', 6);
    assert.equal(await page.isDisabled('#train-start'), false);
    assert.equal(await page.textContent('#train-layer-rows-status'), 'Layer 7 removed.');

    // A new kind in a row's menu.
    await page.selectOption(`${row(4)} select`, 'tanh');
    await assertInStep(page, 'conv30x3,relu,pool2,tanh,dense100,dense10', 6);
  });

  test('typing a spec rebuilds the rows; a text that does not parse leaves them, its error on the row it names', async () => {
    const page = desktop;
    await openTab(page, server, '?lang=en', 'train');
    await page.fill('#train-layers', 'conv8x5,relu,pool2,dense10');
    assert.deepEqual(await rowKinds(page), ['conv', 'relu', 'maxpool', 'dense']);
    await page.fill('#train-layers', 'conv8x5,relu,softmax,dense10');
    assert.deepEqual(await rowKinds(page), ['conv', 'relu', 'maxpool', 'dense']);
    assert.equal(await page.getAttribute(`${row(3)} select`, 'aria-invalid'), 'true');
    assert.match((await page.textContent(`${row(3)} .layer-row-error`))!, /unknown layer "softmax"/);
    assert.equal(await page.getAttribute(`${row(1)} select`, 'aria-invalid'), null);
    await page.fill('#train-layers', 'dense50,relu,dense10');
    assert.deepEqual(await rowKinds(page), ['dense', 'relu', 'dense']);
    assert.equal(await page.locator('#train-layer-rows .layer-row-invalid').count(), 0);
  });

  test('a conv size of 40 marks its row and disables Start; a field the spec cannot write keeps it disabled', async () => {
    const page = desktop;
    await openTab(page, server, '?lang=en&layers=conv8x5,relu,pool2,dense10', 'train');
    assert.equal(await page.isDisabled('#train-start'), false);
    await page.fill(`${row(1)} input[data-param="size"]`, '40');
    assert.equal(await page.inputValue('#train-layers'), 'conv8x40,relu,pool2,dense10');
    assert.equal(await page.isDisabled('#train-start'), true);
    assert.equal(await page.getAttribute(`${row(1)} select`, 'aria-invalid'), 'true');
    assert.match((await page.textContent(`${row(1)} .layer-row-error`))!, /\S/);
    assert.equal(await page.getAttribute('#train-summary tr.spec-error-row', 'data-position'), '1');
    assert.match(
      (await page.getAttribute(`${row(1)} input[data-param="size"]`, 'aria-describedby'))!,
      /train-layer-1-error/,
    );
    await snapshot(page, 'en-error');
    await page.fill(`${row(1)} input[data-param="size"]`, '5');
    assert.equal(await page.isDisabled('#train-start'), false);
    assert.equal(await page.textContent(`${row(1)} .layer-row-error`), '');

    await page.fill(`${row(4)} input[data-param="units"]`, '');
    assert.equal(await page.inputValue('#train-layers'), 'conv8x5,relu,pool2,dense10');
    assert.equal(await page.isDisabled('#train-start'), true);
    assert.equal(await page.getAttribute(`${row(4)} input[data-param="units"]`, 'aria-invalid'), 'true');
    assert.equal(await page.textContent(`${row(4)} .layer-row-error`), 'Units: enter a whole number.');
    await page.fill(`${row(4)} input[data-param="units"]`, '10');
    assert.equal(await page.isDisabled('#train-start'), false);
  });

  test('the keyboard alone adds and removes a row (Tab, Enter, Space)', async () => {
    const page = desktop;
    await openTab(page, server, '?lang=en&layers=dense50,relu,dense10', 'train');
    await page.focus('#train-layers');
    // Tab through the rows to "Add layer", counting the stops.
    let stops = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'train-layer-add' && stops < 40) {
      await page.keyboard.press('Tab');
      stops++;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'train-layer-add');
    await page.keyboard.press('Enter');
    await assertInStep(page, 'dense50,relu,dense10,dense10', 4);
    // The focus is on the new row's menu; Tab on to its remove button and press Space.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Kind of layer 4');
    while ((await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) !== 'Remove layer 4') {
      await page.keyboard.press('Tab');
      assert.ok(++stops < 60, 'the remove button is reachable by Tab');
    }
    await page.keyboard.press('Space');
    await assertInStep(page, 'dense50,relu,dense10', 3);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.equal(outline, 'solid', 'the focused control shows its focus');
  });

  test('Korean: ?lang=ko names the rows and their controls in Korean; both languages fit a phone', async () => {
    const page = desktop;
    await openTab(page, server, '?lang=ko&layers=conv8x5,relu,pool2,dense10', 'train');
    assert.equal(await page.textContent(`${row(1)} select option:checked`), '합성곱 계층');
    assert.equal(await page.getAttribute(`${row(1)} select`, 'aria-label'), '1번째 계층의 종류');
    assert.equal(await page.getAttribute(`${row(2)} button[data-action="remove"]`, 'aria-label'), '2번째 계층 삭제');
    assert.equal(await page.textContent('#train-layer-add'), '계층 추가');
    assert.equal(await page.getAttribute('#train-layer-rows', 'aria-label'), '계층 목록(한 줄에 계층 하나)');
    assert.equal(await page.textContent(`${row(3)} select option:checked`), '최대 풀링 계층');
    await snapshot(page, 'ko');
    await page.selectOption('#lang-select', 'en');
    assert.equal(await page.textContent(`${row(1)} select option:checked`), 'Convolution');
    await openTab(page, server, '?lang=en&layers=conv8x5,relu,pool2,dense10', 'train');
    await snapshot(page, 'en');

    const { context, page: phone } = await recordedContext(
      browser,
      { viewport: MOBILE, hasTouch: true, isMobile: true },
      recorder,
    );
    contexts.push(context);
    for (const lang of ['en', 'ko']) {
      await openTab(phone, server, `?lang=${lang}&layers=conv8x5,relu,pool2,dense100,relu,dropout0.5,dense10`, 'train');
      await snapshot(phone, lang);
    }
  });

  test('the 2-D tab: dense layers and activations as rows, an edit resets its network', async () => {
    const page = desktop;
    await openTab(page, server, '?lang=en', 'plane');
    const list = '#plane-layer-rows';
    assert.deepEqual(await rowKinds(page, list), ['dense', 'tanh', 'dense', 'tanh']);
    const offered = await page.$$eval(`${row(1, list)} select option`, (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    assert.deepEqual(offered, ['dense', 'relu', 'sigmoid', 'tanh', 'leaky-relu']);
    // A layer the network cannot build is marked at its row, as the form's error says.
    await page.fill(`${row(1, list)} input[data-param="units"]`, '0');
    assert.equal(await page.inputValue('#plane-layers'), 'dense0,tanh,dense8,tanh');
    assert.equal(await page.getAttribute(`${row(1, list)} select`, 'aria-invalid'), 'true');
    assert.match((await page.textContent(`${row(1, list)} .layer-row-error`))!, /units must be a positive integer/);
    assert.match((await page.textContent('#plane-errors'))!, /units/);
    await page.fill(`${row(1, list)} input[data-param="units"]`, '3');
    assert.equal(await page.getAttribute(`${row(1, list)} select`, 'aria-invalid'), null);
    assert.equal(await page.inputValue('#plane-layers'), 'dense3,tanh,dense8,tanh');
    await page.waitForFunction(
      () => document.querySelectorAll('#plane-units .plane-layer:first-child canvas').length === 3,
    );
    await page.click(`${row(4, list)} button[data-action="remove"]`);
    await page.click(`${row(3, list)} button[data-action="remove"]`);
    assert.equal(await page.inputValue('#plane-layers'), 'dense3,tanh');
    await page.fill('#plane-layers', 'dense8,tanhh');
    assert.equal(await page.getAttribute(`${row(2, list)} select`, 'aria-invalid'), 'true');
    await page.fill('#plane-layers', '');
    assert.equal(await page.locator(`${list} > li`).count(), 0);
    await page.click('#plane-layer-add');
    assert.equal(await page.inputValue('#plane-layers'), 'dense8');
  });

  test('no request leaves 127.0.0.1, and no page reported an error', () => {
    assert.deepEqual(
      recorder.requests.filter((u) => !isLocal(u)),
      [],
    );
    assert.deepEqual(recorder.errors, []);
  });
});
