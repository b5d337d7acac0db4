// Seeded fuzz of the PNG input path `scratchnet predict` uses (decodePng, then preprocessDigit): byte
// mutations, absurd chunk lengths and image sizes, and mutations with every CRC recomputed (so pngjs's
// own checks pass and its inflate, unfilter and bitmap code is reached) give BAD_FILE (or BAD_ARGUMENT
// for a blank picture), or a 28x28 input in [0, 1]; never a pngjs or zlib exception or a huge allocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { deflatedZeros } from '../helpers/bombs.js';
import { crc32, decodePng, preprocessDigit, type NDArray } from '../../src/index.js';
import {
  assertCoverage,
  checkArray,
  formatReport,
  fuzzOptions,
  MUTATIONS,
  recordReport,
  runFuzz,
  sameArray,
  type FuzzRandom,
  type FuzzTarget,
  type SizeField,
} from './engine.js';

const dir = new URL('../fixtures/png/', import.meta.url);
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.png'))
  .sort()
  .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));

const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at, false);

/** Chunk offsets, as far as the chunk lengths say. */
function chunks(bytes: Uint8Array): { at: number; type: string; length: number }[] {
  const out = [];
  for (let at = 8; at + 8 <= bytes.length && out.length < 1000; ) {
    const length = u32(bytes, at);
    out.push({ at, type: String.fromCharCode(...bytes.subarray(at + 4, at + 8)), length });
    at += 12 + length;
  }
  return out;
}

/** The file with every CRC that fits recomputed, so only the content is wrong. */
function fixCrcs(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  for (const { at, length } of chunks(out)) {
    if (at + 12 + length > out.length) break;
    new DataView(out.buffer).setUint32(at + 8 + length, crc32(out.subarray(at + 4, at + 8 + length)), false);
  }
  return out;
}

/** A PNG of the given IHDR fields and IDAT payload, CRCs right. */
function png(
  width: number,
  height: number,
  depth: number,
  color: number,
  interlace: number,
  idat: Uint8Array,
): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Uint8Array => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length, false);
    out.set(
      [...type].map((c) => c.charCodeAt(0)),
      4,
    );
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)), false);
    return out;
  };
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width, false);
  view.setUint32(4, height, false);
  ihdr.set([depth, color, 0, 0, interlace], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** zlib streams of 1 MiB, 16 MiB and just over 64 MiB of zeros: kilobytes each, made once. */
// The last is one byte more than a 4096 x 4096 RGBA picture needs: decoding one whole takes over the 2 s a case may.
const ZERO_STREAMS = [1 << 20, 1 << 24, (1 << 26) + 4097].map((n) => deflatedZeros(new Uint8Array(0), n, 'zlib'));

const structured = [
  // Any generic mutation, then every CRC recomputed.
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    const name = rng.pick(['bit-flip', 'boundary-bytes', 'insert-delete', 'repeat-region', 'absurd-size']);
    return fixCrcs(MUTATIONS[name]!(rng, seed, target as never, seeds));
  },
  // Consistent-looking headers: odd sizes, depths, colour types and interlacing over real, garbage or bomb-sized data.
  (rng: FuzzRandom): Uint8Array => {
    const side = (): number => rng.pick([1, 2, 7, 28, 100, 0, 65536, 1_000_000, 0x7fffffff, 0x80000000, 0xffffffff]);
    const width = side();
    const height = side();
    const rowBytes = Math.min(4096, 1 + width * 8);
    const raw = new Uint8Array(Math.min(1 << 20, rowBytes * Math.min(height, 64)));
    for (let i = 0; i < raw.length; i += rowBytes) raw[i] = rng.int(7); // filter types 0-4, and two that are none
    const idat = rng.chance(0.2) ? rng.bytes(1 + rng.int(100)) : new Uint8Array(deflateSync(raw));
    return png(width, height, rng.pick([1, 2, 4, 8, 16, 3]), rng.pick([0, 2, 3, 4, 6, 5]), rng.pick([0, 1, 2]), idat);
  },
  // Huge IHDR sizes at and past the pixel and byte budgets (16 megapixels, 64 MiB of image data), over
  // image data that really inflates to megabytes.
  (rng: FuzzRandom): Uint8Array => {
    const side = (): number => rng.pick([1, 28, 2048, 4096, 4097, 8192, 16384, 46341, 65535, 1 << 20]);
    const depth = rng.pick([8, 16]);
    return png(side(), side(), depth, rng.pick([0, 2, 4, 6]), rng.pick([0, 1]), rng.pick(ZERO_STREAMS));
  },
];

const target: FuzzTarget<NDArray> = {
  name: 'PNG input (decodePng + preprocessDigit)',
  seeds,
  magicLength: 8,
  boundaries: (bytes) => [
    0,
    8,
    ...chunks(bytes).flatMap(({ at, length }) => [at, at + 4, at + 8, at + 8 + length, at + 12 + length]),
  ],
  sizeFields: (bytes) => {
    const fields: SizeField[] = [];
    for (const { at, type } of chunks(bytes)) {
      fields.push({ offset: at, width: 4, littleEndian: false });
      if (type === 'IHDR')
        fields.push(
          { offset: at + 8, width: 4, littleEndian: false },
          { offset: at + 12, width: 4, littleEndian: false },
        );
    }
    return fields;
  },
  structured,
  parse: (bytes) => preprocessDigit(decodePng(bytes, 'fuzz.png'), 'fuzz.png'),
  check: (x) => {
    checkArray(x, 784 * 8, 'the network input');
    assert.deepEqual(x.shape, [1, 784]);
    assert.ok(
      x.data.every((v) => v >= 0 && v <= 1),
      'values in [0, 1]',
    );
  },
  codes: ['BAD_FILE', 'BAD_ARGUMENT'],
  same: sameArray,
};

test('PNG input: seeded fuzz (byte mutations, absurd sizes, CRC-correct mutations, lying headers) gives only BAD_FILE/BAD_ARGUMENT or a valid 28x28 input', {
  timeout: 120_000,
}, (t) => {
  for (const seed of seeds) target.check(target.parse(seed), seed);
  const options = fuzzOptions(0x9e6);
  const report = runFuzz(target, options);
  t.diagnostic(formatReport(target.name, report));
  recordReport(target.name, report);
  assertCoverage(report, options, structured.length);
  assert.ok((report.errors.BAD_FILE ?? 0) > 0 && report.parsed > 0, 'both outcomes occur');
});

test('the PNG fixtures decode to the pixels their generator drew (interlaced and palette ones included)', () => {
  // make_fixtures.py draws interlaced_rgba8.png as (20x, 20y, 0, ring alpha): check the colour channels.
  const image = decodePng(
    seeds[
      readdirSync(dir)
        .filter((f) => f.endsWith('.png'))
        .sort()
        .indexOf('interlaced_rgba8.png')
    ]!,
    'interlaced',
  );
  assert.equal(image.width, 10);
  assert.equal(image.height, 9);
  for (let y = 0; y < 9; y++) {
    for (let x = 0; x < 10; x++) {
      const p = 4 * (y * 10 + x);
      assert.deepEqual(
        [image.data[p], image.data[p + 1], image.data[p + 2]],
        [20 * x, 20 * y, 0],
        `pixel (${x}, ${y})`,
      );
    }
  }
});
