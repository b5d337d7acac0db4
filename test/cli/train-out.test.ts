// `scratchnet train --out`: checked and locked before the data is loaded, written as a set, never
// through a symlink that sits in the folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LOCK_NAME, OutputFolder } from '../../src/cli/output-folder.js';
import { ScratchnetError } from '../../src/index.js';
import { cli } from '../helpers/cli.js';

const TINY = ['--train-size', '500', '--test-size', '100', '--hidden', '10', '--iterations', '10'];
const tmp = mkdtempSync(join(tmpdir(), 'scratchnet-out-'));

/** The PID of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('scratchnet train --out', { concurrency: true }, () => {
  test('an --out that is a file, or lies under one, fails at once in one line, before any data is loaded', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'not a folder');
    for (const out of [file, join(file, 'run')]) {
      const r = await cli('train', ...TINY, '--out', out);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^scratchnet train: --out .*a-file.*: (it is not a folder|cannot create the folder)/m);
      assert.doesNotMatch(r.stderr, /^training /m, 'nothing was trained');
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    }
    assert.equal(readFileSync(file, 'utf8'), 'not a folder');
  });

  test('a second run into a folder that a live run holds is refused, naming its PID; a stale lock is taken over', async () => {
    const busy = join(tmp, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, LOCK_NAME), `${process.pid}\n`);
    const refused = await cli('train', ...TINY, '--out', busy);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(`another scratchnet run \\(PID ${process.pid}\\) is writing into this folder`),
    );
    assert.equal(existsSync(join(busy, 'model.safetensors')), false);

    const stale = join(tmp, 'stale');
    mkdirSync(stale);
    writeFileSync(join(stale, LOCK_NAME), `${deadPid()}\n`);
    const ran = await cli('train', ...TINY, '--out', stale);
    assert.equal(ran.code, 0, ran.stderr);
    assert.ok(existsSync(join(stale, 'model.safetensors')));
    assert.equal(existsSync(join(stale, LOCK_NAME)), false, 'the lock is removed when the run ends');
    assert.deepEqual(
      readdirSync(stale).filter((n) => n.startsWith('.')),
      [],
      'no staging folder is left behind',
    );
  });

  test('a symlink in --out is replaced by the new file; the file it pointed to is untouched', async () => {
    const out = join(tmp, 'links');
    mkdirSync(out);
    const victim = join(tmp, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(out, 'loss.svg'));
    const r = await cli('train', ...TINY, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'keep me');
    assert.ok(lstatSync(join(out, 'loss.svg')).isFile());
    assert.match(readFileSync(join(out, 'loss.svg'), 'utf8'), /<svg/);
  });
});

test('plot and show with an --out they cannot create fail in one line naming it', async () => {
  const file = join(tmp, 'in-the-way');
  writeFileSync(file, 'a file');
  const runs = [
    ['plot', 'relu', '--out', join(file, 'charts')],
    ['show', '0', '--out', join(file, 'digit.png')],
  ];
  for (const args of runs) {
    const r = await cli(...args);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /^scratchnet \w+: --out .*in-the-way\S*: (cannot create the folder: a parent is not a directory|it is not a folder)$/m,
    );
    assert.doesNotMatch(r.stderr, /internal error/);
  }
});

describe('OutputFolder.writeSet', () => {
  test('all files or none: a failing write leaves the previous files as they were and says which were kept', () => {
    const dir = join(tmp, 'set');
    const folder = OutputFolder.open(dir);
    writeFileSync(join(dir, 'model.bin'), 'old model');
    writeFileSync(join(dir, 'history.json'), 'old history');
    assert.throws(
      () =>
        folder.writeSet([
          { name: 'model.bin', write: (path) => writeFileSync(path, 'new model') },
          {
            name: 'history.json',
            write: () => {
              throw new ScratchnetError('BAD_FILE', 'cannot write history.json: no space left on the device');
            },
          },
        ]),
      (e: unknown) =>
        e instanceof ScratchnetError &&
        /no space left .*nothing was written: .* keeps its previous model\.bin, history\.json/.test(e.message),
    );
    assert.equal(readFileSync(join(dir, 'model.bin'), 'utf8'), 'old model');
    assert.equal(readFileSync(join(dir, 'history.json'), 'utf8'), 'old history');
    assert.deepEqual(readdirSync(dir).sort(), [LOCK_NAME, 'history.json', 'model.bin'].sort());
    const written = folder.writeSet([{ name: 'model.bin', write: (path) => writeFileSync(path, 'new model') }]);
    assert.deepEqual(written, [join(dir, 'model.bin')]);
    assert.equal(readFileSync(join(dir, 'model.bin'), 'utf8'), 'new model');
    folder.release();
    assert.equal(existsSync(join(dir, LOCK_NAME)), false);
  });
});
