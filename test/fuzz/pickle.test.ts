// Seeded fuzz of the pickle reader, opcode-aware: truncation at every opcode boundary, absurd values
// in every length operand (BINBYTES, BINUNICODE8, FRAME, LONG4, ...) and in the ints that make up
// shapes, random opcodes, and malicious imports spliced in anywhere give BAD_FILE, UNSAFE_PICKLE or
// BAD_DTYPE, or a consistent value; never another exception, a hang or a huge allocation. (The
// fast-check corruption test in test/io/pickle-safety.test.ts runs the same rule over other edits.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { NDArray, readPickle, type PickleValue } from '../../src/index.js';
import {
  assertCoverage,
  checkArray,
  formatReport,
  fuzzOptions,
  recordReport,
  runFuzz,
  type FuzzRandom,
  type FuzzTarget,
  type SizeField,
} from './engine.js';

const dir = new URL('../fixtures/pickle/', import.meta.url);
// The honest fixtures (the malicious and deliberately broken ones have their own tests).
const seeds = readdirSync(dir)
  .filter((f) =>
    /^(small|scalars|mixed|arrays|numpy1_arrays|py2|list_top|array_top|complex|structured|set|object)_p\d\.pkl$/.test(
      f,
    ),
  )
  .sort()
  .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));

/** Operand layout of the binary opcodes: [length-field width (0: fixed size), fixed bytes, signed]. */
const OPERANDS: Readonly<Record<number, [0 | 1 | 4 | 8, number]>> = {
  0x80: [0, 1],
  0x95: [0, 8],
  0x4a: [0, 4],
  0x4b: [0, 1],
  0x4d: [0, 2],
  0x47: [0, 8],
  0x71: [0, 1],
  0x72: [0, 4],
  0x68: [0, 1],
  0x6a: [0, 4],
  0x82: [0, 1],
  0x83: [0, 2],
  0x84: [0, 4],
  0x8a: [1, 0],
  0x8b: [4, 0],
  0x8c: [1, 0],
  0x58: [4, 0],
  0x8d: [8, 0],
  0x55: [1, 0],
  0x54: [4, 0],
  0x43: [1, 0],
  0x42: [4, 0],
  0x8e: [8, 0],
  0x96: [8, 0],
};
/** Opcodes followed by one or two newline-terminated lines. */
const LINES: Readonly<Record<number, number>> = {
  0x49: 1,
  0x4c: 1,
  0x46: 1,
  0x53: 1,
  0x56: 1,
  0x70: 1,
  0x67: 1,
  0x50: 1,
  0x63: 2,
  0x69: 2,
};

interface Walk {
  starts: number[];
  fields: SizeField[];
}

/** The opcode starts of a pickle and its size-like operands, as far as the bytes parse. */
function walk(bytes: Uint8Array): Walk {
  const starts: number[] = [];
  const fields: SizeField[] = [];
  let at = 0;
  while (at < bytes.length && starts.length < 20_000) {
    starts.push(at);
    const op = bytes[at]!;
    at++;
    if (op === 0x2e) break;
    const operand = OPERANDS[op];
    if (operand !== undefined) {
      const [lengthWidth, fixed] = operand;
      if (lengthWidth === 0) {
        // BININT, BININT1, BININT2 hold shape dimensions: worth an absurd value too.
        if (op === 0x4a || op === 0x4b || op === 0x4d || op === 0x95)
          fields.push({ offset: at, width: fixed as 1 | 2 | 4 | 8, littleEndian: true });
        at += fixed;
      } else {
        fields.push({ offset: at, width: lengthWidth, littleEndian: true });
        let n = 0;
        for (let i = lengthWidth - 1; i >= 0; i--) n = n * 256 + (bytes[at + i] ?? 0);
        at += lengthWidth + n;
      }
    } else if (LINES[op] !== undefined) {
      for (let l = 0; l < LINES[op]; l++) {
        const nl = bytes.indexOf(0x0a, at);
        at = nl < 0 ? bytes.length : nl + 1;
      }
    }
  }
  return { starts, fields };
}

