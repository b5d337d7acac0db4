// Seeded fuzz of the .npz reader (ZIP archives of .npy members, stored or deflated): byte mutations,
// absurd sizes and offsets in the central directory and local headers, and archives re-zipped around
// mutated members (so the CRC passes and the .npy reader inside is reached) give a BAD_FILE error or
// consistent arrays; never a zlib exception, another error, or an inflated bomb (members whose declared
// sizes are huge or lie included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeNpz, decodeZip, encodeNpz, encodeZip, type NDArray } from '../../src/index.js';
import { crc32Zeros, deflatedZeros, npyHeader, zipOf } from '../helpers/bombs.js';
import { FIXTURES, sampleArray } from '../io/io-helpers.js';
import {
  assertCoverage,
  checkArray,
  formatReport,
  fuzzOptions,
  MUTATIONS,
  recordReport,
  runFuzz,
  sameTensors,
  type FuzzRandom,
  type FuzzTarget,
  type SizeField,
} from './engine.js';

const inflate = (b: Uint8Array, n: number): Uint8Array =>
  new Uint8Array(inflateRawSync(b, { maxOutputLength: Math.max(n, 1) }));
const deflate = (b: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(b));

const seeds = [
  new Uint8Array(readFileSync(join(FIXTURES, 'stored.npz'))),
  new Uint8Array(readFileSync(join(FIXTURES, 'deflated.npz'))),
  encodeNpz({ W1: sampleArray('float32', [3, 2]), b1: sampleArray('float64', [2]) }),
  encodeNpz({ W1: sampleArray('float32', [3, 2]), m: sampleArray('bool', [4]) }, { compress: true }, deflate),
];

const u16 = (b: Uint8Array, at: number): number => (at + 2 <= b.length ? b[at]! | (b[at + 1]! << 8) : 0);
const u32 = (b: Uint8Array, at: number): number =>
  at + 4 <= b.length ? new DataView(b.buffer, b.byteOffset).getUint32(at, true) : 0;

/** The end record and the central directory entries of an archive, as far as its own fields say. */
function layout(bytes: Uint8Array): { eocd: number; entries: number[]; locals: number[] } {
  let eocd = -1;
  for (let at = bytes.length - 22; at >= 0; at--)
    if (u32(bytes, at) === 0x06054b50) {
      eocd = at;
      break;
    }
  if (eocd < 0) return { eocd: -1, entries: [], locals: [] };
  const entries: number[] = [];
  const locals: number[] = [];
  for (
    let at = u32(bytes, eocd + 16), k = 0;
    k < u16(bytes, eocd + 10) && at + 46 <= bytes.length && u32(bytes, at) === 0x02014b50;
    k++
  ) {
    entries.push(at);
    locals.push(u32(bytes, at + 42));
    at += 46 + u16(bytes, at + 28) + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return { eocd, entries, locals };
}

/** Deflate streams of 1 KiB to 16 MiB of zeros, and one cut short: made once, they cost milliseconds each. */
const BOMBS = [10, 16, 20, 24].map((bits) => deflate(new Uint8Array(1 << bits)));
BOMBS.push(BOMBS[1]!.subarray(0, 10));

/** .npy members of 64 KiB to 4 MiB of zeros, deflated once: the stream, its true size and CRC. */
const ZERO_MEMBERS = [1 << 16, 1 << 20, 1 << 22].map((n) => {
  const header = npyHeader([n / 4]);
  return { deflated: deflatedZeros(header, n), size: header.length + n, crc: crc32Zeros(header, n) };
});

const npyTarget = {
  boundaries: () => [0, 6, 8, 10, 20],
  sizeFields: () => [{ offset: 8, width: 2, littleEndian: true } as SizeField],
  magicLength: 6,
};

const structured = [
  // One member's .npy mutated, then the archive re-zipped (stored or deflated) so its CRC is right.
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    let entries: ReturnType<typeof decodeZip>;
    try {
      entries = decodeZip(seed, 'seed', inflate);
    } catch {
      return seed;
    }
    if (entries.length === 0) return seed;
    const k = rng.int(entries.length);
    const mutation =
      MUTATIONS[rng.pick(['bit-flip', 'boundary-bytes', 'truncate-boundary', 'absurd-size', 'insert-delete'])]!;
    entries[k] = {
      name: entries[k]!.name,
      data: mutation(rng, entries[k]!.data, npyTarget as never, [entries[k]!.data]),
    };
    try {
      return encodeZip(entries, rng.chance(0.5) ? { compress: true, deflateRaw: deflate } : {});
    } catch {
      return seed; // names an earlier mutation made unencodable (empty, duplicate)
    }
  },
  // A deflated member whose stream is garbage, truncated, or far longer than its claimed size (a bomb).
  (rng: FuzzRandom): Uint8Array => {
    const packed = rng.chance(0.3) ? rng.bytes(1 + rng.int(64)) : rng.pick(BOMBS);
    return encodeZip([{ name: 'a.npy', data: new Uint8Array(8) }], { compress: true, deflateRaw: () => packed });
  },
  // Members of zeros whose declared sizes are huge (past the archive's inflate limit or deflate's
  // ratio) or lie (a byte more or less, zero), one to three of them, the CRC right or not.
  (rng: FuzzRandom): Uint8Array => {
    const members = Array.from({ length: 1 + rng.int(3) }, (_, k) => {
      const { deflated, size, crc } = rng.pick(ZERO_MEMBERS);
      const declared = rng.pick([
        size,
        size - 1,
        size + 1,
        0,
        deflated.length * 100,
        deflated.length * 1032 + 1024,
        deflated.length * 1032 + 1025,
        2 ** 31,
        0xfffffffe,
      ]);
      return { name: `m${k}.npy`, deflated, size: declared, crc: rng.chance(0.8) ? crc : rng.next() };
    });
    return zipOf(members);
  },
];

