// .npz decompression bombs: an archive whose members declare far more bytes than its size allows is
// refused before anything is inflated; a member whose stream runs past its declared size is stopped
// there; maxInflatedBytes lets a legitimate, very compressible archive through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeNpz,
  decodeZip,
  INFLATE_FLOOR_BYTES,
  loadNpz,
  loadNpzDataset,
  MAX_INFLATE_RATIO,
} from '../../src/index.js';
import { inflateRawCapped } from '../../src/io/zlib-node.js';
import { crc32Zeros, deflatedZeros, npyHeader, npzBomb, zipOf } from '../helpers/bombs.js';
import { throwsWith } from '../helpers/throws.js';

test('a 1.2 MB .npz declaring 1.25 GB is refused before inflating (memory: test/cli/memory-budget.test.ts)', () => {
  const bomb = npzBomb(400_000, 784, false);
  assert.ok(bomb.length < 1_500_000, `${bomb.length} bytes`);
  const heapBefore = process.memoryUsage().arrayBuffers;
  throwsWith(
    () => decodeNpz(bomb, 'bomb.npz', inflateRawCapped),
    'BAD_FILE',
    /^(?:\w+: )?bomb\.npz: its 2 member\(s\) declare 1256\d+ bytes in all from a \d+-byte file, more than the limit of \d+ bytes/,
    /decompression bomb; pass maxInflatedBytes/,
  );
  assert.ok(process.memoryUsage().arrayBuffers - heapBefore < 64 * 2 ** 20);
});

test('the default limit is 64 MiB plus 100 times the file; maxInflatedBytes raises or lowers it', () => {
  assert.equal(MAX_INFLATE_RATIO, 100);
  assert.equal(INFLATE_FLOOR_BYTES, 64 * 2 ** 20);
  // 25000 x 1000 float32 zeros: 100 MB from about 100 KB, over the default of about 74 MB.
  const bomb = npzBomb(25_000, 1000);
  throwsWith(() => decodeNpz(bomb, 'zeros.npz', inflateRawCapped), 'BAD_FILE', /decompression bomb/);
  const { x, t } = decodeNpz(bomb, 'zeros.npz', inflateRawCapped, { maxInflatedBytes: 2 ** 28 });
  assert.deepEqual(x?.shape, [25_000, 1000]);
  assert.deepEqual(t?.shape, [25_000]);
  throwsWith(
    () => decodeZip(npzBomb(10, 10), 'small.npz', inflateRawCapped, { maxInflatedBytes: 100 }),
    'BAD_FILE',
    /more than the limit of 100 bytes/,
  );
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-npz-'));
  const path = join(dir, 'zeros.npz');
  writeFileSync(path, bomb);
  throwsWith(() => loadNpz(path), 'BAD_FILE', /zeros\.npz: .*decompression bomb/);
  assert.deepEqual(loadNpz(path, { maxInflatedBytes: Number.POSITIVE_INFINITY }).x?.shape, [25_000, 1000]);
  const small = join(dir, 'small.npz');
  writeFileSync(small, npzBomb(100, 10));
  assert.equal(loadNpzDataset(small).train.x.shape[0], 80);
  throwsWith(() => loadNpzDataset(small, { maxInflatedBytes: 100 }), 'BAD_FILE', /small\.npz: .*limit of 100 bytes/);
  rmSync(dir, { recursive: true });
});

test('a member whose stream inflates far past its declared size is stopped at the declaration', () => {
  const header = npyHeader([4]);
  const lying = zipOf([
    { name: 'x.npy', deflated: deflatedZeros(header, 2 ** 30), size: header.length + 16, crc: crc32Zeros(header, 16) },
  ]);
  const heapBefore = process.memoryUsage().arrayBuffers;
  throwsWith(() => decodeNpz(lying, 'liar.npz', inflateRawCapped), 'BAD_FILE', /liar\.npz/, /cannot inflate/);
  assert.ok(process.memoryUsage().arrayBuffers - heapBefore < 64 * 2 ** 20);
});

test('maxInflatedBytes must be a number of bytes, and no other option is taken', () => {
  const bomb = npzBomb(10, 10);
  const options = (value: unknown) => ({ maxInflatedBytes: value }) as { maxInflatedBytes: number };
  throwsWith(
    () => decodeNpz(bomb, 'a.npz', inflateRawCapped, options(-1)),
    'BAD_ARGUMENT',
    /decodeNpz: options\.maxInflatedBytes must be a number of bytes >= 0/,
  );
  throwsWith(
    () => decodeNpz(bomb, 'a.npz', inflateRawCapped, options('big')),
    'BAD_ARGUMENT',
    /maxInflatedBytes must be a number/,
  );
  throwsWith(() => decodeNpz(bomb, 'a.npz', inflateRawCapped, options(Number.NaN)), 'BAD_ARGUMENT', /maxInflatedBytes/);
  throwsWith(
    () => decodeNpz(bomb, 'a.npz', inflateRawCapped, { maxBytes: 1 } as never),
    'BAD_ARGUMENT',
    /unknown option "maxBytes" \(known: maxInflatedBytes\)/,
  );
});