function splice(bytes: Uint8Array, at: number, insert: Uint8Array, remove = 0): Uint8Array {
  const out = new Uint8Array(bytes.length + insert.length - remove);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const MARKER = '/tmp/scratchnet-fuzz-pickle-ran';
/** Imports and calls of the classic attacks, in each of the opcode forms a pickle can use. */
const ATTACKS = [
  `cos\nsystem\n(X\x16\x00\x00\x00touch ${MARKER}tR`,
  `cposix\nsystem\nX\x05\x00\x00\x00touch\x85R`,
  '\x8c\x08builtins\x8c\x04eval\x93\x8c\x041+1\x85R',
  `(X\x05\x00\x00\x00touch${'i'}subprocess\nPopen\n`,
  'c__builtin__\ngetattr\n',
  '\x8c\x05numpy\x8c\x07ndarray\x93)\x81',
  '\x8c\x05numpy\x8c\x04load\x93',
  'cnumpy.core.multiarray\n_reconstruct\ncos\nsystem\n)K\x00\x87R',
].map(latin1);

const OPCODES = [
  ...Object.keys(OPERANDS).map(Number),
  ...Object.keys(LINES).map(Number),
  0x28,
  0x2e,
  0x30,
  0x31,
  0x32,
  0x4e,
  0x52,
  0x5d,
  0x61,
  0x62,
  0x64,
  0x65,
  0x6c,
  0x73,
  0x74,
  0x75,
  0x7d,
  0x29,
  0x81,
  0x85,
  0x86,
  0x87,
  0x88,
  0x89,
  0x8f,
  0x90,
  0x91,
  0x92,
  0x93,
  0x94,
  0x97,
  0x98,
];

const structured = [
  // A malicious import (and call) spliced in at an opcode boundary.
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    const { starts } = walk(seed);
    return splice(seed, starts.length > 0 ? rng.pick(starts) : 0, rng.pick(ATTACKS));
  },
  // One opcode replaced by another (its operands now read as something else).
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    const { starts } = walk(seed);
    if (starts.length === 0) return seed;
    const out = seed.slice();
    out[rng.pick(starts)] = rng.pick(OPCODES);
    return out;
  },
  // A length operand set to just past the end of the file, where an off-by-one would read.
  (rng: FuzzRandom, seed: Uint8Array): Uint8Array => {
    const { fields } = walk(seed);
    const lengths = fields.filter((f) => f.width !== 2);
    if (lengths.length === 0) return seed;
    const field = rng.pick(lengths);
    const out = seed.slice();
    const value = seed.length - field.offset - field.width + rng.pick([-1, 0, 1, 2]);
    for (let i = 0; i < field.width; i++) out[field.offset + i] = Math.floor(Math.max(0, value) / 256 ** i) & 0xff;
    return out;
  },
];

/** Every value reachable from the result is well formed, and all arrays and bytes together stay within the reader's budget. */
function checkValue(root: PickleValue, inputLength: number): void {
  const budget = 8 * inputLength + (1 << 21);
  let total = 0;
  const seen = new Set<unknown>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof NDArray) total += checkArray(v, budget, 'array in the pickle').data.byteLength;
    else if (v instanceof Uint8Array) total += v.byteLength;
    else if (Array.isArray(v)) todo.push(...v);
    else if (v instanceof Map) for (const [k, x] of v) todo.push(k, x);
    else assert.fail(`unexpected object ${Object.prototype.toString.call(v)} in the result`);
  }
  assert.ok(total <= budget, `${total} bytes of arrays from a ${inputLength}-byte pickle`);
}

const target: FuzzTarget<PickleValue> = {
  name: 'pickle (readPickle)',
  seeds,
  magicLength: 2,
  boundaries: (bytes) => [...walk(bytes).starts, bytes.length],
  sizeFields: (bytes) => walk(bytes).fields,
  structured,
  parse: (bytes) => readPickle(bytes, 'fuzz.pkl'),
  check: (value, bytes) => checkValue(value, bytes.length),
  codes: ['BAD_FILE', 'UNSAFE_PICKLE', 'BAD_DTYPE'],
};

test('pickle reader: seeded opcode-aware fuzz (boundaries, length operands, shapes, random opcodes, spliced attacks) gives only typed errors or consistent values', {
  timeout: 120_000,
}, (t) => {
  assert.ok(seeds.length >= 30, `${seeds.length} seeds`);
  rmSync(MARKER, { force: true });
  const options = fuzzOptions(0x9c1e);
  const report = runFuzz(target, options);
  t.diagnostic(formatReport(target.name, report));
  recordReport(target.name, report);
  assertCoverage(report, options, structured.length);
  assert.equal(existsSync(MARKER), false, 'a spliced payload ran');
  assert.ok(
    (report.errors.UNSAFE_PICKLE ?? 0) > 0 && (report.errors.BAD_FILE ?? 0) > 0 && report.parsed > 0,
    'all outcomes occur',
  );
});
