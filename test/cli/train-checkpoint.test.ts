// `scratchnet train --checkpoint-every / --resume` as a user runs it, and the CLI's error promise: every
// failure is one line on stderr with exit code 1, a stack trace only with --debug.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors, ScratchnetError, loadCheckpoint } from '../../src/index.js';
import { parseOptions, readCommandLine } from '../../src/cli/command.js';
import { trainCommand } from '../../src/cli/commands/train.js';
import { readTrainSettings, SETTINGS_KEY, settingsFromMetadata } from '../../src/cli/train-settings.js';
import { formatError } from '../../src/cli/run.js';
import { cli, type CliResult as Result } from '../helpers/cli.js';

const SMALL = ['--train-size', '2000', '--test-size', '500', '--hidden', '20'];

/** One line on stderr (the progress lines of a run before the failure aside), no stack. */
function assertOneLineError(r: Result, pattern: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('scratchnet '));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

const tmp = mkdtempSync(join(tmpdir(), 'scratchnet-cli-ckpt-'));

describe('scratchnet train checkpoints', { concurrency: true }, () => {
  test('a diverging run stops with NAN_LOSS naming the iteration and the last good checkpoint, which loads, is finite and evaluates', async () => {
    const out = join(tmp, 'diverge');
    const r = await cli('train', ...SMALL, '--iterations', '300', '--lr', '5', '--checkpoint-every', '2', '--out', out);
    assertOneLineError(
      r,
      /^scratchnet train: Training diverged: the loss at iteration (\d+) \(epoch 1\) .* The last good checkpoint \(iteration (\d+)\) is kept in .*checkpoint\.safetensors\.$/,
    );
    const [, diverged, kept] = /iteration (\d+) \(epoch 1\).*iteration (\d+)\)/.exec(r.stderr)!;
    const checkpoint = loadCheckpoint(join(out, 'checkpoint', 'checkpoint.safetensors'));
    assert.equal(checkpoint.trainer.iteration, Number(kept));
    assert.ok(Number(kept) < Number(diverged));
    for (const [name, a] of Object.entries(checkpoint.tensors))
      assert.ok(a.data.every(Number.isFinite), `${name} is finite`);
    const evaluated = await cli(
      'eval',
      '--weights',
      join(out, 'checkpoint', 'checkpoint.safetensors'),
      '--test-size',
      '500',
      '--out',
      join(out, 'eval'),
    );
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout, /^Accuracy:0\.\d+$/m);
  });

  test('a diverging run without checkpoints says none was written', async () => {
    const r = await cli('train', ...SMALL, '--iterations', '300', '--lr', '5', '--out', join(tmp, 'diverge-none'));
    assertOneLineError(r, /Training diverged: .* No checkpoint was written \(--checkpoint-every n keeps one\)\.$/);
  });

  test('--resume continues with the saved settings, refuses conflicting ones by name, and accepts repeated ones', async () => {
    const out = join(tmp, 'resume');
    const first = await cli(
      'train',
      ...SMALL,
      '--iterations',
      '60',
      '--optimizer',
      'momentum',
      '--lr',
      '0.05',
      '--checkpoint-every',
      '30',
      '--out',
      out,
    );
    assert.equal(first.code, 0, first.stderr);
    assertOneLineError(
      await cli('train', '--resume', out, '--lr', '0.5'),
      /^scratchnet train: --lr 0\.5 conflicts with the checkpoint, whose run has lr 0\.05: a resumed run continues with the settings it started with/,
    );
    assertOneLineError(
      await cli('train', '--resume', out, '--epochs', '3'),
      /--epochs 3 conflicts with the checkpoint, whose run has epochs \(not set\)/,
    );
    assertOneLineError(
      await cli('train', '--resume', out, '--hidden', '20,20'),
      /--hidden 20,20 conflicts with the checkpoint, whose run has hiddenSizes 20/,
    );
    assertOneLineError(
      await cli('train', '--resume', join(tmp, 'nowhere')),
      /^scratchnet train: loadCheckpoint: cannot read checkpoint .*nowhere.*: no such file or directory$/,
    );
    const again = await cli('train', '--resume', out, '--lr', '0.05', '--optimizer', 'momentum');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /resuming at iteration 60 of 60/);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { loss: number[] };
    assert.equal(history.loss.length, 60);
  });

  test("--resume takes --lr equal to the optimizer's default as a repeat of a run that left --lr unset", async () => {
    const out = join(tmp, 'resume-default-lr');
    const first = await cli(
      'train',
      ...SMALL,
      '--iterations',
      '40',
      '--optimizer',
      'adam',
      '--checkpoint-every',
      '20',
      '--out',
      out,
    );
    assert.equal(first.code, 0, first.stderr);
    assertOneLineError(
      await cli('train', '--resume', out, '--lr', '0.002'),
      /--lr 0\.002 conflicts with the checkpoint, whose run has lr 0\.001 \(adam's default\)/,
    );
    const again = await cli('train', '--resume', out, '--lr', '0.001');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /resuming at iteration 40 of 40/);
    // Resuming into another folder names the checkpoint it read, and where new ones go.
    const elsewhere = join(tmp, 'resume-elsewhere');
    const moved = await cli('train', '--resume', out, '--out', elsewhere);
    assert.equal(moved.code, 0, moved.stderr);
    assert.ok(
      moved.stderr.includes(
        `from ${join(out, 'checkpoint', 'checkpoint.safetensors')}; new checkpoints go to ${join(elsewhere, 'checkpoint')}`,
      ),
      moved.stderr,
    );
  });

  test('--checkpoint-every must be a positive integer', async () => {
    assertOneLineError(
      await cli('train', '--checkpoint-every', '0'),
      /^scratchnet train: --checkpoint-every must be an integer >= 1, got "0"$/,
    );
  });

  test('--debug adds the stack trace to the one-line message', async () => {
    const r = await cli('eval', '--weights', join(tmp, 'missing.safetensors'), '--debug');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^scratchnet eval: .*missing\.safetensors: cannot read the weights file \(no such file\)\n/);
    assert.match(r.stderr, /\n\s+at /);
  });
});

