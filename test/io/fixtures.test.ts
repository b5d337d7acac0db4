// Files written by numpy (and a safetensors file built by hand in Python) read with identical
// values, for every dtype, both orders and both byte orders. The files and expected.json come from
// test/fixtures/io/make_fixtures.py, run once; these tests never run Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { decodeNpy, decodeNpz, decodeSafetensors, encodeNpy } from '../../src/io/index.js';
import { loadNpy, loadNpz, loadSafetensors } from '../../src/io/node.js';
import { throwsWith } from '../helpers/throws.js';
import { assertSame, EXPECTED, FIXTURES } from './io-helpers.js';

function fixture(...parts: string[]): Uint8Array {
  const buffer = readFileSync(join(FIXTURES, ...parts));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const npyNames = Object.keys(EXPECTED.npy);

test('the fixtures cover every dtype in C and Fortran order and both byte orders', () => {
  for (const stem of [
    'f4le',
    'f4be',
    'f8le',
    'f8be',
    'f2le',
    'f2be',
    'i1',
    'i2le',
    'i2be',
    'i4le',
    'i4be',
    'i8le',
    'i8be',
    'u1',
    'u2le',
    'u2be',
    'u4le',
    'u4be',
    'u8le',
    'b1',
  ]) {
    for (const order of ['c', 'f']) assert.ok(npyNames.includes(`${stem}_${order}.npy`), `${stem}_${order}.npy`);
  }
});

for (const name of npyNames) {
  test(`numpy fixture ${name} reads with identical values`, () => {
    assertSame(decodeNpy(fixture('npy', name), name), EXPECTED.npy[name]!, name);
  });
}

test('numpy fixtures in Fortran order are really stored column-major, and read as the C-order matrix', () => {
  for (const stem of ['f8le', 'i4be', 'b1']) {
    const c = fixture('npy', `${stem}_c.npy`);
    const f = fixture('npy', `${stem}_f.npy`);
    assert.match(new TextDecoder().decode(f.subarray(0, 128)), /'fortran_order': True/);
    assert.notDeepEqual([...f.subarray(128)], [...c.subarray(128)], 'the data sections differ');
    assertSame(decodeNpy(f), decodeNpy(c), stem);
  }
});

test('loadNpy reads the fixtures from disk the same way', () => {
  assertSame(loadNpy(join(FIXTURES, 'npy', 'f8le_f_3d.npy')), EXPECTED.npy['f8le_f_3d.npy']!);
});

test('encodeNpy reproduces np.save byte for byte for every dtype scratchnet writes', () => {
  const same = [
    'f8le_c.npy',
    'f4le_c.npy',
    'i4le_c.npy',
    'u1_c.npy',
    'b1_c.npy',
    'f8_scalar.npy',
    'f4_empty.npy',
    'i4_1d.npy',
    'i4_empty_1d.npy',
    'u1_scalar.npy',
    'b1_scalar.npy',
  ];
  for (const name of same) {
    const bytes = fixture('npy', name);
    assert.deepEqual([...encodeNpy(decodeNpy(bytes))], [...bytes], name);
  }
});

test('numpy files scratchnet must refuse give clear BAD_FILE errors', () => {
  const cases: [string, RegExp][] = [
    ['object.npy', /'\|O'.*never unpickles/],
    ['structured.npy', /structured dtype/],
    ['complex.npy', /'<c16'.*complex/],
    ['unicode.npy', /'<U2'.*string arrays/],
    ['i8_overflow.npy', /cannot read '<i8' as float64: element 1 is 9007199254740993/],
    ['u8_overflow.npy', /cannot read '<u8' as float64: element 1 is 18446744073709551615/],
  ];
  for (const [name, pattern] of cases) {
    throwsWith(
      () => decodeNpy(fixture('npy', name), name),
      'BAD_FILE',
      new RegExp(`^(?:\\w+: )?${name.replace('.', '\\.')}: `),
      pattern,
    );
  }
});

for (const name of Object.keys(EXPECTED.npz)) {
  test(`numpy archive ${name} reads every member with identical values, keyed like np.load`, () => {
    const expected = EXPECTED.npz[name]!;
    const arrays = decodeNpz(fixture(name), name, (b, n) => inflateRawSync(b, { maxOutputLength: Math.max(n, 1) }));
    assert.deepEqual(Object.keys(arrays).sort(), Object.keys(expected).sort());
    for (const [key, want] of Object.entries(expected)) assertSame(arrays[key]!, want, `${name}:${key}`);
    const loaded = loadNpz(join(FIXTURES, name));
    for (const [key, want] of Object.entries(expected)) assertSame(loaded[key]!, want, `loadNpz ${name}:${key}`);
  });
}

test('np.savez_compressed really deflates, and reading it without inflateRaw says what is missing', () => {
  const bytes = fixture('deflated.npz');
  throwsWith(
    () => decodeNpz(bytes, 'deflated.npz'),
    'BAD_ARGUMENT',
    /member "W1\.npy".* is deflated: pass an inflateRaw function/,
  );
});

test('the hand-written safetensors file (unaligned data, every dtype) reads with identical values and metadata', () => {
  const expected = EXPECTED.safetensors['handwritten.safetensors']!;
  const bytes = fixture('handwritten.safetensors');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  assert.equal((8 + headerLength) % 2, 1, 'the fixture puts the data section at an odd offset');
  for (const result of [
    decodeSafetensors(bytes, 'handwritten.safetensors'),
    loadSafetensors(join(FIXTURES, 'handwritten.safetensors')),
  ]) {
    assert.deepEqual(result.metadata, expected.metadata);
    assert.deepEqual(Object.keys(result.tensors).sort(), Object.keys(expected.tensors).sort());
    assert.deepEqual(Object.keys(result.tensors).slice(0, 3), ['pixels', 'weight', 'weight64'], 'header order is kept');
    for (const [key, want] of Object.entries(expected.tensors)) assertSame(result.tensors[key]!, want, key);
  }
});
