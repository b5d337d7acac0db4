import { parseArgs } from 'node:util';
import { ScratchnetError } from '../errors.js';

/** Where a command writes: stdout for results, stderr for progress and messages. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in --help as `--name <value>`. */
  value?: string;
  description: string;
  default?: string;
}

export interface Command {
  name: string;
  summary: string;
  /** The usage line after `scratchnet`, e.g. `train [options]`. */
  usage: string;
  options: Record<string, OptionSpec>;
  /** Extra help text (examples). */
  details?: string;
  run(args: ParsedArgs, io: Io): Promise<void>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Options every command has. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  debug: { type: 'boolean', description: 'print stack traces of errors' },
};

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    // parseArgs explains well but knows nothing of our commands: say where to look.
    const message = error instanceof Error ? error.message : String(error);
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${message.replace(/\. To specify.*$/s, '')} (see 'scratchnet ${command.name} --help')`,
    );
  }
}

export function helpText(command: Command): string {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` <${spec.value}>` : ''}`;
    const extra = spec.default !== undefined ? ` (default: ${spec.default})` : '';
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

// ---- option values: each parser names the option in its error ----

export function stringOption(args: ParsedArgs, name: string, fallback: string): string {
  const v = args.values[name];
  return typeof v === 'string' ? v : fallback;
}

export function intOption(args: ParsedArgs, name: string, fallback: number, min = 1): number {
  const v = args.values[name];
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new ScratchnetError('BAD_ARGUMENT', `--${name} must be an integer >= ${min}, got "${v}"`);
  return n;
}

export function optionalInt(args: ParsedArgs, name: string, min = 1): number | undefined {
  return typeof args.values[name] === 'string' ? intOption(args, name, 0, min) : undefined;
}

export function floatOption(
  args: ParsedArgs,
  name: string,
  fallback: number | undefined,
  check: (x: number) => boolean,
  rule: string,
): number | undefined {
  const v = args.values[name];
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new ScratchnetError('BAD_ARGUMENT', `--${name} must be ${rule}, got "${v}"`);
  return n;
}

export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = args.values[name];
  if (typeof v !== 'string') return fallback;
  if (!(choices as readonly string[]).includes(v)) {
    throw new ScratchnetError('BAD_ARGUMENT', `--${name} must be one of ${choices.join(', ')}, got "${v}"`);
  }
  return v as T;
}

/** "100,100" -> [100, 100]. */
export function intListOption(args: ParsedArgs, name: string, fallback: number[]): number[] {
  const v = args.values[name];
  if (typeof v !== 'string') return fallback;
  const parts = v.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length === 0 || parts.some((p, i) => p === '' || !Number.isInteger(values[i]) || values[i]! < 1)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `--${name} must be a comma-separated list of positive integers such as 100,100, got "${v}"`,
    );
  }
  return values;
}
