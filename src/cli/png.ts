import pngjs from 'pngjs';
import type { NDArray } from '../ndarray/ndarray.js';

/** Reads a PNG file as a grayscale image (for `predict`). */
export { readPng } from '../io/png.js';

/**
 * A 28×28 digit (values 0..1, light ink on dark like MNIST) as a grayscale PNG, each pixel drawn as a
 * `scale`×`scale` block so a person can see it.
 */
export function digitToPng(pixels: NDArray, scale = 10): Uint8Array {
  const size = 28 * scale;
  const png = new pngjs.PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = Math.round(
        255 * Math.min(1, Math.max(0, pixels.data[Math.floor(y / scale) * 28 + Math.floor(x / scale)]!)),
      );
      const p = (y * size + x) * 4;
      png.data[p] = v;
      png.data[p + 1] = v;
      png.data[p + 2] = v;
      png.data[p + 3] = 255;
    }
  }
  return new Uint8Array(pngjs.PNG.sync.write(png, { colorType: 0 }));
}

/** A 28×28 digit as text: two characters per pixel, darker shades for more ink. */
export function digitToText(pixels: NDArray): string {
  const shades = ' .:-=+*#%@';
  const lines: string[] = [];
  for (let y = 0; y < 28; y++) {
    let line = '';
    for (let x = 0; x < 28; x++) {
      const v = Math.min(1, Math.max(0, pixels.data[y * 28 + x]!));
      const ch = shades[Math.min(shades.length - 1, Math.floor(v * shades.length))]!;
      line += ch + ch;
    }
    lines.push(line.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
