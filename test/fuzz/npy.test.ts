// Seeded fuzz of the .npy reader: numpy-written fixtures mutated byte-wise and header-wise (the
// header dict rewritten with absurd shapes, odd dtypes and broken syntax, its length kept right so the
// parser is reached) give a BAD_FILE error or a consistent array; never another exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNpy, encodeNpy, type NDArray } from '../../src/index.js';
import { FIXTURES, sampleArray } from '../io/io-helpers.js';
import {
  assertCoverage,
  checkArray,
  formatReport,
  fuzzOptions,
  recordReport,
  runFuzz,
  sameArray,
  type FuzzRandom,
  type FuzzTarget,
} from './engine.js';

const dir = join(FIXTURES, 'npy');
const seeds = [
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.npy'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f)))),
  encodeNpy(sampleArray('float64', [2, 3])),
  encodeNpy(sampleArray('bool', [5])),
  encodeNpy(sampleArray('uint8', [])),
];

/** Where the header ends and the data begins, as far as the seed's own length field says. */
function headerSpan(bytes: Uint8Array): { start: number; end: number } {
  const version = bytes[6] ?? 1;
  const start = version === 1 ? 10 : 12;
  const length =
    bytes.length >= start
      ? version === 1
        ? bytes[8]! | (bytes[9]! << 8)
        : new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)
      : 0;
  return { start, end: Math.min(bytes.length, start + length) };
}

/** A .npy file with `header` as its dict text and `data` after it, the length field right for the version. */
function npyFile(header: string, data: Uint8Array, version: number): Uint8Array {
  const text = new TextEncoder().encode(header);
  const start = version === 1 ? 10 : 12;
  const out = new Uint8Array(start + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, Math.min(text.length, 0xffff), true);
  else view.setUint32(8, text.length, true);
  out.set(text, start);
  out.set(data, start + text.length);
  return out;
}

const SHAPES = [
  '()',
  '(0,)',
  '(3,)',
  '(2, 3)',
  '(1000000000000,)',
  '(-1,)',
  '(9007199254740993,)',
  '(4294967296, 4294967296)',
  '(2**40,)',
  '(1e3,)',
  '(3L, 2L)',
  `(${'1, '.repeat(70)})`,
  '[2, 3]',
  '(2, (3,))',
  '((((((((((((((((((1,))))))))))))))))))',
  "('a',)",
];
const DESCRS = [
  "'<f8'",
  "'>i8'",
  "'|u1'",
  "'|b1'",
  "'<f2'",
  "'<u8'",
  "'|O'",
  "'<U10'",
  "'<c16'",
  "'|V8'",
  "'<f16'",
  "''",
  "'<M8[s]'",
  "[('a', '<f4')]",
  "'<i0'",
  "'<i99999999999'",
  '1',
  'None',
  "'\\x'",
];
const ORDERS = ['False', 'True', '1', 'None', "'F'"];
const SYNTAX = '(){}[]\'",: 0123456789-LTrueFalseNone\\\n';

const structured = [
  // A header dict assembled from odd parts, with the seed's data (or a slice of it) behind it.
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    const { end } = headerSpan(seed);
    const data = seed.subarray(end, end + rng.int(seed.length - end + 1));
    const entries = [
      `'descr': ${rng.pick(DESCRS)}`,
      `'fortran_order': ${rng.pick(ORDERS)}`,
      `'shape': ${rng.pick(SHAPES)}`,
    ];
    if (rng.chance(0.1)) entries.splice(rng.int(3), 1);
    if (rng.chance(0.1)) entries.push("'extra': 1");
    if (rng.chance(0.1)) entries.push(entries[0]!);
    return npyFile(`{${entries.join(', ')}, }${' '.repeat(rng.int(40))}\n`, data, rng.pick([1, 1, 2, 3]));
  },
  // The seed's header text with a few syntax characters inserted, deleted or replaced.
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    const { start, end } = headerSpan(seed);
    const chars = [...new TextDecoder('latin1').decode(seed.subarray(start, end))];
    for (let n = 1 + rng.int(4); n > 0; n--) {
      const at = rng.int(chars.length + 1);
      const c = SYNTAX[rng.int(SYNTAX.length)]!;
      const kind = rng.int(3);
      if (kind === 0) chars.splice(at, 0, c);
      else if (kind === 1) chars.splice(at, 1);
      else chars[at] = c;
    }
    return npyFile(chars.join(''), seed.subarray(end), seed[6] === 1 ? 1 : 2);
  },
];

const target: FuzzTarget<NDArray> = {
  name: '.npy (decodeNpy)',
  seeds,
  magicLength: 6,
  boundaries: (bytes) => {
    const { start, end } = headerSpan(bytes);
    return [0, 6, 7, 8, 9, start, end - 1, end, bytes.length];
  },
  sizeFields: (bytes) => [{ offset: 8, width: bytes[6] === 1 ? 2 : 4, littleEndian: true }],
  structured,
  parse: (bytes) => decodeNpy(bytes, 'fuzz.npy'),
  // int8 widens to int32 (4x), float16 to float32 (2x): never more than 4 bytes per byte read.
  check: (a, bytes) => void checkArray(a, 4 * bytes.length, 'decodeNpy result'),
  same: sameArray,
};

test('.npy reader: seeded fuzz (byte mutations and rewritten header dicts) gives only BAD_FILE or a consistent array', {
  timeout: 120_000,
}, (t) => {
  assert.ok(seeds.length > 50);
  const options = fuzzOptions(0x4e9);
  const report = runFuzz(target, options);
  t.diagnostic(formatReport(target.name, report));
  recordReport(target.name, report);
  assertCoverage(report, options, structured.length);
  assert.ok((report.errors.BAD_FILE ?? 0) > 0 && report.parsed > 0, 'both outcomes occur');
});
