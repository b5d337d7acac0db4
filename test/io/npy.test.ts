// The .npy codec: round trips for every dtype and shape, byte layout, byte order, Fortran order,
// and one test per kind of malformed or refused file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, crossEntropyError, NDArray, toOneHot, TwoLayerNet } from '../../src/index.js';
import { decodeNpy, encodeNpy, readNpyHeader } from '../../src/io/index.js';
import { throwsWith } from '../helpers/throws.js';
import { assertSame, DTYPES, sampleArray, SHAPES } from './io-helpers.js';

/** A .npy file with a hand-written header (version 1.0, unpadded) and raw data bytes. */
function npy(header: string, data: number[] | Uint8Array = [], version = 1): Uint8Array {
  const text = new TextEncoder().encode(header);
  const lengthSize = version === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lengthSize + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (lengthSize === 2) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, 8 + lengthSize);
  out.set(data, 8 + lengthSize + text.length);
  return out;
}

function f8(values: number[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(8 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat64(8 * i, v, littleEndian));
  return out;
}

for (const dtype of DTYPES) {
  for (const shape of SHAPES) {
    test(`npy round trip: ${dtype} of shape (${shape.join(', ')}) reads back identical`, () => {
      const source = sampleArray(dtype, shape);
      const back = decodeNpy(encodeNpy(source));
      assertSame(back, source);
      assert.notEqual(back.data.buffer, source.data.buffer, 'the result must not share storage with the input');
    });
  }
}

test("encodeNpy writes numpy's layout: magic, version 1.0, padded header ending in a newline, data at a 64-byte boundary", () => {
  const bytes = encodeNpy(
    array(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'float32' },
    ),
  );
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes[8]! | (bytes[9]! << 8);
  assert.equal((10 + headerLength) % 64, 0);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  assert.match(header, /^(?:\w+: )?\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} +\n$/);
  assert.equal(bytes.length, 10 + headerLength + 24);
  assert.deepEqual([...bytes.subarray(10 + headerLength, 10 + headerLength + 4)], [0, 0, 0x80, 0x3f]); // 1.0f little-endian
});

test('encodeNpy spells the shapes as Python does: () for 0-d, (5,) for 1-d', () => {
  const header = (a: NDArray): string => new TextDecoder().decode(encodeNpy(a).subarray(10, 80));
  assert.match(header(array(1.5)), /'shape': \(\), \}/);
  assert.match(header(array([1, 2, 3, 4, 5])), /'shape': \(5,\), \}/);
  assert.match(header(array([true], { dtype: 'bool' })), /'descr': '\|b1'/);
  assert.match(header(array([1], { dtype: 'uint8' })), /'descr': '\|u1'/);
  assert.match(header(array([1], { dtype: 'int32' })), /'descr': '<i4'/);
});

test('readNpyHeader reports version, descr, order, shape and where the data starts', () => {
  const header = readNpyHeader(encodeNpy(array([[1, 2, 3]], { dtype: 'int32' })));
  assert.deepEqual(header.version, [1, 0]);
  assert.equal(header.descr, '<i4');
  assert.equal(header.fortranOrder, false);
  assert.deepEqual(header.shape, [1, 3]);
  assert.equal(header.dataOffset, 128);
});

test('Fortran order: a non-square (2, 3) stored column-major reads as [[1, 2, 3], [4, 5, 6]], not transposed', () => {
  const columnMajor = [1, 4, 2, 5, 3, 6];
  const bytes = npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", f8(columnMajor));
  const a = decodeNpy(bytes);
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6]);
  // The same bytes read as C order are a different matrix: the flag matters.
  const asC = decodeNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f8(columnMajor)));
  assert.deepEqual([...asC.data], columnMajor);
});

test('Fortran order in 3-d: element [i, j, k] of a (2, 3, 4) array lands at C index 12i + 4j + k', () => {
  const shape = [2, 3, 4];
  const columnMajor: number[] = [];
  for (let k = 0; k < 4; k++)
    for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) columnMajor.push(100 * i + 10 * j + k);
  const a = decodeNpy(npy(`{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 4), }`, f8(columnMajor)));
  assert.deepEqual(a.shape, shape);
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < 4; k++) {
        assert.equal(a.data[12 * i + 4 * j + k], 100 * i + 10 * j + k);
      }
});

