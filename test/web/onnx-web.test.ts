// An exported model run by onnxruntime-web (its WebAssembly backend) in headless Chromium: the page
// gets the model, the runtime and its .wasm from a local server only, and its outputs match
// scratchnet's predictions within 1e-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportOnnx, Sequential } from '../../src/index.js';
import { expected, maxDifference, randomInput, randomize } from '../export/ort.js';
import { browserSkipReason, isLocal, launchChromium, type Recorder, recordedContext } from './browser.js';

const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
const TYPES: Record<string, string> = { '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import * as ort from '/ort/ort.wasm.min.mjs';
ort.env.wasm.wasmPaths = '/ort/';
ort.env.wasm.numThreads = 1;
const [model, input] = await Promise.all(['/model.onnx', '/input.json'].map((u) => fetch(u)));
const session = await ort.InferenceSession.create(new Uint8Array(await model.arrayBuffer()), { executionProviders: ['wasm'] });
const { data, dims } = await input.json();
const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(data), dims) });
window.result = { data: Array.from(result.output.data), dims: result.output.dims };
</script>`;

function serve(files: Record<string, { body: Uint8Array | string; type: string }>): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let file = files[url.pathname];
    if (file === undefined && url.pathname.startsWith('/ort/')) {
      const name = normalize(url.pathname.slice(5));
      if (!name.startsWith('..') && !name.includes('/')) {
        try {
          file = { body: readFileSync(join(ORT_DIST, name)), type: TYPES[extname(name)] ?? 'application/octet-stream' };
        } catch {
          file = undefined;
        }
      }
    }
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('an exported convnet runs in onnxruntime-web (wasm) in Chromium with scratchnet predictions', {
  skip: browserSkipReason(),
}, async () => {
  const net = new Sequential({
    inputShape: [1, 12, 12],
    layers: 'conv4x3p1,bn,relu,pool2,dropout0.3,dense8,tanh,dense5',
    seed: 2,
    dtype: 'float32',
  });
  randomize(net, 2);
  const x = randomInput([1, 12, 12], 3, 11);
  const server = await serve({
    '/': { body: PAGE, type: TYPES['.html']! },
    '/favicon.ico': { body: '', type: 'image/x-icon' },
    '/model.onnx': { body: exportOnnx(net), type: 'application/octet-stream' },
    '/input.json': { body: JSON.stringify({ data: Array.from(x.data), dims: x.shape }), type: 'application/json' },
  });
  const browser = await launchChromium();
  const recorder: Recorder = { requests: [], errors: [] };
  try {
    const { page } = await recordedContext(browser, {}, recorder);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, {
      timeout: 60_000,
    });
    const got = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as {
      data: number[];
      dims: number[];
    };
    assert.deepEqual(got.dims, [3, 5]);
    const diff = maxDifference(got.data, expected(net, x).data as ArrayLike<number>);
    assert.ok(diff < 1e-5, `onnxruntime-web differs from predict by ${diff}`);
    assert.deepEqual(recorder.errors, []);
    assert.ok(
      recorder.requests.some((u) => u.endsWith('.wasm')),
      'the runtime loaded its WebAssembly',
    );
    assert.deepEqual(
      recorder.requests.filter((u) => !isLocal(u)),
      [],
      'nothing is fetched from outside',
    );
  } finally {
    await browser.close();
    server.close();
  }
});
