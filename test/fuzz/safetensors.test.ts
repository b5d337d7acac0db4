// Seeded fuzz of the safetensors reader: byte mutations, and JSON headers rewritten with absurd shapes,
// offsets, dtypes and types (their length field kept right so the checks behind it are reached), give a
// BAD_FILE error or consistent tensors; never another exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors, ScratchnetError, type Safetensors } from '../../src/index.js';
import { FIXTURES, sampleArray } from '../io/io-helpers.js';
import {
  assertCoverage,
  checkArray,
  formatReport,
  fuzzOptions,
  recordReport,
  runFuzz,
  sameTensors,
  FuzzRandom,
  type FuzzTarget,
} from './engine.js';

const seeds = [
  new Uint8Array(readFileSync(join(FIXTURES, 'handwritten.safetensors'))),
  encodeSafetensors(
    { W1: sampleArray('float32', [3, 4]), b1: sampleArray('float32', [4]), n: sampleArray('int32', [2]) },
    { format: 'scratchnet' },
  ),
  encodeSafetensors({ x: sampleArray('float64', [2, 2]), m: sampleArray('bool', [3]), e: sampleArray('uint8', [0]) }),
  encodeSafetensors({}),
];

function headerLength(bytes: Uint8Array): number {
  return bytes.length >= 8 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) : 0;
}

/** A file with `header` (any JSON value, or text) and `data`, the 8-byte length right. */
function withHeader(header: unknown, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

const ODD_NUMBERS = [0, -1, 1e12, 2 ** 53 + 2, 2 ** 64, 1.5, -0, 1e308, 4294967295, 'x', null, [1], { a: 1 }];
const DTYPES = [
  'F64',
  'F32',
  'F16',
  'BF16',
  'I64',
  'I32',
  'I16',
  'I8',
  'U64',
  'U32',
  'U16',
  'U8',
  'BOOL',
  'F8_E4M3',
  'C64',
  '',
  7,
  null,
];

function parsedHeader(seed: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } | null {
  const length = headerLength(seed);
  try {
    const header: unknown = JSON.parse(new TextDecoder().decode(seed.subarray(8, 8 + length)));
    const isEntry = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (!isEntry(header) || !Object.values(header as object).every(isEntry)) return null;
    return { header: header as Record<string, unknown>, data: seed.subarray(8 + length) };
  } catch {
    return null;
  }
}

const structured = [
  // One field of one tensor entry replaced by something absurd.
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    const parsed = parsedHeader(seed);
    if (parsed === null) return seed;
    const { header, data } = parsed;
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    if (names.length === 0) header.t = { dtype: 'F32', shape: [1e12], data_offsets: [0, 4e12] };
    else {
      const entry = header[rng.pick(names)] as Record<string, unknown>;
      const field = rng.pick(['dtype', 'shape', 'data_offsets', 'extra']);
      if (field === 'dtype') entry.dtype = rng.pick(DTYPES);
      else if (field === 'shape')
        entry.shape = rng.chance(0.2)
          ? rng.pick(ODD_NUMBERS)
          : Array.from({ length: rng.int(4) }, () => rng.pick(ODD_NUMBERS));
      else if (field === 'data_offsets')
        entry.data_offsets = rng.chance(0.2) ? rng.pick(ODD_NUMBERS) : [rng.pick(ODD_NUMBERS), rng.pick(ODD_NUMBERS)];
      else delete entry[rng.pick(['dtype', 'shape', 'data_offsets'])];
    }
    try {
      return withHeader(header, data.subarray(0, rng.chance(0.8) ? data.length : rng.int(data.length + 1)));
    } catch {
      return seed; // a header nested too deep for JSON.stringify (an earlier mutation made it)
    }
  },
  // Header values of the wrong JSON type, prototype keys, deep nesting, metadata that is not strings.
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    const parsed = parsedHeader(seed);
    const data = parsed?.data ?? new Uint8Array(0);
    const choices: unknown[] = [
      [],
      'text',
      12,
      null,
      { __metadata__: { a: 1 } },
      { __metadata__: 'x' },
      { ['__proto__']: { dtype: 'F32', shape: [0], data_offsets: [0, 0] } },
      '['.repeat(100_000) + ']'.repeat(100_000),
      `{"a":${'{"b":'.repeat(5000)}1${'}'.repeat(5001)}`,
      `{"a":{"dtype":"U8","shape":[${data.length}],"data_offsets":[0,${data.length}]}}`,
      '\uFEFF{}',
      '{}\u0000',
    ];
    return withHeader(rng.pick(choices), data);
  },
  // One to three bits flipped in the tensor data of a file with checksums (see the test below).
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => flipDataBits(rng, seed),
];

