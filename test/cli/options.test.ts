// Each command's options are described once: --help prints the default that the command applies,
// and that default, typed as help shows it, is a value the option's parser accepts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { helpText, parseOptions, readCommandLine } from '../../src/cli/command.js';
import { ScratchnetError } from '../../src/index.js';
import { option } from '../../src/cli/options.js';
import { COMMANDS } from '../../src/cli/run.js';

/** The --help line of `--name`. */
function helpLine(help: string, name: string): string {
  const line = help.split('\n').find((l) => new RegExp(`^\\s+(-\\w, )?--${name}( <[^>]+>)?\\s`).test(l));
  assert.ok(line !== undefined, `--help lists --${name}`);
  return line;
}

describe('command-line options', () => {
  for (const command of COMMANDS) {
    test(`${command.name}: --help shows each option's default, which its parser accepts`, () => {
      const help = helpText(command);
      const defaults = parseOptions(command, { given: {}, positionals: [] }).options as Record<string, unknown>;
      for (const [name, spec] of Object.entries(command.options)) {
        const line = helpLine(help, name);
        assert.deepEqual(defaults[name], spec.default, `--${name}: an option not given takes its default`);
        if (spec.defaultText === undefined) {
          assert.ok(spec.default === undefined || spec.type === 'boolean', `--${name} has a default that help hides`);
          continue;
        }
        assert.ok(line.endsWith(`(default: ${spec.defaultText})`), `${line}: shows the default ${spec.defaultText}`);
        const parsed = spec.parse(spec.defaultText, name);
        assert.equal(
          spec.format(parsed as NonNullable<unknown>),
          spec.defaultText,
          `--${name}: the default round-trips`,
        );
        assert.equal(spec.format(spec.default as NonNullable<unknown>), spec.defaultText, `--${name}`);
      }
    });
  }

  test('parsers name the option, the value and what they expect', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => option.int({ description: '' }).parse('0', 'n'), /^--n must be an integer >= 1, got "0"$/],
      [() => option.int({ min: 0, max: 9, description: '' }).parse('10', 'n'), /^--n must be an integer from 0 to 9/],
      // Decimal only: Number() reads these as 80, 1000 and 0.
      [() => option.int({ min: 0, max: 65535, description: '' }).parse('0x50', 'port'), /^--port must be .*"0x50"/],
      [() => option.int({ min: 0, description: '' }).parse('1e3', 'n'), /^--n must be .*"1e3"/],
      [() => option.int({ min: 0, description: '' }).parse(' ', 'n'), /^--n must be an integer/],
      [
        () => option.float({ description: '', check: (x) => x > 0, rule: 'a positive number' }).parse('-1', 'lr'),
        /^--lr must be a positive number, got "-1"$/,
      ],
      [() => option.choice(['a', 'b'], { description: '' }).parse('c', 'x'), /^--x must be one of a, b, got "c"$/],
      [() => option.intList({ description: '' }).parse('1,,2', 'h'), /^--h must be a comma-separated list/],
    ];
    for (const [parse, message] of cases)
      assert.throws(parse, (e: Error) => e.name === 'ScratchnetError' && message.test(e.message));
  });

  test('parsed values are typed values', () => {
    assert.deepEqual(option.intList({ description: '' }).parse(' 100, 20', 'h'), [100, 20]);
    assert.equal(option.float({ description: '', check: () => true, rule: '' }).parse('1e-3', 'lr'), 0.001);
    assert.equal(option.int({ min: 0, description: '' }).parse('0', 'seed'), 0);
    assert.equal(option.flag({ description: '' }).default, false);
  });
});

test('arguments beyond what a command takes are refused by name before it runs', () => {
  const byName = (name: string) => COMMANDS.find((c) => c.name === name)!;
  const cases: [string, string[], RegExp][] = [
    ['show', ['0', '1', '2'], /^unexpected arguments "1" "2": usage: scratchnet show <index>/],
    ['serve', ['extra'], /^unexpected argument "extra": usage: scratchnet serve \[options\]$/],
    ['train', ['--epochs', '1', 'oops'], /^unexpected argument "oops"/],
    ['plot', ['relu', 'sigmoid'], /^unexpected argument "sigmoid"/],
  ];
  for (const [name, argv, pattern] of cases) {
    assert.throws(
      () => readCommandLine(byName(name), argv),
      (e: unknown) => e instanceof ScratchnetError && e.code === 'BAD_ARGUMENT' && pattern.test(e.message),
      `${name} ${argv.join(' ')}`,
    );
  }
  assert.deepEqual(readCommandLine(byName('predict'), ['a.png', 'b.png', 'c.png']).positionals, [
    'a.png',
    'b.png',
    'c.png',
  ]);
  assert.deepEqual(readCommandLine(byName('show'), ['7']).positionals, ['7']);
  assert.deepEqual(readCommandLine(byName('serve'), ['extra', '--help']).given.help, true);
});
