// Checksums in the safetensors files scratchnet writes: every tensor's bytes carry a CRC-32 in the
// metadata, a flipped bit anywhere in the data fails the load naming the tensor, files without the
// entry still load, and the checksums cost little time on a model-sized file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  array,
  captureCheckpoint,
  crc32,
  decodeCheckpoint,
  decodeSafetensors,
  encodeCheckpoint,
  encodeSafetensors,
  loadCheckpoint,
  loadSafetensors,
  loadWeightsFile,
  MultiLayerNet,
  saveCheckpoint,
  saveSafetensors,
  Trainer,
} from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';
import { sampleArray } from './io-helpers.js';

function headerOf(bytes: Uint8Array): { dataStart: number; json: Record<string, unknown> } {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { dataStart: 8 + length, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) };
}

const TENSORS = { W1: sampleArray('float32', [3, 4]), b1: sampleArray('float64', [4]), m: sampleArray('bool', [5]) };

test('encodeSafetensors records the CRC-32 of each tensor; decodeSafetensors checks it and hides the entry', () => {
  const bytes = encodeSafetensors(TENSORS, { note: 'x' });
  const { dataStart, json } = headerOf(bytes);
  const meta = json.__metadata__ as Record<string, string>;
  const crcs = JSON.parse(meta['scratchnet.crc32']!) as Record<string, string>;
  for (const name of Object.keys(TENSORS)) {
    const [begin, end] = (json[name] as { data_offsets: [number, number] }).data_offsets;
    assert.equal(
      crcs[name],
      crc32(bytes.subarray(dataStart + begin, dataStart + end))
        .toString(16)
        .padStart(8, '0'),
    );
  }
  assert.deepEqual(decodeSafetensors(bytes).metadata, { note: 'x' });
  throwsWith(
    () => encodeSafetensors(TENSORS, { 'scratchnet.crc32': '{}' }),
    'BAD_ARGUMENT',
    /metadata "scratchnet\.crc32" is reserved/,
  );
});

test('a flipped bit in any tensor byte fails the load, naming the file and the tensor', () => {
  const bytes = encodeSafetensors(TENSORS);
  const { dataStart, json } = headerOf(bytes);
  for (const name of Object.keys(TENSORS)) {
    const [begin, end] = (json[name] as { data_offsets: [number, number] }).data_offsets;
    for (let at = dataStart + begin; at < dataStart + end; at++) {
      const copy = bytes.slice();
      copy[at]! ^= 1 << (at % 8);
      throwsWith(
        () => decodeSafetensors(copy, 'model.safetensors'),
        'BAD_FILE',
        new RegExp(
          `^(?:\\w+: )?model\\.safetensors: tensor "${name}": CRC-32 mismatch \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\)`,
        ),
      );
    }
  }
});

test('files on disk: models, weights files and checkpoints with a flipped bit are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-crc-'));
  const model = join(dir, 'model.safetensors');
  saveSafetensors(model, {
    W: array(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float32' },
    ),
  });
  const flipped = readFileSync(model);
  flipped[flipped.length - 1]! ^= 0x10;
  writeFileSync(model, flipped);
  throwsWith(() => loadSafetensors(model), 'BAD_FILE', /model\.safetensors: tensor "W": CRC-32 mismatch/);
  throwsWith(() => loadWeightsFile(model), 'BAD_FILE', /model\.safetensors: tensor "W": CRC-32 mismatch/);
  const net = new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2, seed: 1 });
  const x = array(Array.from({ length: 8 }, (_, i) => [i, 1, -i, 0.5]));
  const data = {
    train: { x, t: array([0, 1, 0, 1, 0, 1, 0, 1], { dtype: 'int32' }) },
    test: { x, t: array([0, 1, 0, 1, 0, 1, 0, 1], { dtype: 'int32' }) },
  };
  const trainer = new Trainer(net, data, { epochs: 1, batchSize: 4, seed: 1 });
  await trainer.fit();
  const checkpoint = join(dir, 'checkpoint.safetensors');
  saveCheckpoint(checkpoint, captureCheckpoint(trainer));
  assert.ok(loadCheckpoint(checkpoint));
  const bad = readFileSync(checkpoint);
  bad[bad.length - 3]! ^= 0x01;
  writeFileSync(checkpoint, bad);
  throwsWith(() => loadCheckpoint(checkpoint), 'BAD_FILE', /checkpoint\.safetensors: tensor ".*": CRC-32 mismatch/);
  assert.ok(decodeCheckpoint(encodeCheckpoint(captureCheckpoint(trainer))));
  rmSync(dir, { recursive: true });
});

test('a file without checksums (another tool, an older scratchnet) still loads', () => {
  const bytes = encodeSafetensors({ W: array([1.5, 2.5], { dtype: 'float32' }) });
  const { dataStart, json } = headerOf(bytes);
  delete json.__metadata__;
  const text = new TextEncoder().encode(JSON.stringify(json));
  const plain = new Uint8Array(8 + text.length + bytes.length - dataStart);
  new DataView(plain.buffer).setUint32(0, text.length, true);
  plain.set(text, 8);
  plain.set(bytes.subarray(dataStart), 8 + text.length);
  plain[plain.length - 1]! ^= 0x01; // nothing to check it against
  assert.equal(decodeSafetensors(plain).tensors.W?.shape[0], 2);
});

test('a checksum entry that is not JSON, not hex, or names a missing tensor is BAD_FILE', () => {
  const bytes = encodeSafetensors({ W: array([1.5], { dtype: 'float32' }) });
  const { dataStart, json } = headerOf(bytes);
  const withEntry = (entry: string): Uint8Array => {
    const header = { ...json, __metadata__: { 'scratchnet.crc32': entry } };
    const text = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + text.length + 4);
    new DataView(out.buffer).setUint32(0, text.length, true);
    out.set(text, 8);
    out.set(bytes.subarray(dataStart), 8 + text.length);
    return out;
  };
  throwsWith(
    () => decodeSafetensors(withEntry('{'), 'f'),
    'BAD_FILE',
    /^(?:\w+: )?f: the "scratchnet\.crc32" metadata entry is not JSON/,
  );
  throwsWith(() => decodeSafetensors(withEntry('[]'), 'f'), 'BAD_FILE', /not an object of tensor name/);
  throwsWith(() => decodeSafetensors(withEntry('{"W":"xyz"}'), 'f'), 'BAD_FILE', /tensor "W" is not 8 hex digits/);
  throwsWith(
    () => decodeSafetensors(withEntry('{"V":"00000000"}'), 'f'),
    'BAD_FILE',
    /names a tensor "V" the file lacks/,
  );
});

test('crc32 read 8 bytes at a time equals the byte-at-a-time definition on every length and offset', () => {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const reference = (bytes: Uint8Array): number => {
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const data = new Uint8Array(300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + 13) & 0xff;
  for (let start = 0; start < 9; start++) {
    for (let end = start; end <= data.length; end += 7) {
      const part = data.subarray(start, end);
      assert.equal(crc32(part), reference(part), `bytes ${start} to ${end}`);
    }
  }
});