test('big-endian elements are byte-swapped: >f8 1.5, >i4 258, >i2 -2, >f4 1 read as themselves', () => {
  assert.deepEqual(
    [...decodeNpy(npy("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", f8([1.5, -3], false))).data],
    [1.5, -3],
  );
  const i4 = decodeNpy(npy("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }", [0, 0, 1, 2]));
  assert.equal(i4.dtype, 'int32');
  assert.equal(i4.data[0], 258);
  assert.equal(decodeNpy(npy("{'descr': '>i2', 'fortran_order': False, 'shape': (1,), }", [0xff, 0xfe])).data[0], -2);
  assert.equal(
    decodeNpy(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (), }", [0x3f, 0x80, 0, 0])).data[0],
    1,
  );
});

test('widening reads: |i1 and <u2 become int32, <f2 reads as float16, |b1 bytes other than 0 and 1 read as 1', () => {
  const i1 = decodeNpy(npy("{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }", [0x80, 0xff, 0x7f]));
  assert.equal(i1.dtype, 'int32');
  assert.deepEqual([...i1.data], [-128, -1, 127]);
  const u2 = decodeNpy(npy("{'descr': '<u2', 'fortran_order': False, 'shape': (1,), }", [0xff, 0xff]));
  assert.deepEqual([...u2.data], [65535]);
  // float16: 0x3c00 = 1, 0xc000 = -2, 0x7c00 = inf, 0x0001 = 2^-24, 0x8000 = -0, 0x7e00 = NaN
  const f2 = decodeNpy(
    npy(
      "{'descr': '<f2', 'fortran_order': False, 'shape': (6,), }",
      [0, 0x3c, 0, 0xc0, 0, 0x7c, 1, 0, 0, 0x80, 0, 0x7e],
    ),
  );
  assert.equal(f2.dtype, 'float16');
  assert.deepEqual([...f2.data], [1, -2, Infinity, 2 ** -24, -0, NaN]);
  assert.ok(Object.is(f2.data[4], -0));
  const b1 = decodeNpy(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", [0, 1, 7]));
  assert.equal(b1.dtype, 'bool');
  assert.deepEqual([...b1.data], [0, 1, 1]);
});

test('int64, uint32 and uint64 read as float64 with every value exact, whatever the values', () => {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, -1n, true);
  view.setBigInt64(8, 7n, true);
  view.setBigInt64(16, -(2n ** 53n), true);
  view.setBigInt64(24, 2n ** 53n, true);
  const a = decodeNpy(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }", bytes));
  assert.equal(a.dtype, 'float64');
  assert.deepEqual([...a.data], [-1, 7, -(2 ** 53), 2 ** 53]);
  // Small labels too: the dtype read depends on the stored type only, never on the values.
  const labels = decodeNpy(
    npy("{'descr': '>i8', 'fortran_order': False, 'shape': (2,), }", [0, 0, 0, 0, 0, 0, 0, 3, ...new Uint8Array(8)]),
  );
  assert.equal(labels.dtype, 'float64');
  assert.deepEqual([...labels.data], [3, 0]);
  view.setBigUint64(0, 2n ** 53n, true);
  const u8 = decodeNpy(npy("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", bytes.subarray(0, 8)));
  assert.deepEqual([u8.dtype, ...u8.data], ['float64', 2 ** 53]);
  const u4 = decodeNpy(
    npy("{'descr': '<u4', 'fortran_order': False, 'shape': (2,), }", [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
  );
  assert.deepEqual([u4.dtype, ...u4.data], ['float64', 1, 4294967295]);
});

test('int64 labels read from a .npy file work as class labels: one-hot, cross-entropy, accuracy', () => {
  const bytes = new Uint8Array(24);
  const view = new DataView(bytes.buffer);
  [2n, 0n, 1n].forEach((v, i) => view.setBigInt64(8 * i, v, true));
  const t = decodeNpy(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", bytes));
  assert.deepEqual(toOneHot(t, 3).toArray(), [
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ]);
  const y = array([
    [0.1, 0.1, 0.8],
    [0.8, 0.1, 0.1],
    [0.1, 0.8, 0.1],
  ]);
  assert.ok(Math.abs(crossEntropyError(y, t) + Math.log(0.8 + 1e-7)) < 1e-12);
  const net = new TwoLayerNet({ inputSize: 3, hiddenSize: 2, outputSize: 3, seed: 1 });
  assert.ok(net.accuracy(y, t) >= 0);
});

test('int64 and uint64 values beyond 2^53 are refused with the file, the element and its exact value', () => {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, 1n, true);
  view.setBigInt64(8, 2n ** 53n + 1n, true);
  throwsWith(
    () => decodeNpy(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", bytes), 'w.npy'),
    'BAD_FILE',
    /^(?:\w+: )?w\.npy: /,
    /element 1 is 9007199254740993/,
    /float64/,
  );
  view.setBigInt64(8, -9007199254740993n, true);
  throwsWith(
    () => decodeNpy(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", bytes)),
    'BAD_FILE',
    /-9007199254740993/,
  );
  view.setBigUint64(8, 18446744073709551615n, true);
  throwsWith(
    () => decodeNpy(npy("{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }", bytes)),
    'BAD_FILE',
    /18446744073709551615/,
    /uint64/,
  );
});

test('versions 2.0 and 3.0 (4-byte header length) are read; 3.0 headers are UTF-8', () => {
  const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }";
  assert.equal(decodeNpy(npy(header, f8([2.5]), 2)).data[0], 2.5);
  assert.equal(decodeNpy(npy(header, f8([2.5]), 3)).data[0], 2.5);
  const bad = npy(header, f8([2.5]), 3);
  bad[20] = 0xff; // inside the header text
  throwsWith(() => decodeNpy(bad), 'BAD_FILE', /version 3\.0 header at offset 12 is not valid UTF-8/);
});

test('encodeNpy switches to version 2.0 when the header outgrows 65535 bytes, and reads it back', () => {
  const shape = new Array<number>(25000).fill(1);
  const a = new NDArray(new Float64Array([4.25]), shape);
  const bytes = encodeNpy(a);
  assert.equal(bytes[6], 2);
  assert.equal(readNpyHeader(bytes).dataOffset % 64, 0);
  const back = decodeNpy(bytes);
  assert.equal(back.ndim, 25000);
  assert.equal(back.data[0], 4.25);
});

test('the header parser takes Python 2 long suffixes, double quotes, any key order and extra whitespace', () => {
  const a = decodeNpy(npy(' { "shape" : (1L, 2L) , "fortran_order":False,"descr":"<f8"}  \n', f8([1, 2])));
  assert.deepEqual(a.shape, [1, 2]);
  assert.deepEqual([...a.data], [1, 2]);
});

test('every truncation of a valid file, from 0 bytes to one byte short, is a BAD_FILE error naming the file', () => {
  const bytes = encodeNpy(
    array(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'int32' },
    ),
  );
  for (let n = 0; n < bytes.length; n++) {
    throwsWith(
      () => decodeNpy(bytes.subarray(0, n), 'cut.npy'),
      'BAD_FILE',
      /^(?:\w+: )?cut\.npy: not a valid \.npy file: /,
    );
  }
});

test('truncations name the part that is cut off', () => {
  const bytes = encodeNpy(array([1, 2, 3]));
  throwsWith(() => decodeNpy(bytes.subarray(0, 7)), 'BAD_FILE', /magic and version need 8 bytes, got 7/);
  throwsWith(() => decodeNpy(bytes.subarray(0, 9)), 'BAD_FILE', /2-byte header length at offset 8 is cut off/);
  throwsWith(
    () => decodeNpy(bytes.subarray(0, 60)),
    'BAD_FILE',
    /header at offset 10 declares 118 bytes, but only 50 follow/,
  );
  throwsWith(
    () => decodeNpy(bytes.subarray(0, bytes.length - 3)),
    'BAD_FILE',
    /data length mismatch at offset 128/,
    /3 bytes too few/,
  );
});

test('wrong magic is reported with the bytes found, and a zip file gets a hint', () => {
  throwsWith(
    () => decodeNpy(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0, 0])),
    'BAD_FILE',
    /wrong magic at offset 0/,
    /got 0x89 0x50/,
  );
  throwsWith(() => decodeNpy(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0])), 'BAD_FILE', /looks like a zip file/);
});

