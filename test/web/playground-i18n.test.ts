// The playground in Korean and English, in headless Chromium: the language from ?lang= and from the
// browser's, switched in the page without losing anything; the blank drawing; readable charts and
// selects on a phone; screenshots of every page in both languages at both sizes (test-results/web/).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import { en } from '../../web/src/i18n/en.js';
import { ko } from '../../web/src/i18n/ko.js';
import { browserSkipReason, launchChromium, recordedContext, type Recorder } from './browser.js';
import { visibleTexts } from './page-language.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(root, 'test-results/web');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };
const PAGES = ['draw', 'train', 'learn'] as const;

async function openApp(page: Page, server: PlaygroundServer, query = ''): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}${query}`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForFunction(() => document.getElementById('draw-model')!.dataset.source === 'shipped');
}

async function openTab(page: Page, name: (typeof PAGES)[number]): Promise<void> {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`#panel-${name}`, { state: 'visible' });
}

/**
 * English words of the catalog that are not also the page's names for things (ReLU, MNIST, SGD, ...)
 * or code (numericalDiff): each is a word of at least 4 letters of an English message.
 */
function englishWords(): Set<string> {
  const keep = new Set([
    'safetensors',
    'onnx',
    'webassembly',
    'typescript',
    'relu',
    'tanh',
    'mnist',
    'sgd',
    'adam',
    'momentum',
    'nesterov',
    'adagrad',
    'rmsprop',
    'scratchnet',
  ]);
  const words = new Set<string>();
  for (const message of Object.values(en)) {
    for (const word of message.replace(/<[^>]+>|\{\w+\}/g, ' ').match(/[A-Za-z]{4,}/g) ?? []) {
      const lower = word.toLowerCase();
      if (!keep.has(lower) && !/[A-Z].*[A-Z]|[a-z][A-Z]/.test(word)) words.add(lower);
    }
  }
  return words;
}

/** Asserts no text shown in `page` contains an English word of the catalog. */
async function assertNoEnglish(page: Page, where: string): Promise<void> {
  const words = englishWords();
  const found: string[] = [];
  for (const { where: el, text } of await visibleTexts(page)) {
    for (const word of text.match(/[A-Za-z]{4,}/g) ?? []) {
      if (words.has(word.toLowerCase())) found.push(`${el}: "${word}" in "${text.slice(0, 80)}"`);
    }
  }
  assert.deepEqual(found, [], `English words in the Korean ${where} page`);
}

/** Asserts the page does not scroll sideways, then saves a full-page screenshot. */
async function snapshot(page: Page, name: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const size = page.viewportSize()!;
  assert.ok(scrollWidth <= innerWidth, `${name} at ${size.width}x${size.height}: ${scrollWidth} px in ${innerWidth}`);
  await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
}

/** The smallest rendered font size (px) of the text in the visible charts of the open page. */
function smallestChartText(page: Page): Promise<{ size: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { size: Infinity, text: '' };
    for (const el of Array.from(document.querySelectorAll<SVGTextElement>('.panel:not([hidden]) .chart svg text'))) {
      if ((el.textContent ?? '').trim() === '') continue;
      // The height of a text's box is about its font size times the line height (1.15-1.2).
      const shown = el.getBoundingClientRect().height / 1.2;
      const size = parseFloat(getComputedStyle(el).fontSize);
      const svg = el.ownerSVGElement!;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const rendered = Number.isFinite(scale) && scale > 0 ? size * scale : shown;
      if (rendered < smallest.size) smallest = { size: rendered, text: el.textContent ?? '' };
    }
    return smallest;
  });
}