const target: FuzzTarget<Record<string, NDArray>> = {
  name: '.npz (decodeNpz)',
  seeds,
  magicLength: 4,
  boundaries: (bytes) => {
    const { eocd, entries, locals } = layout(bytes);
    const cuts = [0, 4, bytes.length];
    if (eocd >= 0) cuts.push(eocd, eocd + 10, eocd + 12, eocd + 16, eocd + 20, eocd + 22);
    for (const at of entries) cuts.push(at, at + 20, at + 28, at + 46);
    for (const at of locals) cuts.push(at, at + 26, at + 30);
    return cuts;
  },
  sizeFields: (bytes) => {
    const { eocd, entries, locals } = layout(bytes);
    const le = (offset: number, width: 2 | 4): SizeField => ({ offset, width, littleEndian: true });
    const fields: SizeField[] = [];
    if (eocd >= 0) fields.push(le(eocd + 8, 2), le(eocd + 10, 2), le(eocd + 12, 4), le(eocd + 16, 4), le(eocd + 20, 2));
    for (const at of entries)
      fields.push(le(at + 20, 4), le(at + 24, 4), le(at + 28, 2), le(at + 30, 2), le(at + 32, 2), le(at + 42, 4));
    for (const at of locals) fields.push(le(at + 18, 4), le(at + 22, 4), le(at + 26, 2), le(at + 28, 2));
    return fields;
  },
  structured,
  parse: (bytes) => decodeNpz(bytes, 'fuzz.npz', inflate),
  check: (arrays, bytes) => {
    // Deflate expands at most ~1032:1, and int8 members widen 4x.
    for (const [name, a] of Object.entries(arrays)) checkArray(a, 4 * 1032 * bytes.length, `member ${name}`);
    assert.equal(Object.getPrototypeOf(arrays), Object.prototype);
  },
  same: sameTensors,
};

test('.npz reader: seeded fuzz (byte mutations, lying directory fields, re-zipped mutated members, bombs) gives only BAD_FILE or consistent arrays', {
  timeout: 120_000,
}, (t) => {
  for (const seed of seeds) target.check(target.parse(seed), seed);
  const options = fuzzOptions(0x7a1b);
  const report = runFuzz(target, options);
  t.diagnostic(formatReport(target.name, report));
  recordReport(target.name, report);
  assertCoverage(report, options, structured.length);
  assert.ok((report.errors.BAD_FILE ?? 0) > 0 && report.parsed > 0, 'both outcomes occur');
});
