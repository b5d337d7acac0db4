// Every file reader refuses what is not a regular file (a device, a FIFO, a directory, through a
// symlink too) with BAD_FILE naming the path, at once and without reading: /dev/zero never ends and a
// FIFO blocks its reader until someone writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadCheckpoint,
  loadCsv,
  loadNpy,
  loadNpz,
  loadSafetensors,
  loadWeightsFile,
  readIdxFile,
  readPng,
} from '../../src/index.js';
import { readRegularFile } from '../../src/io/read-file.js';
import { throwsWith } from '../helpers/throws.js';

const DEV_ZERO = '/dev/zero';
const unix = process.platform !== 'win32' && existsSync(DEV_ZERO);

/** Each public reader, called on a path. */
const READERS: Record<string, (path: string) => unknown> = {
  loadSafetensors,
  loadNpy,
  loadNpz,
  loadWeightsFile,
  loadCheckpoint,
  readIdxFile,
  readPng,
  loadCsv: (path) => loadCsv(path),
};

/** A folder with a symlink to /dev/zero, a FIFO and a subfolder. */
function hostileFiles(): { dir: string; zero: string; fifo: string; folder: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-read-'));
  const zero = join(dir, 'zero.safetensors');
  symlinkSync(DEV_ZERO, zero);
  const fifo = join(dir, 'pipe.npz');
  execFileSync('mkfifo', [fifo]);
  const folder = join(dir, 'folder.npy');
  mkdirSync(folder);
  return { dir, zero, fifo, folder };
}

test('readRegularFile reads a regular file whole, as a plain Uint8Array', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-read-'));
  const path = join(dir, 'a.bin');
  writeFileSync(path, Uint8Array.from([1, 2, 3]));
  const bytes = readRegularFile(path, { what: 'test file' });
  assert.deepEqual([...bytes], [1, 2, 3]);
  assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype);
  throwsWith(
    () => readRegularFile(path, { what: 'test file', maxBytes: 2 }),
    'BAD_FILE',
    /a\.bin: it holds 3 bytes, more than the 2 bytes scratchnet reads as a test file/,
  );
  throwsWith(() => readRegularFile(join(dir, 'nope'), { what: 'test file' }), 'BAD_FILE', /nope: no such file/);
  rmSync(dir, { recursive: true });
});

test('every file reader refuses a symlink to /dev/zero, a FIFO and a directory, naming the path', {
  skip: !unix,
}, () => {
  const { dir, zero, fifo, folder } = hostileFiles();
  for (const read of Object.values(READERS)) {
    throwsWith(() => read(zero), 'BAD_FILE', /zero\.safetensors/, /character device/);
    throwsWith(() => read(fifo), 'BAD_FILE', /pipe\.npz/, /FIFO/);
    throwsWith(() => read(folder), 'BAD_FILE', /folder\.npy/, /directory/);
  }
  rmSync(dir, { recursive: true });
});