test('formatError: user errors and internal errors are one line; the stack comes only with --debug', () => {
  const user = new ScratchnetError('BAD_FILE', 'w.npy: not a valid .npy file:\nwrong magic');
  assert.equal(formatError('eval', user, false), 'scratchnet eval: w.npy: not a valid .npy file: wrong magic\n');
  const bug = new TypeError("Cannot read properties of undefined (reading 'shape')");
  const line = formatError('train', bug, false);
  assert.equal(
    line,
    "scratchnet train: internal error: TypeError: Cannot read properties of undefined (reading 'shape') (a bug in scratchnet: please report it; --debug shows the stack trace)\n",
  );
  const debug = formatError('train', bug, true);
  assert.ok(
    debug.startsWith(
      "scratchnet train: internal error: TypeError: Cannot read properties of undefined (reading 'shape') (a bug in scratchnet: please report it)\n",
    ),
  );
  assert.match(debug, /\n\s+at /);
  assert.equal(
    formatError('x', 'a thrown string', false),
    'scratchnet x: internal error: a thrown string (a bug in scratchnet: please report it; --debug shows the stack trace)\n',
  );
});

describe('saved training settings that are out of range', () => {
  test('a bad setting in a checkpoint is named with what it must be, not dumped as cut-off JSON', () => {
    const good = readTrainSettings(parseOptions(trainCommand, readCommandLine(trainCommand, [])));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ batchSize: -1 }, /training setting "batchSize" must be a positive integer, got -1$/],
      [{ optimizer: 'fast' }, /training setting "optimizer" must be one of sgd, .*, got "fast"$/],
      [{ dropout: 'abc' }, /training setting "dropout" must be a number in \[0, 1\), got "abc"$/],
      [{ seed: undefined }, /training setting "seed" must be an integer >= 0, got nothing$/],
    ];
    for (const [change, pattern] of cases) {
      const metadata = { [SETTINGS_KEY]: JSON.stringify({ ...good, ...change }) };
      assert.throws(
        () => settingsFromMetadata(metadata, 'run/checkpoint.safetensors'),
        (e: unknown) => e instanceof ScratchnetError && e.code === 'BAD_FILE' && pattern.test(e.message),
        JSON.stringify(change),
      );
    }
    assert.deepEqual(settingsFromMetadata({ [SETTINGS_KEY]: JSON.stringify(good) }, 'x'), good);
  });

  test('a checkpoint whose checkpoint-every is -1 or "abc" is refused by name when resumed', async () => {
    const out = join(tmp, 'bad-every');
    const first = await cli('train', ...SMALL, '--iterations', '20', '--checkpoint-every', '10', '--out', out);
    assert.equal(first.code, 0, first.stderr);
    const file = join(out, 'checkpoint', 'checkpoint.safetensors');
    const saved = decodeSafetensors(new Uint8Array(readFileSync(file)));
    for (const every of ['-1', 'abc']) {
      writeFileSync(file, encodeSafetensors(saved.tensors, { ...saved.metadata, 'scratchnet.checkpointEvery': every }));
      assertOneLineError(
        await cli('train', '--resume', out),
        new RegExp(`"scratchnet\\.checkpointEvery" must be an integer >= 0, got "${every}"`),
      );
    }
  });
});
