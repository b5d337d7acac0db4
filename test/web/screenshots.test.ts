// Screenshots of every page in use (a digit drawn, a network trained, the 2-D data learning) at
// 1280x800 and 390x844, in English and in Korean, saved as test-results/web/{page}-{size}-{lang}.png.
// Each asserts that the page does not scroll sideways and that its visible text, the charts' hidden
// tables included, is in the page's language. (The pages as they open are saved by the other tests.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import { browserSkipReason, isLocal, launchChromium, recordedContext, type Recorder } from './browser.js';
import { assertPageLanguage } from './page-language.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(root, 'test-results/web');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const PAGES = ['draw', 'train', 'learn', 'plane'] as const;
/** A small run, so that the Train page shows its curves: a few seconds even on a busy machine. */
const SMALL_RUN = 'layers=dense10&epochs=1&train-size=2000&plane-speed=20&autostart=1';
const RUN_TIMEOUT_MS = 240_000;

/** Draws a 7 with the mouse (strokes in the canvas's own 280×280 pixels). */
async function drawSeven(page: Page): Promise<void> {
  const box = (await page.locator('#draw-canvas').boundingBox())!;
  const at = (x: number, y: number): [number, number] => [
    box.x + (x * box.width) / 280,
    box.y + (y * box.height) / 280,
  ];
  for (const [from, to] of [
    [at(70, 60), at(210, 60)],
    [at(210, 60), at(120, 240)],
  ] as const) {
    await page.mouse.move(...from);
    await page.mouse.down();
    await page.mouse.move(...to, { steps: 12 });
    await page.mouse.up();
  }
  await page.waitForFunction(() => document.getElementById('draw-prediction')!.dataset.digit !== '');
}

/** Puts the page in use: trains a small network (from the URL), draws a 7, lets the 2-D data learn a moment. */
async function useEveryPage(page: Page, server: PlaygroundServer, lang: 'en' | 'ko'): Promise<void> {
  await page.goto(`${server.url}?lang=${lang}&${SMALL_RUN}#train`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#train-status[data-state="finished"]', { timeout: RUN_TIMEOUT_MS });
  await page.click('#tab-draw');
  await drawSeven(page);
  await page.click('#tab-plane');
  await page.click('#plane-start');
  await page.waitForFunction(() => Number(document.getElementById('plane-metrics')!.dataset.steps) >= 200);
  await page.click('#plane-pause');
}

/** Asserts the open page does not scroll sideways and speaks `lang`, then saves a full-page screenshot. */
async function snapshot(page: Page, name: string, lang: 'en' | 'ko'): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const size = page.viewportSize()!;
  const file = `${name}-${size.width}x${size.height}-${lang}`;
  assert.ok(scrollWidth <= innerWidth, `${file}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
  await assertPageLanguage(page, lang, file);
  await page.screenshot({ path: join(SHOTS, `${file}.png`), fullPage: true });
}

describe('screenshots of every page in use, in both languages at both sizes', { skip: browserSkipReason() }, () => {
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

  for (const lang of ['en', 'ko'] as const) {
    test(`${lang}: draw, train, learn and plane at 1280x800 and 390x844, no sideways scrolling, all in ${lang}`, async () => {
      for (const viewport of SIZES) {
        const { context, page } = await recordedContext(browser, { viewport, locale: 'en-US' }, recorder);
        contexts.push(context);
        await useEveryPage(page, server, lang);
        for (const name of PAGES) {
          await page.click(`#tab-${name}`);
          await page.waitForSelector(`#panel-${name}`, { state: 'visible' });
          await snapshot(page, name, lang);
        }
      }
    });
  }

  test('no request left 127.0.0.1, and no page reported an error', () => {
    assert.deepEqual(
      recorder.requests.filter((url) => !isLocal(url)),
      [],
    );
    assert.deepEqual(recorder.errors, []);
  });
});
