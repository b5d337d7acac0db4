// Pictures as network inputs: channels from any colour type, and area / bilinear resizing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, array, imageChannels, resizeImage } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const close = (actual: number[], expected: number[]) =>
  actual.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] as number)) < 1e-12, `${actual} vs ${expected}`));

test('resizeImage to the same size is an exact float64 copy', () => {
  const x = arange(12).reshape(3, 4);
  const y = resizeImage(x, [3, 4]);
  assert.deepEqual(y.toArray(), x.toArray());
  assert.equal(y.dtype, 'float64');
  y.data[0] = 99;
  assert.equal(x.data[0], 0);
});

test('resizeImage shrinks by averaging the pixels each output covers', () => {
  const x = array([
    [0, 1, 2, 3],
    [4, 5, 6, 7],
  ]);
  assert.deepEqual(resizeImage(x, [1, 2]).toArray(), [[2.5, 4.5]]);
  assert.deepEqual(resizeImage(x, [1, 1]).toArray(), [[3.5]]);
  // 3 -> 2: the middle pixel is shared half and half.
  close([...resizeImage(array([[0, 3, 6]]), [1, 2]).data], [(0 + 1.5) / 1.5, (1.5 + 6) / 1.5]);
});

test('resizeImage keeps the mean when shrinking by a whole factor, and a thin line survives', () => {
  const x = arange(64).reshape(8, 8);
  assert.equal(resizeImage(x, [2, 2]).mean(), x.mean());
  const line = arange(64).mul(0).reshape(8, 8);
  for (let c = 0; c < 8; c++) line.data[3 * 8 + c] = 1;
  const small = resizeImage(line, [4, 4]);
  assert.ok((small.max() as number) > 0.4);
});

test('resizeImage enlarges bilinearly between pixel centres, edges clamped', () => {
  close([...resizeImage(array([[0, 4]]), [1, 4]).data], [0, 1, 3, 4]);
  assert.deepEqual(resizeImage(array([[5]]), [2, 3]).toArray(), [
    [5, 5, 5],
    [5, 5, 5],
  ]);
});

test('resizeImage resizes every leading image, keeping the leading axes', () => {
  const x = arange(2 * 3 * 4 * 4).reshape(2, 3, 4, 4);
  const y = resizeImage(x, [2, 2]);
  assert.deepEqual(y.shape, [2, 3, 2, 2]);
  assert.equal(y.get(1, 2, 0, 0), (x.get(1, 2, 0, 0) + x.get(1, 2, 0, 1) + x.get(1, 2, 1, 0) + x.get(1, 2, 1, 1)) / 4);
});

test('resizeImage refuses bad sizes and arrays without two image axes', () => {
  for (const size of [[0, 2], [2], [2.5, 2], 'big']) {
    throwsWith(
      () => resizeImage(arange(4).reshape(2, 2), size as never),
      'BAD_ARGUMENT',
      /size must be \[height, width\]/,
    );
  }
  throwsWith(() => resizeImage(arange(4), [2, 2]), 'SHAPE_MISMATCH', /\(\.\.\., height, width\)/);
});

test('imageChannels: grey from RGB by BT.601 luma, in [0, 1], shape (1, h, w)', () => {
  const rgb = { data: new Uint8Array([255, 0, 0, 0, 255, 0]), width: 2, height: 1, channels: 3 as const };
  const grey = imageChannels(rgb, 1);
  assert.deepEqual(grey.shape, [1, 1, 2]);
  close([...grey.data], [0.299, 0.587]);
  const colour = imageChannels(rgb, 3);
  assert.deepEqual(colour.toArray(), [[[1, 0]], [[0, 1]], [[0, 0]]]);
});

test('imageChannels: a grey picture repeats into RGB; transparency is blended onto white', () => {
  const ga = { data: new Uint8Array([0, 255, 0, 0, 51, 128]), width: 3, height: 1, channels: 2 as const };
  close([...imageChannels(ga, 1).data], [0, 1, 0.2 * (128 / 255) + (1 - 128 / 255)]);
  const rgb = imageChannels(ga, 3);
  assert.deepEqual(rgb.shape, [3, 1, 3]);
  close([...rgb.data.subarray(3, 6)], [...rgb.data.subarray(0, 3)]);
  const rgba = { data: new Uint8Array([10, 20, 30, 0]), width: 1, height: 1, channels: 4 as const };
  assert.deepEqual([...imageChannels(rgba, 3).data], [1, 1, 1]);
});

test('imageChannels refuses other channel counts and pixel data of the wrong length', () => {
  const image = { data: new Uint8Array(4), width: 2, height: 2, channels: 1 as const };
  throwsWith(() => imageChannels(image, 2 as never), 'BAD_ARGUMENT', /channels must be 1 or 3/);
  throwsWith(
    () => imageChannels({ ...image, width: 3 }, 1, 'a.png'),
    'BAD_ARGUMENT',
    /a\.png: 4 bytes do not make a 3x2 image of 1 channels/,
  );
});
