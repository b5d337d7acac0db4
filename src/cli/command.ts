import { parseArgs } from 'node:util';
import { ScratchnetError } from '../errors.js';
import { option, type OptionSpecs, type OptionValues } from './options.js';

/** Where a command writes: stdout for results, stderr for progress and messages. */
export interface Io {
  /** Results: what a script reading the output wants. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Progress bars, warnings and errors. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/**
 * A subcommand of `scratchnet`: its help texts, its options and what it does. Use `defineCommand`
 * so that `run` sees the types of its own options.
 */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** The word after `scratchnet`. */
  name: string;
  /** One paragraph for `--help`; its first sentence is the command's line in `scratchnet --help`. */
  summary: string;
  /** The usage line after `scratchnet`, e.g. `train [options]`. */
  usage: string;
  /** The command's options (`--help` and `--debug` are added to every command). */
  options: O;
  /** Extra help text (examples). */
  details?: string;
  /**
   * How many arguments that are not options it takes, `[least, most]` (most `Infinity` for any
   * number); none when left out. More or fewer are refused before anything runs.
   */
  positionals?: readonly [number, number];
  /** Does the work. Throws `ScratchnetError` for anything the user can fix. */
  run(args: ParsedArgs<OptionValues<O>>, io: Io): Promise<void>;
}

/** A command line, parsed against a command's options. */
export interface ParsedArgs<V = Record<string, unknown>> {
  /** Every option's value: parsed, or its default where it was not given. */
  options: V;
  /** The options given on the command line, by name, as typed (true for a flag). */
  given: Readonly<Record<string, string | boolean>>;
  /** The arguments that are not options, in order. */
  positionals: string[];
}

/** `command`, typed: its `run` receives the parsed values of exactly its options. */
export function defineCommand<O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** Options every command has. */
export const COMMON_OPTIONS = {
  help: option.flag({ short: 'h', description: 'show this help' }),
  debug: option.flag({ description: 'print stack traces of errors' }),
};

/** A command line split into options (as typed) and positionals, before any option value is parsed. */
export type CommandLine = Omit<ParsedArgs, 'options'>;

/**
 * Splits `argv` (the arguments after the command's name) into options and positionals. Throws
 * `BAD_ARGUMENT` for an unknown option or a missing value, pointing to the command's `--help`.
 */
export function readCommandLine(command: Command, argv: string[]): CommandLine {
  const options: OptionSpecs = { ...command.options, ...COMMON_OPTIONS };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    if (given.help !== true) checkPositionals(command, positionals);
    return { given: given as CommandLine['given'], positionals };
  } catch (error) {
    if (error instanceof ScratchnetError) throw error;
    // parseArgs explains well but knows nothing of our commands: say where to look.
    const message = error instanceof Error ? error.message : String(error);
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${message.replace(/\. To specify.*$/s, '')} (see 'scratchnet ${command.name} --help')`,
    );
  }
}

/** Refuses arguments beyond what `command.positionals` allows (`show 0 1 2`, `serve extra`). */
function checkPositionals(command: Command, positionals: string[]): void {
  const [least, most] = command.positionals ?? [0, 0];
  if (positionals.length > most) {
    const extra = positionals.slice(most).map((p) => JSON.stringify(p));
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(' ')}: usage: scratchnet ${command.usage}`,
    );
  }
  if (positionals.length < least) {
    throw new ScratchnetError('BAD_ARGUMENT', `missing argument: usage: scratchnet ${command.usage}`);
  }
}

/**
 * Every option's value: the given text parsed by the option's spec, or the spec's default. Throws
 * `BAD_ARGUMENT` for the first option (in the order `--help` lists them) whose text is not valid.
 */
export function parseOptions<O extends OptionSpecs>(
  command: Command<O>,
  line: CommandLine,
): ParsedArgs<OptionValues<O>> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const text = line.given[name];
    values[name] = text === undefined ? spec.default : typeof text === 'string' ? spec.parse(text, name) : text;
  }
  return { ...line, options: values as OptionValues<O> };
}

/** The `--help` text of `command`: usage, summary, one line per option with its default, details. */
export function helpText(command: Command): string {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` <${spec.value}>` : ''}`;
    const extra = spec.defaultText !== undefined ? ` (default: ${spec.defaultText})` : '';
    return [flag, spec.description + extra] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  const lines = [
    `Usage: scratchnet ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`),
  ];
  if (command.details) lines.push('', command.details);
  return `${lines.join('\n')}\n`;
}
