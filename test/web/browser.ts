// Headless Debian Chromium driven by playwright-core, which never downloads a browser of its own.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium, the browser the tests drive. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium's flags for the tests: no sandbox (CI runs as root), no GPU (test machines have none), and no
 * traffic of Chromium's own (the tests check that every request stays on 127.0.0.1).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Why the browser tests are skipped, or false to run them. They run by default and fail when
 * Chromium is missing (CI installs it); only SCRATCHNET_SKIP_BROWSER=1 on a machine without it
 * skips them, saying so.
 */
export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.SCRATCHNET_SKIP_BROWSER === '1') return `no Chromium at ${CHROMIUM} and SCRATCHNET_SKIP_BROWSER=1`;
  return false;
}

/** Starts headless Chromium with CHROMIUM_ARGS; throws when it is not installed at CHROMIUM. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does) or set SCRATCHNET_SKIP_BROWSER=1 to skip the browser tests`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Everything a context asked for and everything that went wrong in its pages. */
export interface Recorder {
  /** Every request URL, the page's and its workers' alike. */
  readonly requests: string[];
  /** Uncaught exceptions and console errors. */
  readonly errors: string[];
}

/** A new context whose every request (workers included: they are reported on the context) and page error is recorded. */
export async function recordedContext(
  browser: Browser,
  options: BrowserContextOptions,
  recorder: Recorder,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  context.on('request', (request) => recorder.requests.push(request.url()));
  const page = await context.newPage();
  page.on('pageerror', (error) => recorder.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') recorder.errors.push(`console: ${message.text()}`);
  });
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (message.type() === 'error') recorder.errors.push(`worker console: ${message.text()}`);
    }),
  );
  return { context, page };
}

/**
 * Whether a URL stays on this machine's server: http on 127.0.0.1, or a blob:/data: URL (made in the
 * page, no network) whose origin is 127.0.0.1.
 */
export function isLocal(url: string): boolean {
  if (url.startsWith('data:')) return true;
  const parsed = new URL(url);
  if (parsed.protocol === 'blob:')
    return parsed.origin === 'null' ? false : new URL(parsed.origin).hostname === '127.0.0.1';
  return (parsed.protocol === 'http:' || parsed.protocol === 'ws:') && parsed.hostname === '127.0.0.1';
}
