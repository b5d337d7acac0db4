// The ZIP codec and .npz on top of it: CRC-32, round trips stored and deflated, and one test per
// way an archive can be corrupt or lie (every error a BAD_FILE naming the archive and member).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { array, NDArray } from '../../src/index.js';
import { crc32, decodeNpz, decodeZip, encodeNpy, encodeNpz, encodeZip, type InflateRaw } from '../../src/io/index.js';
import { throwsWith } from '../helpers/throws.js';
import { assertSame, DTYPES, sampleArray, SHAPES } from './io-helpers.js';

const inflate: InflateRaw = (b, n) => inflateRawSync(b, { maxOutputLength: Math.max(n, 1) });
const deflate = (b: Uint8Array): Uint8Array => deflateRawSync(b);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Offsets of the parts of a single-member archive written by encodeZip. */
function layout(bytes: Uint8Array): { view: DataView; eocd: number; central: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = bytes.length - 22;
  return { view, eocd, central: view.getUint32(eocd + 16, true) };
}

test('crc32 matches the standard check value and continues across chunks', () => {
  assert.equal(crc32(text('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(text('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  const whole = text('split me anywhere, the result is the same');
  assert.equal(crc32(whole.subarray(17), crc32(whole.subarray(0, 17))), crc32(whole));
});

for (const compress of [false, true]) {
  test(`npz round trip (${compress ? 'deflated' : 'stored'}): every dtype and shape in one archive reads back identical, in order`, () => {
    const arrays: Record<string, NDArray> = {};
    for (const dtype of DTYPES)
      for (const shape of SHAPES) arrays[`${dtype}_${shape.join('x') || 'scalar'}`] = sampleArray(dtype, shape);
    const bytes = encodeNpz(arrays, { compress }, deflate);
    const back = decodeNpz(bytes, 'all.npz', inflate);
    assert.deepEqual(Object.keys(back), Object.keys(arrays));
    for (const [key, value] of Object.entries(arrays)) assertSame(back[key]!, value, key);
  });
}

test('a compressed archive is smaller for compressible data and stored members are the .npy bytes verbatim', () => {
  const big = { zeros: NDArray.empty([100, 100]) };
  const stored = encodeNpz(big);
  const deflated = encodeNpz(big, { compress: true }, deflate);
  assert.ok(deflated.length < stored.length / 10, `${deflated.length} vs ${stored.length}`);
  const members = decodeZip(stored);
  assert.deepEqual(
    members.map((m) => m.name),
    ['zeros.npy'],
  );
  assert.deepEqual([...members[0]!.data], [...encodeNpy(big.zeros)]);
});

test('encoding is deterministic: the same arrays give the same bytes', () => {
  const arrays = { a: array([1, 2, 3]), b: array([[true, false]], { dtype: 'bool' }) };
  assert.deepEqual([...encodeNpz(arrays)], [...encodeNpz(arrays)]);
  assert.deepEqual(
    [...encodeNpz(arrays, { compress: true }, deflate)],
    [...encodeNpz(arrays, { compress: true }, deflate)],
  );
});

test('zip round trip keeps UTF-8 names (with the UTF-8 flag), empty members and nested paths', () => {
  const entries = [
    { name: 'plain.txt', data: text('hello') },
    { name: 'gewichte/ä€.bin', data: new Uint8Array([1, 2, 3]) },
    { name: 'empty', data: new Uint8Array(0) },
  ];
  for (const compress of [false, true]) {
    const bytes = encodeZip(entries, { compress, deflateRaw: deflate });
    const back = decodeZip(bytes, 'x.zip', inflate);
    assert.deepEqual(
      back.map((e) => e.name),
      entries.map((e) => e.name),
    );
    back.forEach((e, i) => assert.deepEqual([...e.data], [...entries[i]!.data]));
  }
  const bytes = encodeZip(entries);
  const { view, central } = layout(bytes);
  assert.equal(view.getUint16(6, true) & 0x800, 0, 'ASCII names need no flag');
  const second = central + 46 + 'plain.txt'.length;
  assert.equal(view.getUint16(second + 8, true) & 0x800, 0x800, 'UTF-8 names carry the flag');
});

test('encoders refuse bad input: compress without deflateRaw, empty or duplicate names, non-arrays', () => {
  throwsWith(
    () => encodeNpz({ a: array([1]) }, { compress: true }),
    'BAD_ARGUMENT',
    /compress needs a deflateRaw function/,
  );
  throwsWith(
    () => encodeZip([{ name: 'a', data: new Uint8Array(1) }], { compress: true }),
    'BAD_ARGUMENT',
    /compress needs a deflateRaw/,
  );
  throwsWith(() => encodeNpz({ '': array([1]) }), 'BAD_ARGUMENT', /key cannot be empty/);
  throwsWith(() => encodeNpz({ a: [1] as unknown as NDArray }), 'BAD_ARGUMENT', /"a" is not an NDArray/);
  throwsWith(
    () =>
      encodeZip([
        { name: 'a', data: new Uint8Array(1) },
        { name: 'a', data: new Uint8Array(1) },
      ]),
    'BAD_ARGUMENT',
    /"a" is used twice/,
  );
});

test('decodeNpz keys members like np.load: without .npy, other names as they are; directories are skipped', () => {
  const npy = encodeNpy(array([1.5]));
  const bytes = encodeZip([
    { name: 'arr_0.npy', data: npy },
    { name: 'raw', data: npy },
    { name: 'dir/', data: new Uint8Array(0) },
  ]);
  const arrays = decodeNpz(bytes);
  assert.deepEqual(Object.keys(arrays), ['arr_0', 'raw']);
  assert.equal(arrays.raw!.data[0], 1.5);
});

test('members that are not arrays, or that collide once .npy is dropped, are refused by name', () => {
  throwsWith(
    () => decodeNpz(encodeZip([{ name: 'readme.txt', data: text('hi there, not an array') }]), 'w.npz'),
    'BAD_FILE',
    /^(?:\w+: )?w\.npz \(member readme\.txt\): not a valid \.npy file: wrong magic/,
  );
  const npy = encodeNpy(array([1]));
  throwsWith(
    () =>
      decodeNpz(
        encodeZip([
          { name: 'a', data: npy },
          { name: 'a.npy', data: npy },
        ]),
        'w.npz',
      ),
    'BAD_FILE',
    /members "a" and "a\.npy" both give the key "a"/,
  );
  const header = text("{'descr': '|O', 'fortran_order': False, 'shape': (), }");
  const object = encodeZip([
    { name: 'o.npy', data: new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0, ...header]) },
  ]);
  throwsWith(() => decodeNpz(object, 'o.npz'), 'BAD_FILE', /^(?:\w+: )?o\.npz \(member o\.npy\): .*never unpickles/);
});

for (const compress of [false, true]) {
  test(`every truncation of a ${compress ? 'deflated' : 'stored'} archive is a BAD_FILE error naming it`, () => {
    const bytes = encodeNpz(
      {
        a: array([
          [1, 2],
          [3, 4],
        ]),
        b: array([5], { dtype: 'uint8' }),
      },
      { compress },
      deflate,
    );
    for (let n = 0; n < bytes.length; n++) {
      throwsWith(() => decodeNpz(bytes.subarray(0, n), 'cut.npz', inflate), 'BAD_FILE', /^(?:\w+: )?cut\.npz/);
    }
  });
}

test('not a zip at all: the end record is missing, with a hint for a .npy file', () => {
  throwsWith(
    () => decodeNpz(encodeNpy(array([1, 2])), 'x.npz'),
    'BAD_FILE',
    /^(?:\w+: )?x\.npz: not a valid zip file: no end-of-central-directory record/,
    /use decodeNpy/,
  );
  throwsWith(() => decodeZip(new Uint8Array(0)), 'BAD_FILE', /no end-of-central-directory record/);
});

test('a corrupted byte in a member fails its CRC-32 check', () => {
  for (const compress of [false, true]) {
    const bytes = encodeNpz({ a: array([1, 2, 3, 4]) }, { compress }, deflate);
    const { central } = layout(bytes);
    if (compress) {
      // Corrupt the stored CRC instead of the deflate stream, which zlib may reject first.
      bytes[central + 16]! ^= 1;
    } else {
      bytes[central - 1]! ^= 1; // the last data byte
    }
    throwsWith(
      () => decodeNpz(bytes, 'c.npz', inflate),
      'BAD_FILE',
      /member "a\.npy" \(central directory offset \d+\): CRC-32 mismatch/,
    );
  }
});

test('lying offsets and sizes in the directory are caught before reading', () => {
  const base = encodeZip([{ name: 'a.npy', data: encodeNpy(array([1, 2])) }]);
  const tamper = (edit: (view: DataView, eocd: number, central: number) => void): Uint8Array => {
    const bytes = base.slice();
    const { view, eocd, central } = layout(bytes);
    edit(view, eocd, central);
    return bytes;
  };
  const cases: [Uint8Array, RegExp][] = [
    [
      tamper((v, e) => v.setUint32(e + 16, 0x7fffffff, true)),
      /central directory \[2147483647, \d+\) declared at offset \d+ runs past the end record/,
    ],
    [tamper((v, e) => v.setUint32(e + 12, 1000, true)), /central directory .* runs past the end record/],
    [tamper((v, e) => v.setUint16(e + 10, 2, true)), /multi-disk|central directory entry 1 at offset \d+ is cut off/],
    [tamper((v, _e, c) => v.setUint32(c, 0x12345678, true)), /wrong signature for central directory entry 0/],
    [tamper((v, _e, c) => v.setUint32(c + 42, 1, true)), /wrong local header signature at offset 1/],
    [
      tamper((v, _e, c) => v.setUint32(c + 42, 0x40000000, true)),
      /local header offset 1073741824 is not before the central directory/,
    ],
    [
      tamper((v, _e, c) => v.setUint32(c + 20, 0x7fffffff, true)),
      /2147483647 bytes of data at offset 35 run into the central directory/,
    ],
    [tamper((v, _e, c) => v.setUint32(c + 24, 3, true)), /is stored but claims \d+ bytes stored and 3 uncompressed/],
    [tamper((v, _e, c) => v.setUint16(c + 28, 0x7fff, true)), /central directory entry 0 at offset \d+ is cut off/],
  ];
  for (const [bytes, pattern] of cases)
    throwsWith(() => decodeZip(bytes, 'l.zip'), 'BAD_FILE', /^(?:\w+: )?l\.zip: not a valid zip file: /, pattern);
});

test('unsupported features are refused by name: other methods, encryption, zip64 archives, duplicates', () => {
  const base = encodeZip([{ name: 'a.npy', data: encodeNpy(array([1])) }]);
  const tamper = (edit: (view: DataView, eocd: number, central: number) => void): Uint8Array => {
    const bytes = base.slice();
    const { view, eocd, central } = layout(bytes);
    edit(view, eocd, central);
    return bytes;
  };
  throwsWith(
    () => decodeZip(tamper((v, _e, c) => v.setUint16(c + 10, 14, true))),
    'BAD_FILE',
    /uses compression method 14 \(lzma\): only stored \(0\) and deflate \(8\)/,
  );
  throwsWith(
    () => decodeZip(tamper((v, _e, c) => v.setUint16(c + 8, 1, true))),
    'BAD_FILE',
    /member "a\.npy" .* is encrypted/,
  );
  throwsWith(
    () => decodeZip(tamper((v, e) => v.setUint16(e + 10, 0xffff, true))),
    'BAD_FILE',
    /zip64 archive .* is not supported/,
  );
  throwsWith(() => decodeZip(tamper((v, e) => v.setUint32(e + 16, 0xffffffff, true))), 'BAD_FILE', /zip64 archive/);
  throwsWith(
    () => decodeZip(tamper((v, _e, c) => v.setUint32(c + 20, 0xffffffff, true))),
    'BAD_FILE',
    /saturated 32-bit sizes but no zip64 extra field/,
  );
  // Two directory entries for the same name: write two members, then rename the second.
  const two = encodeZip([
    { name: 'a.npy', data: new Uint8Array(1) },
    { name: 'b.npy', data: new Uint8Array(1) },
  ]);
  const { central } = layout(two);
  two[central + 46 + 5 + 46] = 'a'.charCodeAt(0);
  throwsWith(() => decodeZip(two), 'BAD_FILE', /member "a\.npy" .* appears twice/);
});

test('a deflated member claiming more than deflate can produce is refused before inflating', () => {
  const bytes = encodeNpz({ a: array([1, 2]) }, { compress: true }, deflate);
  const { view, central } = layout(bytes);
  view.setUint32(central + 24, 0xfffffff0, true);
  let called = false;
  throwsWith(
    () =>
      decodeNpz(bytes, 'bomb.npz', (b, n) => {
        called = true;
        return inflate(b, n);
      }),
    'BAD_FILE',
    /claims 4294967280 bytes from \d+ deflated bytes, more than deflate can produce/,
  );
  assert.equal(called, false);
});

test('a deflated member that inflates past its claimed size stops at the claim (zip bomb) and is refused', () => {
  const zeros = new Uint8Array(1 << 20);
  const bytes = encodeZip([{ name: 'z', data: zeros }], { compress: true, deflateRaw: deflate });
  const { view, central } = layout(bytes);
  view.setUint32(central + 24, 2048, true);
  throwsWith(
    () => decodeZip(bytes, 'z.zip', inflate),
    'BAD_FILE',
    /member "z" .*: cannot inflate \d+ bytes at offset \d+/,
  );
  const short = encodeZip([{ name: 'z', data: zeros }], { compress: true, deflateRaw: deflate });
  layout(short).view.setUint32(layout(short).central + 24, (1 << 20) + 5, true);
  throwsWith(
    () => decodeZip(short, 'z.zip', inflate),
    'BAD_FILE',
    /inflates to 1048576 bytes, but the directory says 1048581/,
  );
});

test('garbage in a deflate stream is a BAD_FILE error, not a zlib exception', () => {
  const bytes = encodeZip([{ name: 'g', data: text('some text that deflates') }], {
    compress: true,
    deflateRaw: deflate,
  });
  bytes.fill(0xff, 30 + 1, 30 + 1 + 4);
  throwsWith(
    () => decodeZip(bytes, 'g.zip', inflate),
    'BAD_FILE',
    /member "g" .*: (cannot inflate|CRC-32 mismatch|inflates to)/,
  );
});

test('an archive comment is skipped and a fake end record inside member data is not mistaken for the real one', () => {
  const fakeEnd = new Uint8Array(22);
  new DataView(fakeEnd.buffer).setUint32(0, 0x06054b50, true);
  const bytes = encodeZip([{ name: 'f', data: fakeEnd }]);
  const withComment = new Uint8Array(bytes.length + 5);
  withComment.set(bytes);
  new DataView(withComment.buffer).setUint16(bytes.length - 2, 5, true);
  withComment.set(text('hello'), bytes.length);
  const back = decodeZip(withComment);
  assert.deepEqual([...back[0]!.data], [...fakeEnd]);
});
