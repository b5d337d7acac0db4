// The ONNX and PyTorch exports are part of the browser core: the core's browser bundle exports them
// and they run there (no file system, no node:* module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

test('the browser bundle of the core exports a model to ONNX and PyTorch', async () => {
  const entry = fileURLToPath(new URL('../../src/core.ts', import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const mod = (await import(
    `data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.text).toString('base64')}`
  )) as typeof import('../../src/core.js');
  const net = new mod.Sequential({ inputShape: [1, 6, 6], layers: 'conv2x3,relu,pool2,dense3', seed: 1 });
  const bytes = mod.exportOnnx(net);
  assert.ok(bytes instanceof Uint8Array && bytes.length > 100);
  assert.equal(new TextDecoder().decode(bytes.subarray(4, 14)), 'scratchnet', 'producer_name follows ir_version');
  assert.deepEqual(Object.keys(mod.exportPytorch(net).tensors), ['0.weight', '0.bias', '4.weight', '4.bias']);
  assert.equal('saveOnnx' in mod, false, 'writing files stays out of the browser core');
});
