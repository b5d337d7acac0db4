// PNG input: the fixtures of every colour type decode, and each way a file can be damaged or lie is a
// BAD_FILE error naming the file (the chunk and offset where the header is at fault).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { crc32, decodePng, readPng, readPngHeader } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/png/${name}`, import.meta.url)));

function chunk(type: string, data: Uint8Array): number[] {
  const body = new Uint8Array([...Buffer.from(type, 'latin1'), ...data]);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, false);
  out.set(body, 4);
  view.setUint32(8 + data.length, crc32(body), false);
  return [...out];
}

function png(
  width: number,
  height: number,
  options: { depth?: number; color?: number; interlace?: number; idat?: Uint8Array } = {},
): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width, false);
  new DataView(ihdr.buffer).setUint32(4, height, false);
  ihdr.set([options.depth ?? 8, options.color ?? 0, 0, 0, options.interlace ?? 0], 8);
  const idat = options.idat ?? new Uint8Array(deflateSync(new Uint8Array(height * (1 + width))));
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', ihdr),
    ...chunk('IDAT', idat),
    ...chunk('IEND', new Uint8Array(0)),
  ]);
}

test('every fixture (gray 1-8 bit, gray+alpha, RGB 8/16, RGBA, palette+tRNS, interlaced) decodes to width x height RGBA', () => {
  for (const [name, w, h] of [
    ['gray1.png', 13, 11],
    ['gray8.png', 12, 10],
    ['gray_alpha8.png', 9, 9],
    ['rgb8.png', 10, 8],
    ['rgb16.png', 7, 6],
    ['rgba8.png', 8, 8],
    ['palette4.png', 11, 9],
    ['interlaced_rgba8.png', 10, 9],
    ['interlaced_gray2.png', 7, 5],
  ] as const) {
    const image = decodePng(fixture(name), name);
    assert.equal(image.width, w, name);
    assert.equal(image.height, h, name);
    assert.equal(image.channels, 4);
    assert.equal(image.data.length, w * h * 4, name);
  }
});

test('readPngHeader reports the size, colour type and the scanline bytes it expects', () => {
  const h = readPngHeader(png(5, 3), 'a.png');
  assert.deepEqual(
    { ...h, compressedSize: 0 },
    { width: 5, height: 3, bitDepth: 8, colorType: 0, interlaced: false, rawSize: 18, compressedSize: 0 },
  );
});

test('readPng names a missing file; decodePng names damaged ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-png-'));
  throwsWith(
    () => readPng(join(dir, 'nope.png')),
    'BAD_FILE',
    /nope\.png: cannot read the image \(no such file or directory\)/,
  );
  const path = join(dir, 'cut.png');
  writeFileSync(path, fixture('gray8.png').subarray(0, 60));
  throwsWith(
    () => readPng(path),
    'BAD_FILE',
    /cut\.png: not a valid PNG image: chunk IDAT at offset 49 claims \d+ bytes of data, but only \d+ remain/,
  );
});

test('wrong signature, missing or misplaced IHDR, illegal fields and no image data are refused by name', () => {
  const good = png(4, 4);
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array([0x89, 0x50]), /truncated: the 8-byte signature at offset 0 is cut off after 2 bytes/],
    [new TextEncoder().encode('GIF89a....'), /wrong signature at offset 0/],
    [
      new Uint8Array([...good.subarray(0, 8), ...chunk('IDAT', new Uint8Array(4))]),
      /the first chunk \(at offset 8\) must be IHDR, got chunk IDAT/,
    ],
    [png(0, 4), /claims 0 x 4 pixels/],
    [png(4, 4, { color: 5 }), /unknown colour type 5/],
    [png(4, 4, { color: 2, depth: 4 }), /bit depth 4 is not allowed for colour type 2 \(allowed: 8, 16\)/],
    [png(4, 4, { interlace: 2 }), /unknown interlace method 2/],
    [new Uint8Array([...good.subarray(0, 33), ...chunk('IEND', new Uint8Array(0))]), /no image data \(IDAT chunk\)/],
  ];
  for (const [bytes, pattern] of cases)
    throwsWith(() => decodePng(bytes, 'bad.png'), 'BAD_FILE', /bad\.png: not a valid PNG image: /, pattern);
});

test('damage pngjs finds (a CRC, a broken deflate stream, a bad filter byte) is BAD_FILE, not a pngjs exception', () => {
  const crc = fixture('gray8.png');
  crc[30] = crc[30]! ^ 0xff; // inside IHDR's CRC
  throwsWith(() => decodePng(crc, 'crc.png'), 'BAD_FILE', /crc\.png: not a readable PNG image \(/);
  throwsWith(
    () => decodePng(png(4, 4, { idat: new Uint8Array([1, 2, 3, 4]) }), 'zlib.png'),
    'BAD_FILE',
    /zlib\.png: not a readable PNG image: the image data \(IDAT\) is not a valid zlib stream/,
  );
  const raw = new Uint8Array(4 * 5);
  raw[0] = 9; // filter type 9 does not exist
  throwsWith(
    () => decodePng(png(4, 4, { idat: new Uint8Array(deflateSync(raw)) }), 'filter.png'),
    'BAD_FILE',
    /filter\.png: not a readable PNG image/,
  );
});

test('a corrupt zlib stream is refused every time: pngjs alone would return its uninitialised buffer as pixels', () => {
  // Found by the PNG fuzz test: pngjs reads zlib's state the wrong way round after an error, and
  // decodes whatever an allocUnsafe buffer held, so the same bytes decoded on some runs and not others.
  const garbage = png(28, 28, { idat: new Uint8Array([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff]) });
  for (let i = 0; i < 50; i++)
    throwsWith(() => decodePng(garbage, 'garbage.png'), 'BAD_FILE', /not a valid zlib stream/);
  const short = png(28, 28, { idat: new Uint8Array(deflateSync(new Uint8Array(100))) });
  throwsWith(
    () => decodePng(short, 'short.png'),
    'BAD_FILE',
    /short\.png: .*inflates to 100 bytes, but 28 x 28 pixels need 812/,
  );
  const long = png(2, 2, { idat: new Uint8Array(deflateSync(new Uint8Array(100))) });
  throwsWith(
    () => decodePng(long, 'long.png'),
    'BAD_FILE',
    /long\.png: .*inflates to more than the 6 bytes 2 x 2 pixels need/,
  );
});

test('a small interlaced file whose data inflates far past its header is stopped at the claimed size (a bomb)', () => {
  const bomb = png(8, 8, { interlace: 1, idat: new Uint8Array(deflateSync(new Uint8Array(64 << 20))) });
  assert.ok(bomb.length < 200_000);
  const before = process.memoryUsage().arrayBuffers;
  throwsWith(() => decodePng(bomb, 'bomb.png'), 'BAD_FILE', /bomb\.png: not a readable PNG image/);
  assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 2 ** 20);
});

test('a header claiming more pixels than its compressed data can produce is refused before decoding', () => {
  throwsWith(
    () => decodePng(png(4000, 1000, { idat: new Uint8Array(deflateSync(new Uint8Array(10))) }), 'liar.png'),
    'BAD_FILE',
    /IHDR claims 4000 x 1000 pixels \(4001000 bytes of scanlines\), more than \d+ bytes of IDAT data can inflate to/,
  );
});
