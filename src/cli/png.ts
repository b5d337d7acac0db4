import { readFileSync } from 'node:fs';
import pngjs from 'pngjs';
import type { RawImage } from '../data/digit.js';
import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';

/** Decodes a PNG file into RGBA pixels; a damaged file is a BAD_FILE error naming it. */
export function readPng(path: string): RawImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScratchnetError('BAD_FILE', `${path}: cannot read the image (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`);
  }
  try {
    const png = pngjs.PNG.sync.read(bytes);
    return { data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height, channels: 4 };
  } catch (error) {
    throw new ScratchnetError('BAD_FILE', `${path}: not a readable PNG image (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * A 28×28 digit (values 0..1, light ink on dark like MNIST) as a grayscale PNG, each pixel drawn as a
 * `scale`×`scale` block so a person can see it.
 */
export function digitToPng(pixels: NDArray, scale = 10): Uint8Array {
  const size = 28 * scale;
  const png = new pngjs.PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, pixels.data[Math.floor(y / scale) * 28 + Math.floor(x / scale)]!)));
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
