// The IDX reader and writer: byte-exact round trips for every type, and one test per malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, arrayEqual, NDArray } from '../../src/index.js';
import { readIdx, readIdxHeader, writeIdx, type IdxType } from '../../src/data/idx.js';
import { throwsWith } from '../helpers/throws.js';

function header(code: number, dims: number[]): number[] {
  const out = [0, 0, code, dims.length];
  for (const d of dims) out.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return out;
}

test('the first bytes of MNIST train labels [5, 0, 4] decode to a uint8 (3,) array', () => {
  const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4]);
  const a = readIdx(bytes);
  assert.equal(a.dtype, 'uint8');
  assert.deepEqual(a.shape, [3]);
  assert.deepEqual([...a.data], [5, 0, 4]);
});

test('writeIdx writes the header big-endian: uint8 (2, 3) is 00 00 08 02 00000002 00000003 then the bytes', () => {
  const bytes = writeIdx(
    array(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'uint8' },
    ),
  );
  assert.deepEqual([...bytes], [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
});

test('multi-byte elements are big-endian: int16 -2 is ff fe, int32 258 is 00 00 01 02, float32 1 is 3f 80 00 00', () => {
  assert.deepEqual([...writeIdx(array([-2], { dtype: 'int32' }), { type: 'int16' }).subarray(8)], [0xff, 0xfe]);
  assert.deepEqual([...writeIdx(array([258], { dtype: 'int32' })).subarray(8)], [0, 0, 1, 2]);
  assert.deepEqual([...writeIdx(array([1], { dtype: 'float32' })).subarray(8)], [0x3f, 0x80, 0, 0]);
});

const roundTrips: { type: IdxType; dtype: NDArray['dtype']; values: number[] }[] = [
  { type: 'uint8', dtype: 'uint8', values: [0, 1, 127, 128, 255, 42] },
  { type: 'int8', dtype: 'int32', values: [-128, -1, 0, 1, 127, 5] },
  { type: 'int16', dtype: 'int32', values: [-32768, -300, 0, 300, 32767, 7] },
  { type: 'int32', dtype: 'int32', values: [-2147483648, -70000, 0, 70000, 2147483647, 9] },
  { type: 'float32', dtype: 'float32', values: [-1.5, 0, 0.1, 3.4e38, -Infinity, Math.fround(1 / 3)] },
  { type: 'float64', dtype: 'float64', values: [-1.5, 0, 0.1, 1e308, 5e-324, 1 / 3] },
];

for (const { type, dtype, values } of roundTrips) {
  test(`IDX round trip of ${type} (2, 3) reads back as ${dtype} with the same values`, () => {
    const source = array(values, { dtype: type === 'int8' || type === 'int16' ? 'int32' : dtype }).reshape(2, 3);
    const bytes = writeIdx(source, { type });
    const header = readIdxHeader(bytes);
    assert.equal(header.type, type);
    assert.deepEqual(header.shape, [2, 3]);
    assert.equal(header.dataOffset, 12);
    const back = readIdx(bytes);
    assert.equal(back.dtype, dtype);
    assert.deepEqual(back.shape, [2, 3]);
    assert.deepEqual([...back.data], [...source.data]);
  });
}

test('float64 NaN and -0 survive a round trip bit for bit', () => {
  const back = readIdx(writeIdx(array([NaN, -0])));
  assert.ok(Number.isNaN(back.data[0]));
  assert.ok(Object.is(back.data[1], -0));
});

test('round trips keep 0-d, empty and 4-D shapes', () => {
  for (const a of [
    array(7, { dtype: 'int32' }),
    NDArray.empty([0, 28, 28], 'uint8'),
    NDArray.empty([2, 1, 3, 2], 'float32'),
  ]) {
    const back = readIdx(writeIdx(a));
    assert.deepEqual(back.shape, a.shape);
    assert.ok(arrayEqual(back, a));
  }
});

test('bool arrays are written as uint8 0/1', () => {
  const back = readIdx(writeIdx(array([true, false, true])));
  assert.equal(back.dtype, 'uint8');
  assert.deepEqual([...back.data], [1, 0, 1]);
});

test('readIdx reads a view at an odd byte offset (as Node Buffers often are) and copies the data', () => {
  const file = writeIdx(array([1.25, -2.5, 3], { dtype: 'float32' }));
  const padded = new Uint8Array(file.length + 3);
  padded.set(file, 1);
  const view = padded.subarray(1, 1 + file.length);
  const a = readIdx(view);
  assert.deepEqual([...a.data], [1.25, -2.5, 3]);
  const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 9, 9]);
  const v = readIdx(bytes);
  v.data[0] = 1;
  assert.equal(bytes[8], 9, 'the array must not share storage with the input bytes');
});