test('unknown versions are refused', () => {
  const bytes = encodeNpy(array([1]));
  bytes[6] = 4;
  throwsWith(() => decodeNpy(bytes), 'BAD_FILE', /unsupported version 4\.0 at offset 6/);
  bytes[6] = 1;
  bytes[7] = 1;
  throwsWith(() => decodeNpy(bytes), 'BAD_FILE', /unsupported version 1\.1/);
});

test('a lying header length is caught before reading past the end', () => {
  const bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", f8([1]), 2);
  new DataView(bytes.buffer).setUint32(8, 0xfffffff0, true);
  throwsWith(() => decodeNpy(bytes), 'BAD_FILE', /header at offset 12 declares 4294967280 bytes/);
});

test('data that does not match the shape is refused in either direction', () => {
  const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  throwsWith(
    () => decodeNpy(npy(header, f8([1, 2, 3]))),
    'BAD_FILE',
    /shape \(2,\) of '<f8' needs 16 bytes, but 24 follow/,
    /8 bytes too many/,
  );
  throwsWith(() => decodeNpy(npy(header, f8([1]))), 'BAD_FILE', /8 bytes too few/);
});

test('absurd shapes (10^12 elements, or 2^53 overflowed) are refused from the header alone', () => {
  const start = performance.now();
  throwsWith(
    () => decodeNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", f8([1]))),
    'BAD_FILE',
    /shape \(1000000, 1000000\) of '<f8' needs 8000000000000 bytes, but 8 follow/,
  );
  throwsWith(
    () =>
      decodeNpy(
        npy("{'descr': '<f8', 'fortran_order': False, 'shape': (9007199254740991, 9007199254740991, 0), }", f8([1])),
      ),
    'BAD_FILE',
    /needs 0 bytes, but 8 follow/,
  );
  throwsWith(
    () => decodeNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }")),
    'BAD_FILE',
    /integer 99999999999999999999 too large/,
  );
  assert.ok(performance.now() - start < 1000, 'refusing must not allocate or loop over the claimed size');
});