/** `seed` with one to three bits of its data section flipped (the seed itself when it has no data). */
function flipDataBits(rng: FuzzRandom, seed: Uint8Array): Uint8Array {
  const start = 8 + headerLength(seed);
  if (start >= seed.length) return seed;
  const out = seed.slice();
  for (let k = 1 + rng.int(3); k > 0; k--) out[start + rng.int(seed.length - start)]! ^= 1 << rng.int(8);
  return out;
}

const target: FuzzTarget<Safetensors> = {
  name: 'safetensors (decodeSafetensors)',
  seeds,
  magicLength: 8,
  boundaries: (bytes) => {
    const end = 8 + headerLength(bytes);
    return [0, 4, 8, 9, end - 1, end, bytes.length];
  },
  sizeFields: () => [
    { offset: 0, width: 8, littleEndian: true },
    { offset: 0, width: 4, littleEndian: true },
  ],
  structured,
  parse: (bytes) => decodeSafetensors(bytes, 'fuzz.safetensors'),
  check: (result, bytes) => {
    let total = 0;
    for (const [name, a] of Object.entries(result.tensors))
      total += checkArray(a, 4 * bytes.length, `tensor ${name}`).data.byteLength;
    assert.ok(total <= 4 * bytes.length, `${total} bytes of tensors from ${bytes.length} bytes`);
    for (const v of Object.values(result.metadata)) assert.equal(typeof v, 'string');
    assert.equal(Object.getPrototypeOf(result.tensors), Object.prototype, 'no prototype was replaced');
  },
  same: (a, b) => sameTensors(a.tensors, b.tensors) && JSON.stringify(a.metadata) === JSON.stringify(b.metadata),
};

test('safetensors reader: seeded fuzz (byte mutations and rewritten JSON headers) gives only BAD_FILE or consistent tensors', {
  timeout: 120_000,
}, (t) => {
  for (const seed of seeds) target.check(target.parse(seed), seed);
  const options = fuzzOptions(0x5afe);
  const report = runFuzz(target, options);
  t.diagnostic(formatReport(target.name, report));
  recordReport(target.name, report);
  assertCoverage(report, options, structured.length);
  assert.ok((report.errors.BAD_FILE ?? 0) > 0 && report.parsed > 0, 'both outcomes occur');
});

test('safetensors checksums: every seeded flip of data bits in a file scratchnet wrote is refused naming the tensor', () => {
  const written = seeds.slice(1, 3); // the seeds encodeSafetensors wrote, with data
  const rng = new FuzzRandom(0xc5c);
  let refused = 0;
  for (let run = 0; run < 3000; run++) {
    const seed = rng.pick(written);
    const flipped = flipDataBits(rng, seed);
    // Two flips of the same bit cancel out: only a file that differs must be refused.
    if (flipped.every((b, i) => b === seed[i])) continue;
    assert.throws(
      () => decodeSafetensors(flipped, 'flipped.safetensors'),
      (error: unknown) =>
        error instanceof ScratchnetError &&
        error.code === 'BAD_FILE' &&
        /^(?:\w+: )?flipped\.safetensors: tensor "[^"]+": CRC-32 mismatch/.test(error.message),
    );
    refused++;
  }
  assert.ok(refused > 2900, `${refused} cases`);
});