test('writeIdx rejects values that do not fit the chosen integer type', () => {
  throwsWith(
    () => writeIdx(array([256], { dtype: 'int32' }), { type: 'uint8' }),
    'BAD_ARGUMENT',
    /element 0 \(256\)/,
    /uint8/,
  );
  throwsWith(
    () => writeIdx(array([0, -129], { dtype: 'int32' }), { type: 'int8' }),
    'BAD_ARGUMENT',
    /element 1 \(-129\)/,
  );
  throwsWith(() => writeIdx(array([0.5]), { type: 'int16' }), 'BAD_ARGUMENT', /0\.5/);
});

// ---- malformed files: each names the file, the problem and the byte offset ----

test('a file shorter than 4 bytes is a truncated header at offset 0', () => {
  throwsWith(
    () => readIdx(new Uint8Array([0, 0, 8]), 'tiny.idx'),
    'BAD_FILE',
    /tiny\.idx/,
    /truncated header/,
    /offset 0/,
    /got 3/,
  );
  throwsWith(() => readIdx(new Uint8Array([])), 'BAD_FILE', /<bytes>/, /truncated header/);
});

test('a header cut inside the dimensions names the dimension and its offset', () => {
  // 3 dims need a 16-byte header; 10 bytes leave dimension 1 (offset 8) incomplete.
  const bytes = new Uint8Array(header(8, [60000, 28, 28]).slice(0, 10));
  throwsWith(
    () => readIdx(bytes, 'cut.idx'),
    'BAD_FILE',
    /cut\.idx/,
    /truncated header/,
    /16-byte header/,
    /got 10 bytes/,
    /dimension 1 at offset 8/,
  );
});

test('a non-zero magic is reported at offset 0, with a hint for gzip files', () => {
  throwsWith(
    () => readIdx(new Uint8Array([1, 0, 8, 0, 7]), 'x.idx'),
    'BAD_FILE',
    /x\.idx/,
    /wrong magic at offset 0/,
    /0x01 0x00/,
  );
  throwsWith(() => readIdx(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), 'train.gz'), 'BAD_FILE', /wrong magic/, /gzip/);
});

test('an unknown dtype code is reported at offset 2', () => {
  throwsWith(
    () => readIdx(new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 1, 0]), 'odd.idx'),
    'BAD_FILE',
    /odd\.idx/,
    /unknown dtype code 0x0a at offset 2/,
  );
});

test('too few data bytes: the message gives the header offset, the shape and the shortfall', () => {
  const bytes = new Uint8Array([...header(0x0c, [2, 2]), ...new Array<number>(15).fill(0)]);
  throwsWith(
    () => readIdx(bytes, 'short.idx'),
    'BAD_FILE',
    /short\.idx/,
    /data length mismatch at offset 12/,
    /\(2, 2\) of int32 needs 16 bytes/,
    /15 follow/,
    /1 byte too few/,
  );
});

test('too many data bytes (trailing garbage) is an error too', () => {
  const bytes = new Uint8Array([...header(8, [3]), 1, 2, 3, 4, 5]);
  throwsWith(
    () => readIdx(bytes, 'long.idx'),
    'BAD_FILE',
    /long\.idx/,
    /data length mismatch at offset 8/,
    /2 bytes too many/,
  );
});

test('a header claiming 10^12 elements fails at once, before allocating anything', () => {
  const bytes = new Uint8Array([...header(0x0e, [1000000, 1000000]), 1, 2, 3]);
  const start = performance.now();
  // Allocating 8 TB would throw a RangeError, not a ScratchnetError: the size check must come first.
  throwsWith(
    () => readIdx(bytes, 'huge.idx'),
    'BAD_FILE',
    /huge\.idx/,
    /\(1000000, 1000000\) of float64 needs 8000000000000 bytes/,
    /3 follow/,
  );
  assert.ok(performance.now() - start < 250);
  // 255 dims of 2^32-1 overflow to Infinity, which must still be a clean error.
  const dims = new Array<number>(255).fill(0xffffffff);
  throwsWith(
    () => readIdx(new Uint8Array(header(8, dims)), 'inf.idx'),
    'BAD_FILE',
    /data length mismatch at offset 1024/,
  );
});

test('readIdx of a Node Buffer copies the bytes into a plain Uint8Array (Buffer.slice would be a view of the file)', () => {
  const file = Buffer.from(writeIdx(array([7, 8, 9], { dtype: 'uint8' })));
  const a = readIdx(file);
  assert.equal(a.data.constructor, Uint8Array);
  a.data[0] = 1;
  assert.equal(file[file.length - 3], 7);
});
