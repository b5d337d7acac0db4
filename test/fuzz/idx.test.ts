// Seeded fuzz of the IDX reader (MNIST's format): mutated files give a BAD_FILE error or an array
// whose shape and storage agree; never another exception, a hang or a huge allocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray, readIdx, writeIdx, type IdxType } from '../../src/index.js';
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
  type SizeField,
} from './engine.js';

function sample(type: IdxType, shape: number[]): Uint8Array {
  const a = NDArray.empty(
    shape,
    type === 'float32' ? 'float32' : type === 'float64' ? 'float64' : type === 'uint8' ? 'uint8' : 'int32',
  );
  for (let i = 0; i < a.size; i++) a.data[i] = type === 'uint8' ? (i * 37) % 256 : ((i * 37) % 200) - 100;
  return writeIdx(a, { type });
}

const seeds = [
  sample('uint8', [3, 4, 4]),
  sample('uint8', [5]),
  sample('int8', [2, 3]),
  sample('int16', [4, 2]),
  sample('int32', [3, 3]),
  sample('float32', [2, 2, 2]),
  sample('float64', [3]),
  sample('uint8', []),
  sample('int32', [0, 5]),
];

const ndimOf = (bytes: Uint8Array): number => Math.min(bytes[3] ?? 0, Math.floor((bytes.length - 4) / 4));

const target: FuzzTarget<NDArray> = {
  name: 'IDX (readIdx)',
  seeds,
  magicLength: 4,
  boundaries: (bytes) => {
    const dims = Array.from({ length: ndimOf(bytes) + 1 }, (_, d) => 4 + 4 * d);
    return [0, 1, 2, 3, 4, ...dims, bytes.length];
  },
  sizeFields: (bytes) => {
    const fields: SizeField[] = [{ offset: 3, width: 1, littleEndian: false }];
    for (let d = 0; d < ndimOf(bytes); d++) fields.push({ offset: 4 + 4 * d, width: 4, littleEndian: false });
    return fields;
  },
  structured: [
    // A consistent-looking header for a shape whose product overflows or claims 10^12 elements.
    (rng: FuzzRandom) => {
      const ndim = 1 + rng.int(4);
      const out = new Uint8Array(4 + 4 * ndim + rng.int(64));
      out[2] = rng.pick([0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, rng.int(256)]);
      out[3] = ndim;
      const view = new DataView(out.buffer);
      for (let d = 0; d < ndim; d++)
        view.setUint32(4 + 4 * d, rng.pick([0xffffffff, 1_000_000, 1_000_000_000, 0, 1, rng.int(8)]), false);
      return out;
    },
  ],
  parse: (bytes) => readIdx(bytes, 'fuzz.idx'),
  check: (a, bytes) => {
    checkArray(a, 4 * bytes.length + 64, 'readIdx result');
    assert.equal(a.ndim, bytes[3]);
  },
  same: sameArray,
};

test('IDX reader: seeded fuzz (bit flips, truncations at every header boundary, absurd sizes, wrong magic, garbage) gives only BAD_FILE or a consistent array', {
  timeout: 120_000,
}, (t) => {
  for (const seed of seeds) target.check(target.parse(seed), seed);
  const options = fuzzOptions(0x1d1d);
  const report = runFuzz(target, options);
  t.diagnostic(formatReport(target.name, report));
  recordReport(target.name, report);
  assertCoverage(report, options, 1);
  assert.ok((report.errors.BAD_FILE ?? 0) > 0 && report.parsed > 0, 'both outcomes occur');
});
