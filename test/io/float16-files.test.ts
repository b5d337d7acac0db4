// float16 in files: numpy's '<f2' .npy and safetensors F16 read as float16 arrays, and float16
// arrays are written back as 2-byte halves, byte for byte what numpy writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { array } from '../../src/index.js';
import { decodeNpy, decodeSafetensors, encodeNpy, encodeSafetensors } from '../../src/io/index.js';
import { FIXTURES } from './io-helpers.js';

function fixture(name: string): Uint8Array {
  const buffer = readFileSync(join(FIXTURES, 'npy', name));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

test("a '<f2' file numpy wrote reads as float16 and is written back byte for byte", () => {
  const bytes = fixture('f2le_c.npy');
  const a = decodeNpy(bytes, 'f2le_c.npy');
  assert.equal(a.dtype, 'float16');
  assert.deepEqual([...encodeNpy(a)], [...bytes]);
  // '>f2' (big-endian) reads as the same float16 array and is written little-endian.
  const big = decodeNpy(fixture('f2be_c.npy'));
  assert.equal(big.dtype, 'float16');
  assert.deepEqual([...encodeNpy(big)], [...bytes]);
});

test('float16 arrays take 2 bytes an element in .npy and safetensors files', () => {
  const a = array([1, -2, 0.1, 65504, 70000, -0, 2 ** -24, NaN], { dtype: 'float16' });
  const npy = encodeNpy(a);
  const headerEnd = npy.indexOf(0x0a) + 1;
  assert.match(new TextDecoder().decode(npy.subarray(0, headerEnd)), /'descr': '<f2'/);
  assert.equal(npy.length - headerEnd, 16);
  // 1 = 0x3c00, -2 = 0xc000, float16(0.1) = 0x2e66, 65504 = 0x7bff, inf = 0x7c00, -0 = 0x8000, 2^-24 = 1, NaN = 0x7e00
  const halves = new Uint16Array(npy.slice(headerEnd).buffer);
  assert.deepEqual([...halves], [0x3c00, 0xc000, 0x2e66, 0x7bff, 0x7c00, 0x8000, 0x0001, 0x7e00]);

  const st = encodeSafetensors({ w: a, b: array([1.5], { dtype: 'float32' }) });
  const headerLength = new DataView(st.buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(st.subarray(8, 8 + headerLength))) as Record<
    string,
    { dtype: string; data_offsets: [number, number] }
  >;
  assert.equal(header.w!.dtype, 'F16');
  assert.deepEqual(header.w!.data_offsets, [4, 20], 'after the 4-byte float32, 16 bytes');
  const back = decodeSafetensors(st).tensors.w!;
  assert.equal(back.dtype, 'float16');
  assert.deepEqual([...back.data], [...a.data]);
});