describe('the playground in Korean and English', { skip: browserSkipReason() }, () => {
  let server: PlaygroundServer;
  let browser: Browser;
  const recorder: Recorder = { requests: [], errors: [] };
  const contexts: BrowserContext[] = [];

  async function newPage(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const { context, page } = await recordedContext(browser, options ?? {}, recorder);
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

  test('?lang=ko shows Korean tabs and labels; the menu switches to English and back without a reload', async () => {
    const page = await newPage({ viewport: DESKTOP, locale: 'en-US' });
    await openApp(page, server, '?lang=ko');
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.equal(await page.textContent('#tab-draw'), ko['tab.draw']);
    assert.equal(await page.textContent('#tab-train'), ko['tab.train']);
    assert.equal(await page.textContent('#tab-learn'), ko['tab.learn']);
    assert.equal(await page.textContent('#draw-clear'), ko['draw.clear']);
    assert.equal(await page.textContent('#draw-prediction'), ko['draw.empty']);
    assert.equal(await page.title(), ko['page.title']);
    assert.equal(await page.inputValue('#lang-select'), 'ko');

    // A mark that a reload would lose: the switch re-renders the page in place.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await page.selectOption('#lang-select', 'en');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('#tab-train'), en['tab.train']);
    assert.equal(await page.textContent('#draw-prediction'), en['draw.empty']);
    assert.match(new URL(page.url()).search, /lang=en/);
    assert.ok(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true));

    // By keyboard: focus the menu and pick Korean with the arrow keys.
    await page.focus('#lang-select');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    await openTab(page, 'learn');
    assert.equal(await page.textContent('#panel-learn h2 span'), ko['learn.actHeading']);
    assert.match((await page.textContent('#gd-status'))!, /^수렴/);
    await page.selectOption('#lang-select', 'en');
    assert.match((await page.textContent('#gd-status'))!, /^Converged/);
  });

  test("navigator.language ko-KR opens in Korean; en-US in English; ?lang=en wins over the browser's", async () => {
    const korean = await newPage({ viewport: DESKTOP, locale: 'ko-KR' });
    await openApp(korean, server);
    assert.equal(await korean.getAttribute('html', 'lang'), 'ko');
    assert.equal(await korean.textContent('#tab-draw'), ko['tab.draw']);
    await openApp(korean, server, '?lang=en');
    assert.equal(await korean.textContent('#tab-draw'), en['tab.draw']);
    const english = await newPage({ viewport: DESKTOP, locale: 'en-US' });
    await openApp(english, server);
    assert.equal(await english.getAttribute('html', 'lang'), 'en');
  });

  test('in Korean no page shows an English word of the catalog; screenshots of every page in both languages', async () => {
    for (const viewport of [DESKTOP, MOBILE]) {
      for (const lang of ['ko', 'en'] as const) {
        const page = await newPage({ viewport, locale: 'en-US' });
        await openApp(page, server, `?lang=${lang}`);
        for (const name of PAGES) {
          await openTab(page, name);
          if (lang === 'ko') await assertNoEnglish(page, name);
          await snapshot(page, `${name}-${lang}`);
        }
      }
    }
  });

  test('a click or a press without moving on the drawing canvas is no error', async () => {
    const errors = recorder.errors.length;
    for (const viewport of [DESKTOP, MOBILE]) {
      const page = await newPage({ viewport });
      await openApp(page, server);
      const box = (await page.locator('#draw-canvas').boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.move(box.x + 20, box.y + 20);
      await page.mouse.down();
      await page.waitForTimeout(200);
      await page.mouse.up();
      await page.locator('#draw-canvas').click({ position: { x: 3, y: 3 } });
      await page.click('#draw-clear');
      // A press whose pen dot lands outside the picture: the pad holds a stroke but no ink.
      await page.evaluate(() => {
        const canvas = document.getElementById('draw-canvas')!;
        const at = { clientX: -500, clientY: -500, pointerId: 1, pointerType: 'mouse', button: 0, bubbles: true };
        canvas.dispatchEvent(new PointerEvent('pointerdown', at));
        canvas.dispatchEvent(new PointerEvent('pointerup', at));
      });
      await page.waitForTimeout(200);
      assert.equal(await page.getAttribute('#draw-prediction', 'data-digit'), '', 'no digit in a blank picture');
      assert.equal(await page.textContent('#draw-prediction'), en['draw.empty']);
      assert.equal(await page.locator('#draw-probabilities rect.bar').count(), 10, 'the empty bars');
    }
    assert.deepEqual(recorder.errors.slice(errors), []);
  });

  test("at 390x844 the charts' text is at least 10 px and nothing scrolls sideways", async () => {
    for (const lang of ['en', 'ko'] as const) {
      const page = await newPage({ viewport: MOBILE, isMobile: true, hasTouch: true });
      await openApp(page, server, `?lang=${lang}`);
      for (const name of PAGES) {
        await openTab(page, name);
        const smallest = await smallestChartText(page);
        assert.ok(smallest.size >= 10, `${lang} ${name}: "${smallest.text}" at ${smallest.size.toFixed(1)} px`);
        await snapshot(page, `${name}-${lang}`);
      }
      await page.check('#shop-with-orange');
      const graph = await smallestChartText(page);
      assert.ok(
        graph.size >= 10,
        `${lang} the shopping graph with oranges: "${graph.text}" at ${graph.size.toFixed(1)} px`,
      );
    }
  });

  test("at 390x844 the Learn page's selects show their whole text", async () => {
    for (const lang of ['en', 'ko'] as const) {
      const page = await newPage({ viewport: MOBILE, isMobile: true, hasTouch: true });
      await openApp(page, server, `?lang=${lang}#learn`);
      const cut = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLSelectElement>('#panel-learn select')).flatMap((select) => {
          // A select's own scrollWidth does not grow with its text: measure the chosen option's text.
          const style = getComputedStyle(select);
          const ctx = document.createElement('canvas').getContext('2d')!;
          ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const text = select.selectedOptions[0]?.textContent ?? '';
          const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
          const fits = select.scrollWidth <= select.clientWidth && ctx.measureText(text).width <= room;
          return fits ? [] : [`${select.id}: "${text}" (${ctx.measureText(text).width.toFixed(0)} px in ${room} px)`];
        }),
      );
      assert.deepEqual(cut, [], `${lang}: selects whose text is cut off`);
    }
  });

  test('no page reported an error', () => {
    assert.deepEqual(recorder.errors, []);
  });
});
