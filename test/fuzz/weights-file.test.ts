// Seeded fuzz of decodeWeightsFile, the entry `scratchnet eval` and `predict` use: files of every format
// mutated, spliced into one another and given each other's magic numbers reach the format detection
// and every reader behind it, and give only typed errors or consistent tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWeightsFile, type WeightsFile } from '../../src/index.js';
import { FIXTURES } from '../io/io-helpers.js';
import {
  assertCoverage,
  checkArray,
  formatReport,
  fuzzOptions,
  recordReport,
  runFuzz,
  sameTensors,
  type FuzzTarget,
} from './engine.js';

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const pickles = new URL('../fixtures/pickle/', import.meta.url);
const seeds = [
  read(join(FIXTURES, 'handwritten.safetensors')),
  read(join(FIXTURES, 'stored.npz')),
  read(join(FIXTURES, 'deflated.npz')),
  ...['f4le_c.npy', 'i8be_f.npy', 'b1_c.npy'].map((f) => read(join(FIXTURES, 'npy', f))),
  ...readdirSync(pickles)
    .filter((f) => /^small_p[2-5]\.pkl$/.test(f))
    .map((f) => read(join(pickles.pathname, f))),
];

const target: FuzzTarget<WeightsFile> = {
  name: 'weights files (decodeWeightsFile)',
  seeds,
  magicLength: 9,
  boundaries: (bytes) => [0, 1, 2, 4, 6, 8, 9, 10, 12, bytes.length],
  sizeFields: () => [
    { offset: 0, width: 8, littleEndian: true },
    { offset: 8, width: 2, littleEndian: true },
    { offset: 3, width: 4, littleEndian: true },
  ],
  parse: (bytes) => decodeWeightsFile(bytes, 'fuzz.weights'),
  check: (file, bytes) => {
    assert.ok(['safetensors', 'npz', 'npy', 'pickle'].includes(file.format));
    for (const [name, a] of Object.entries(file.tensors))
      checkArray(a, 4 * 1032 * bytes.length + (1 << 21), `tensor ${name}`);
  },
  codes: ['BAD_FILE', 'UNSAFE_PICKLE', 'BAD_DTYPE'],
  same: (a, b) => a.format === b.format && sameTensors(a.tensors, b.tensors),
};

test('weights files of any format: seeded fuzz across formats gives only typed errors or consistent tensors', {
  timeout: 120_000,
}, (t) => {
  for (const seed of seeds) target.check(target.parse(seed), seed);
  const options = fuzzOptions(0xfeed);
  const report = runFuzz(target, options);
  t.diagnostic(formatReport(target.name, report));
  recordReport(target.name, report);
  assertCoverage(report, options);
  assert.ok((report.errors.BAD_FILE ?? 0) > 0 && report.parsed > 0, 'both outcomes occur');
});
