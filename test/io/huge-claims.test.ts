// Every reader checks sizes against the real byte length before allocating: a header claiming 10^12
// elements (or pixels) fails at once with BAD_FILE, naming the claimed size and the bytes there are,
// and nothing near the claim is allocated. One row per reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import {
  crc32,
  decodeNpy,
  decodeNpz,
  decodePng,
  decodeSafetensors,
  decodeWeightsFile,
  encodeZip,
  readIdx,
  readPickle,
  ScratchnetError,
} from '../../src/index.js';

const TRILLION = 1_000_000_000_000;

function idx(): Uint8Array {
  // float64, 2 dims of 10^6: 10^12 elements, 8 * 10^12 bytes; 3 bytes of data.
  const out = new Uint8Array(12 + 3);
  out.set([0, 0, 0x0e, 2]);
  new DataView(out.buffer).setUint32(4, 1_000_000, false);
  new DataView(out.buffer).setUint32(8, 1_000_000, false);
  return out;
}

function npy(): Uint8Array {
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }\n";
  const out = new Uint8Array(10 + header.length + 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  return out;
}

function safetensors(): Uint8Array {
  const json = Buffer.from(JSON.stringify({ W: { dtype: 'F32', shape: [TRILLION], data_offsets: [0, 4 * TRILLION] } }));
  const out = new Uint8Array(8 + json.length + 4);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  return out;
}

function npz(): Uint8Array {
  // A deflated member claiming 10^12 bytes... cannot be said in 32 bits without zip64, so the
  // largest claim is 0xfffffffe bytes from a few bytes of deflate: more than deflate can produce.
  const archive = encodeZip([{ name: 'W.npy', data: npy() }], {
    compress: true,
    deflateRaw: () => new Uint8Array([3, 0]),
  });
  const view = new DataView(archive.buffer);
  const central = archive.length - 22 - (46 + 5);
  view.setUint32(central + 24, 0xfffffffe, true);
  return archive;
}

function pickle(): Uint8Array {
  return new Uint8Array(readFileSync(new URL('../fixtures/pickle/huge_dim_p2.pkl', import.meta.url)));
}

function png(): Uint8Array {
  const ihdr = new Uint8Array(25);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, 13, false);
  ihdr.set([0x49, 0x48, 0x44, 0x52], 4);
  view.setUint32(8, 1_000_000, false);
  view.setUint32(12, 1_000_000, false);
  ihdr.set([8, 0, 0, 0, 0], 16);
  view.setUint32(21, crc32(ihdr.subarray(4, 21)), false);
  const idat = [0, 0, 0, 2, 0x49, 0x44, 0x41, 0x54, 3, 0, 0, 0, 0, 0];
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...ihdr, ...idat]);
}

const inflate = (b: Uint8Array, n: number): Uint8Array => new Uint8Array(inflateRawSync(b, { maxOutputLength: n }));

const CASES: [string, () => Uint8Array, (bytes: Uint8Array) => unknown, RegExp[]][] = [
  [
    'IDX',
    idx,
    (b) => readIdx(b, 'huge.idx'),
    [/huge\.idx/, /\(1000000, 1000000\) of float64 needs 8000000000000 bytes, but 3 follow/],
  ],
  [
    '.npy',
    npy,
    (b) => decodeNpy(b, 'huge.npy'),
    [/huge\.npy/, /shape \(1000000000000,\) of '<f4' needs 4000000000000 bytes, but 4 follow/],
  ],
  [
    'safetensors',
    safetensors,
    (b) => decodeSafetensors(b, 'huge.safetensors'),
    [/tensor "W"/, /data_offsets \[0, 4000000000000\] run past the end of the data section \(4 bytes/],
  ],
  [
    '.npz',
    npz,
    (b) => decodeNpz(b, 'huge.npz', inflate),
    [/huge\.npz/, /claims 4294967294 bytes from 2 deflated bytes, more than deflate can produce/],
  ],
  [
    'pickle',
    pickle,
    (b) => readPickle(b, 'huge.pkl'),
    [/huge\.pkl/, /shape \(1099511627776, 1048576\) of <f8 needs \d+ bytes, but the data holds 8/],
  ],
  [
    'PNG',
    png,
    (b) => decodePng(b, 'huge.png'),
    [/huge\.png/, /claims 1000000 x 1000000 = 1000000000000 pixels, more than the 16777216/],
  ],
  [
    'weights file (.npy inside)',
    npy,
    (b) => decodeWeightsFile(b, 'huge.weights'),
    [/needs 4000000000000 bytes, but 4 follow/],
  ],
];

for (const [reader, make, read, patterns] of CASES) {
  test(`${reader}: a header claiming 10^12 elements fails at once with BAD_FILE naming the claim and the bytes there are`, () => {
    const bytes = make();
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    let error: unknown;
    try {
      read(bytes);
    } catch (e) {
      error = e;
    }
    const ms = performance.now() - started;
    assert.ok(error instanceof ScratchnetError, `expected a ScratchnetError, got ${String(error)}`);
    assert.equal(error.code, 'BAD_FILE', error.message);
    for (const p of patterns) assert.match(error.message, p);
    // Nothing near the claim was allocated (each is gigabytes or terabytes), and nothing looped over it.
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 2 ** 20, 'no large allocation');
    assert.ok(ms < 500, `${ms.toFixed(0)} ms`);
  });
}
