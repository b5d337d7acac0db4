// Errors name the function the caller called: a decoder's BAD_FILE, a path that is no string, a
// ScratchnetError made with a code outside ErrorCode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, decodeNpy, decodeNpz, loadNpz, saveNpy, ScratchnetError } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

test('a decoder names itself in front of the file problem', () => {
  throwsWith(() => decodeNpy(new Uint8Array(4)), 'BAD_FILE', /^decodeNpy: <bytes>: not a valid \.npy file/);
  throwsWith(() => decodeNpz(new Uint8Array(4), 'w.npz'), 'BAD_FILE', /^decodeNpz: w\.npz: not a valid zip file/);
});

test('a loader names itself, not the decoder it calls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-named-'));
  try {
    const path = join(dir, 'junk.npz');
    writeFileSync(path, 'not a zip');
    throwsWith(() => loadNpz(path), 'BAD_FILE', /^loadNpz: .*junk\.npz: not a valid zip file/);
    throwsWith(() => saveNpy(3 as never, array([1])), 'BAD_ARGUMENT', /^saveNpy: path must be a string/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ScratchnetError takes only the known codes and a string message', () => {
  assert.equal(new ScratchnetError('BAD_FILE', 'm').code, 'BAD_FILE');
  throwsWith(
    () => new ScratchnetError('NOPE' as never, 'm'),
    'BAD_ARGUMENT',
    /^ScratchnetError: code must be one of SHAPE_MISMATCH/,
  );
  throwsWith(
    () => new ScratchnetError('BAD_FILE', 3 as never),
    'BAD_ARGUMENT',
    /^ScratchnetError: message must be a string/,
  );
});
