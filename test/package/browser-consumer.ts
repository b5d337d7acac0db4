// The browser consumer of the packed package: its page script bundled by esbuild and by Vite (each
// resolving `scratchnet` from the consumer's node_modules, through the package's `browser` export),
// served from this machine and run in headless Chromium.
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { build as esbuild } from 'esbuild';
import type { Browser } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { BROWSER_SCRIPT, browserPage } from './consumer-files.js';
import { recordedContext, type Recorder } from '../web/browser.js';

/** What the page reports (see BROWSER_SCRIPT), or the error that stopped it. */
export interface PageResult {
  ready?: string | null;
  kernels?: string;
  first?: number;
  last?: number;
  predicted?: number[];
  hasLoadMnist?: boolean;
  error?: string;
}

/** Writes the consumer's page source (index.html and main.js) into `dir`. */
export function writePageSource(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.js'), BROWSER_SCRIPT);
  writeFileSync(join(dir, 'index.html'), browserPage('./main.js'));
}

/** Bundles the page with esbuild for the browser into `outDir` (app.js and index.html). */
export async function bundleWithEsbuild(sourceDir: string, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await esbuild({
    entryPoints: [join(sourceDir, 'main.js')],
    absWorkingDir: sourceDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outfile: join(outDir, 'app.js'),
    logLevel: 'error',
  });
  writeFileSync(join(outDir, 'index.html'), browserPage('./app.js'));
}

/** Builds the page with Vite, the consumer's folder as its root, into `outDir`. */
export async function bundleWithVite(sourceDir: string, outDir: string): Promise<void> {
  await viteBuild({
    root: sourceDir,
    configFile: false,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves the files of `dir` on 127.0.0.1 (cross-origin isolated, as a page needs for the two-thread kernels). */
export async function serveFolder(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Opens the page served from `dir` and waits for its result; page errors come back with it. */
export async function runPage(browser: Browser, dir: string): Promise<{ result: PageResult; recorder: Recorder }> {
  const served = await serveFolder(dir);
  const recorder: Recorder = { requests: [], errors: [] };
  const { context, page } = await recordedContext(browser, {}, recorder);
  try {
    await page.goto(served.url);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, {
      timeout: 60_000,
    });
    const result = await page.evaluate(() => (window as unknown as { result: PageResult }).result);
    return { result, recorder };
  } finally {
    await context.close();
    await served.close();
  }
}