test('malformed headers: not a dict, missing or extra keys, wrong value types', () => {
  const cases: [string, RegExp][] = [
    ["['descr', '<f8']", /is not a Python dict/],
    [
      "{'descr': '<f8', 'shape': (1,), }",
      /expected exactly the keys 'descr', 'fortran_order', 'shape', got 'descr', 'shape'/,
    ],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", /got 'descr', 'fortran_order', 'shape', 'x'/],
    ["{'descr': 8, 'fortran_order': False, 'shape': (1,), }", /'descr' is not a string/],
    ["{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", /'fortran_order' is not True or False/],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': [1], }", /'shape' is not a tuple of non-negative integers/],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", /'shape' is not a tuple/],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } x", /unexpected text after the dict/],
    ["{'descr': '<f8, 'fortran_order': False}", /expected ":"|expected "," or "}"|unexpected/],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", /header ends early|expected "," or "}"/],
    ["{'descr': '<f8", /unterminated string/],
    ["{'descr': __import__('os').system('rm -rf /')}", /unexpected "_"/],
    ["{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", /duplicate key 'descr'/],
    ['('.repeat(100000), /nesting deeper than 16/],
  ];
  for (const [header, pattern] of cases) {
    throwsWith(
      () => decodeNpy(npy(header, f8([1])), 'h.npy'),
      'BAD_FILE',
      /^(?:\w+: )?h\.npy: not a valid \.npy file: header at offset 10: /,
      pattern,
    );
  }
});

test('object arrays are refused without unpickling, with the reason', () => {
  const bytes = npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", [0x80, 0x04, 0x95]);
  throwsWith(
    () => decodeNpy(bytes, 'obj.npy'),
    'BAD_FILE',
    /^(?:\w+: )?obj\.npy: /,
    /unsupported dtype '\|O'/,
    /never unpickles/,
  );
});

test('complex, string, structured, datetime and unknown dtypes are refused with the reason', () => {
  const cases: [string, RegExp][] = [
    ["'<c16'", /complex/],
    ["'<U5'", /string arrays/],
    ["'|S3'", /byte-string/],
    ["[('x', '<f4'), ('y', '<i4')]", /structured dtype/],
    ["'<M8[ns]'", /datetime/],
    ["'<f16'", /unsupported dtype '<f16': scratchnet reads f2, f4, f8/],
    ["'<i3'", /unsupported dtype '<i3'/],
    ["'float64'", /unsupported dtype 'float64'/],
    ["''", /not a numpy dtype string/],
  ];
  for (const [descr, pattern] of cases) {
    throwsWith(
      () => decodeNpy(npy(`{'descr': ${descr}, 'fortran_order': False, 'shape': (0,), }`)),
      'BAD_FILE',
      pattern,
    );
  }
});

test('decoding works from a view at an odd byte offset and from a pooled Node Buffer', () => {
  const source = sampleArray('float64', [3, 4]);
  const bytes = encodeNpy(source);
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  assertSame(decodeNpy(shifted.subarray(3)), source);
  const pooled = Buffer.from(bytes); // small Buffers share a pool slab, so byteOffset is usually non-zero
  assertSame(decodeNpy(pooled), source);
});
