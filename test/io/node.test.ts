// Files on disk: save/load round trips, file errors as BAD_FILE naming the path, and atomic
// writes: a write that fails or is killed halfway leaves the previous file intact and (when it
// fails by an exception) no temporary file behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { array, type NDArray } from '../../src/index.js';
import {
  loadNpy,
  loadNpz,
  loadSafetensors,
  saveNpy,
  saveNpz,
  saveSafetensors,
  writeFileAtomic,
} from '../../src/io/node.js';
import { throwsWith } from '../helpers/throws.js';
import { assertSame, sampleArray } from './io-helpers.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scratchnet-io-'));
}

const params = (): Record<string, NDArray> => ({
  W1: sampleArray('float32', [4, 3]),
  b1: sampleArray('float32', [3]),
  steps: sampleArray('int32', []),
  mask: sampleArray('bool', [2, 2]),
});

test('saveSafetensors / loadSafetensors round-trip tensors and metadata through a file', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'params.safetensors');
    saveSafetensors(path, params(), { epochs: '3' });
    const { tensors, metadata } = loadSafetensors(path);
    assert.deepEqual(metadata, { epochs: '3' });
    for (const [key, value] of Object.entries(params())) assertSame(tensors[key]!, value, key);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('saveNpy / loadNpy and saveNpz / loadNpz (stored and compressed) round-trip through files', () => {
  const dir = tempDir();
  try {
    const a = sampleArray('float64', [3, 5]);
    saveNpy(join(dir, 'a.npy'), a);
    assertSame(loadNpy(join(dir, 'a.npy')), a);
    for (const compress of [false, true]) {
      const path = join(dir, compress ? 'c.npz' : 's.npz');
      saveNpz(path, params(), { compress });
      const back = loadNpz(path);
      for (const [key, value] of Object.entries(params())) assertSame(back[key]!, value, key);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['a.npy', 'c.npz', 's.npz'], 'no .npz appended, no temporary files left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loading a missing file, a directory or a malformed file is a BAD_FILE error naming the path', () => {
  const dir = tempDir();
  try {
    const missing = join(dir, 'nope.safetensors');
    throwsWith(
      () => loadSafetensors(missing),
      'BAD_FILE',
      new RegExp(`cannot read safetensors file ${missing}: no such file`),
    );
    throwsWith(() => loadNpy(join(dir, 'nope.npy')), 'BAD_FILE', /cannot read \.npy file .*nope\.npy: no such file/);
    throwsWith(() => loadNpz(dir), 'BAD_FILE', new RegExp(`cannot read \\.npz file ${dir}: it is a directory`));
    const junk = join(dir, 'junk.npy');
    writeFileSync(junk, 'not numpy');
    throwsWith(
      () => loadNpy(junk),
      'BAD_FILE',
      new RegExp(`^(?:\\w+: )?${junk}: not a valid \\.npy file: wrong magic`),
    );
    throwsWith(
      () => loadSafetensors(junk),
      'BAD_FILE',
      new RegExp(`^(?:\\w+: )?${junk}: not a valid safetensors file`),
    );
    throwsWith(() => loadNpz(junk), 'BAD_FILE', new RegExp(`^(?:\\w+: )?${junk}: not a valid zip file`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable file is a BAD_FILE "permission denied" error', {
  skip: process.getuid?.() === 0 ? 'root reads any file' : false,
}, () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'secret.npy');
    saveNpy(path, array([1]));
    chmodSync(path, 0o000);
    throwsWith(() => loadNpy(path), 'BAD_FILE', /permission denied/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("writeFileAtomic replaces the content, accepts chunks, and keeps the old file's permissions", () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'w.bin');
    writeFileSync(path, 'old');
    chmodSync(path, 0o600);
    writeFileAtomic(path, [new Uint8Array([110, 101]), new Uint8Array(0), new Uint8Array([119])]);
    assert.equal(readFileSync(path, 'utf8'), 'new');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['w.bin']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an exception halfway through a write leaves the old file intact and no temporary file behind', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'params.safetensors');
    saveSafetensors(path, params());
    const before = readFileSync(path);
    const failure = new Error('disk on fire');
    function* halfThenFail(): Generator<Uint8Array> {
      yield new Uint8Array(4096).fill(1);
      // The temporary file really holds the first half at this point.
      const temps = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      assert.equal(temps.length, 1);
      assert.equal(statSync(join(dir, temps[0]!)).size, 4096);
      throw failure;
    }
    assert.throws(
      () => writeFileAtomic(path, halfThenFail()),
      (error: unknown) => error === failure,
    );
    assert.deepEqual(readFileSync(path), before);
    assert.deepEqual(readdirSync(dir), ['params.safetensors']);
    assertSame(loadSafetensors(path).tensors.W1!, params().W1!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an encoding error (bad metadata) fails before the file is touched', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'p.safetensors');
    saveSafetensors(path, params());
    const before = readFileSync(path);
    throwsWith(
      () => saveSafetensors(path, params(), { n: 1 } as unknown as Record<string, string>),
      'BAD_ARGUMENT',
      /metadata "n"/,
    );
    assert.deepEqual(readFileSync(path), before);
    assert.deepEqual(readdirSync(dir), ['p.safetensors']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing rename (the target is a directory) removes the finished temporary file and names the path', () => {
  const dir = tempDir();
  try {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'keep me');
    throwsWith(() => saveNpy(target, array([1, 2])), 'BAD_FILE', new RegExp(`cannot write ${target}: `));
    assert.deepEqual(readdirSync(dir), ['taken']);
    assert.equal(readFileSync(join(target, 'inside'), 'utf8'), 'keep me');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writing into a missing directory is a BAD_FILE error naming the path', () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'no', 'such', 'dir', 'w.npz');
    throwsWith(
      () => saveNpz(path, params()),
      'BAD_FILE',
      new RegExp(`cannot write ${path}: no such file or directory`),
    );
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('saving through a symlink replaces the file it points to and keeps the link', () => {
  const dir = tempDir();
  try {
    const real = join(dir, 'real.npy');
    const link = join(dir, 'link.npy');
    saveNpy(real, array([1]));
    symlinkSync(real, link);
    saveNpy(link, array([2, 3]));
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.deepEqual([...loadNpy(real).data], [2, 3]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a process killed in the middle of an atomic write leaves the previous file byte for byte', async () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'weights.npy');
    saveNpy(path, sampleArray('float64', [10, 10]));
    const before = readFileSync(path);
    const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'atomic-child.ts'), path], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('half')) resolve();
      });
      child.on('exit', () => reject(new Error(`child exited before writing half: ${stderr}`)));
    });
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    assert.deepEqual(readFileSync(path), before, 'the target still holds the old file');
    // SIGKILL runs no cleanup, so the half-written temporary file stays, under its own name.
    const temps = readdirSync(dir).filter((f) => f !== 'weights.npy');
    assert.equal(temps.length, 1);
    assert.match(temps[0]!, /^(?:\w+: )?\.weights\.npy\.\d+\.[0-9a-f]{12}\.tmp$/);
    assert.equal(statSync(join(dir, temps[0]!)).size, 1 << 16);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
