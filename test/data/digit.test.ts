// preprocessDigit turns any picture of a digit into an MNIST-like 28x28 input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ARCHITECTURES,
  loadMnist,
  loadPickleArrays,
  modelFromTensors,
  preprocessDigit,
  ScratchnetError,
  type NDArray,
  type RawImage,
} from '../../src/index.js';

const { test: mnist } = loadMnist();
const net = modelFromTensors(
  loadPickleArrays(new Uint8Array(readFileSync(new URL('../fixtures/pickle/sample_weight.pkl', import.meta.url)))),
  ARCHITECTURES['book-ch03']!,
);

/** Draws a 28x28 digit as a `scale`-times larger picture inside a bigger canvas, optionally dark ink on white RGBA. */
function redraw(
  pixels: NDArray,
  scale: number,
  canvas: [number, number],
  at: [number, number],
  darkOnLight: boolean,
): RawImage {
  const [w, h] = canvas;
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.floor((x - at[0]) / scale);
      const sy = Math.floor((y - at[1]) / scale);
      const ink = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? pixels.data[sy * 28 + sx]! : 0;
      const v = Math.round(255 * (darkOnLight ? 1 - ink : ink));
      data.set([v, v, v, 255], (y * w + x) * 4);
    }
  }
  return { data, width: w, height: h, channels: 4 };
}

test('re-drawn MNIST test digits (bigger, shifted, inverted) are classified as the originals are', () => {
  let agree = 0;
  const n = 200;
  for (let i = 0; i < n; i++) {
    const original = mnist.x.slice(i, i + 1);
    const scale = 2 + (i % 5);
    const picture = redraw(
      original.reshape(784),
      scale,
      [28 * scale + 40, 28 * scale + 10],
      [i % 37, i % 9],
      i % 2 === 0,
    );
    const x = preprocessDigit(picture);
    if (net.predict(x).argmax() === net.predict(original).argmax()) agree++;
  }
  assert.ok(agree / n >= 0.99, `${agree} of ${n} agree`);
});

test('an MNIST digit drawn at any scale comes back exactly (the MNIST procedure is reproduced)', () => {
  for (const scale of [1, 3]) {
    const original = mnist.x.slice(11, 12);
    const back = preprocessDigit(
      redraw(original.reshape(784), scale, [28 * scale + 13, 28 * scale + 5], [9, 2], false),
    );
    for (let k = 0; k < 784; k++)
      assert.ok(Math.abs(back.data[k]! - original.data[k]!) < 1e-9, `scale ${scale}, pixel ${k}`);
  }
});

test('the result is 28x28 in [0, 1], fits 20x20, and has its centre of mass near the centre', () => {
  const x = preprocessDigit(redraw(mnist.x.slice(3, 4).reshape(784), 4, [200, 150], [60, 10], true));
  assert.deepEqual(x.shape, [1, 784]);
  let mass = 0,
    cx = 0,
    cy = 0,
    x0 = 28,
    x1 = -1,
    y0 = 28,
    y1 = -1;
  for (let k = 0; k < 784; k++) {
    const v = x.data[k]!;
    assert.ok(v >= 0 && v <= 1);
    if (v > 0) {
      const px = k % 28,
        py = Math.floor(k / 28);
      mass += v;
      cx += v * px;
      cy += v * py;
      x0 = Math.min(x0, px);
      x1 = Math.max(x1, px);
      y0 = Math.min(y0, py);
      y1 = Math.max(y1, py);
    }
  }
  assert.ok(Math.max(x1 - x0 + 1, y1 - y0 + 1) <= 20);
  assert.ok(
    Math.abs(cx / mass - 14) <= 1 && Math.abs(cy / mass - 14) <= 1,
    `centre of mass ${cx / mass}, ${cy / mass}`,
  );
});

test('dark-on-light and light-on-dark versions of one picture give the same input', () => {
  const digit = mnist.x.slice(7, 8).reshape(784);
  const a = preprocessDigit(redraw(digit, 3, [100, 100], [5, 5], true));
  const b = preprocessDigit(redraw(digit, 3, [100, 100], [5, 5], false));
  for (let k = 0; k < 784; k++) assert.ok(Math.abs(a.data[k]! - b.data[k]!) < 1e-9);
});

test('a blank picture and a size mismatch are clear errors', () => {
  const blank: RawImage = { data: new Uint8Array(30 * 30).fill(255), width: 30, height: 30, channels: 1 };
  assert.throws(
    () => preprocessDigit(blank, 'blank.png'),
    (e: unknown) => e instanceof ScratchnetError && /blank\.png: no digit found/.test(e.message),
  );
  assert.throws(
    () => preprocessDigit({ data: new Uint8Array(10), width: 4, height: 4, channels: 1 }),
    /10 bytes do not make a 4x4 image/,
  );
});
