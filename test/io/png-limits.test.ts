// PNG pixel and byte budgets: a half-megabyte 8192 x 8192 16-bit RGBA file is refused from its header,
// before anything is inflated; the image data may take 4 bytes per allowed pixel; maxPixels raises or
// lowers both; a file without IEND gets our own message naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng, MAX_PNG_PIXELS, readPng, readPngHeader } from '../../src/index.js';
import { pngBomb } from '../helpers/bombs.js';
import { throwsWith } from '../helpers/throws.js';

test('an 8192 x 8192 16-bit RGBA PNG of half a megabyte is refused from its header', () => {
  assert.equal(MAX_PNG_PIXELS, 2 ** 24);
  const bomb = pngBomb(8192, 8192);
  assert.ok(bomb.length < 600_000, `${bomb.length} bytes`);
  const before = process.memoryUsage().arrayBuffers;
  throwsWith(
    () => decodePng(bomb, 'big.png'),
    'BAD_FILE',
    /^(?:\w+: )?big\.png: not a valid PNG image: IHDR at offset 8 claims 8192 x 8192 = 67108864 pixels, more than the 16777216 scratchnet decodes \(raise maxPixels/,
  );
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 2 ** 20);
});

test('the image data may take 4 bytes per allowed pixel, so 16-bit RGBA gets half the pixels', () => {
  // 100 x 100 16-bit RGBA: 10000 pixels, 80100 bytes of scanlines.
  const rgba16 = pngBomb(100, 100);
  throwsWith(() => readPngHeader(rgba16, 'a.png', { maxPixels: 9999 }), 'BAD_FILE', /10000 pixels, more than the 9999/);
  throwsWith(
    () => decodePng(rgba16, 'a.png', { maxPixels: 15_000 }),
    'BAD_FILE',
    /IHDR claims 100 x 100 pixels at 16 bits per sample, 80100 bytes of image data, more than the 60200 bytes \(4 per allowed pixel and 2 per row\)/,
  );
  const image = decodePng(rgba16, 'a.png', { maxPixels: 25_000 });
  assert.equal(image.width * image.height, 10_000);
  // 8-bit grey takes 1 byte a pixel: the pixel count is what limits it.
  assert.equal(decodePng(pngBomb(100, 100, { bitDepth: 8, colorType: 0 }), 'g.png', { maxPixels: 10_000 }).width, 100);
});

test('readPng passes maxPixels on; a bad maxPixels or an unknown option is BAD_ARGUMENT', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-png-'));
  const path = join(dir, 'a.png');
  writeFileSync(path, pngBomb(100, 100, { bitDepth: 8, colorType: 0 }));
  assert.equal(readPng(path).width, 100);
  throwsWith(() => readPng(path, { maxPixels: 100 }), 'BAD_FILE', /a\.png: .*more than the 100 scratchnet decodes/);
  throwsWith(
    () => readPng(path, { maxPixels: 0 }),
    'BAD_ARGUMENT',
    /readPng: options\.maxPixels must be a number >= 1, got 0/,
  );
  throwsWith(
    () => decodePng(new Uint8Array(8), 'x', { maxPixels: 'many' } as never),
    'BAD_ARGUMENT',
    /decodePng: options\.maxPixels must be a number/,
  );
  throwsWith(
    () => decodePng(new Uint8Array(8), 'x', { pixels: 1 } as never),
    'BAD_ARGUMENT',
    /decodePng: unknown option "pixels"/,
  );
  rmSync(dir, { recursive: true });
});

test('a PNG without IEND is refused with a message naming the file, not the library', () => {
  throwsWith(
    () => decodePng(pngBomb(8, 8, { bitDepth: 8, colorType: 0, end: false }), 'cut.png'),
    'BAD_FILE',
    /^(?:\w+: )?cut\.png: not a valid PNG image: no IEND chunk: the file is truncated or was not written to the end$/,
  );
});
