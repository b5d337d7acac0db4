// Recognising a weights file by its first bytes, where two formats' signatures overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectWeightsFormat, encodeSafetensors, loadWeightsFile, zeros } from '../../src/index.js';

const pickles = fileURLToPath(new URL('../fixtures/pickle/', import.meta.url));

/** A safetensors file whose header is exactly 0x280 bytes long, so it opens with 0x80 0x02 like a protocol-2 pickle. */
function safetensorsOpeningLikePickle(): Uint8Array {
  for (let pad = 0; pad < 1000; pad++) {
    const bytes = encodeSafetensors({ W1: zeros([3, 2], { dtype: 'float32' }) }, { pad: 'x'.repeat(pad) });
    if (bytes[0] === 0x80 && bytes[1] === 0x02) return bytes;
  }
  throw new Error('no padding gave a 0x280-byte header');
}

test('a safetensors file whose header length starts with 0x80 0x02 is safetensors, not a pickle', () => {
  const bytes = safetensorsOpeningLikePickle();
  assert.equal(detectWeightsFormat(bytes), 'safetensors');
  const path = join(mkdtempSync(join(tmpdir(), 'scratchnet-format-')), 'model.safetensors');
  writeFileSync(path, bytes);
  const file = loadWeightsFile(path);
  assert.equal(file.format, 'safetensors');
  assert.deepEqual(file.tensors.W1!.shape, [3, 2]);
});

test('every pickle fixture of protocol 2 and later is still recognised as a pickle', () => {
  const names = readdirSync(pickles).filter((n) => /_p[2-5]\.pkl$/.test(n));
  assert.ok(names.length >= 5, 'fixtures found');
  for (const name of names)
    assert.equal(detectWeightsFormat(new Uint8Array(readFileSync(join(pickles, name)))), 'pickle', name);
});
