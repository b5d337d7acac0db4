/**
 * Command-line options, each described once: its placeholder, help text, default and parser. A
 * command receives its options already parsed, with defaults applied, and `--help` prints the
 * default and the allowed values from the same description, so the two cannot drift apart.
 */
import { ScratchnetError } from '../errors.js';

/** One option: how `--help` shows it and how its text becomes a value of type `T`. */
export interface OptionSpec<T = unknown> {
  /** 'boolean' for a flag (no value), 'string' for an option followed by a value. */
  readonly type: 'string' | 'boolean';
  /** A one-letter alias, as in `-h`. */
  readonly short?: string;
  /** The placeholder `--help` shows, as in `--name <value>`. */
  readonly value?: string;
  /** What the option does, for `--help`. */
  readonly description: string;
  /** The value when the option is not given (undefined where the command decides from other options). */
  readonly default: T;
  /** The default as `--help` prints it, and as it would be typed; undefined when help shows none. */
  readonly defaultText?: string;
  /**
   * The value the option's text means. Throws `BAD_ARGUMENT` naming `--<name>`, the text and what
   * was expected.
   */
  parse(text: string, name: string): T;
  /** A value as it would be typed on the command line (the inverse of `parse`). */
  format(value: NonNullable<T>): string;
}

/** The options of a command, by name (without the leading dashes). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed values of `O`'s options, by name. */
export type OptionValues<O extends OptionSpecs> = {
  -readonly [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never;
};

/** What every option builder takes: the help text, and optionally a placeholder and a one-letter alias. */
export interface OptionHelp {
  /** What the option does, for `--help`. */
  description: string;
  /** The placeholder `--help` shows, as in `--name <value>`. */
  value?: string;
  /** A one-letter alias, as in `-h`. */
  short?: string;
}

/** An `OptionHelp` with the value an option takes when it is not given. */
export interface WithDefault<T> {
  /** The value when the option is not given; `--help` shows it. */
  default: T;
}

/** The `BAD_ARGUMENT` error of an option whose text is not what it expects. */
export function badValue(name: string, expected: string, text: string): ScratchnetError {
  return new ScratchnetError('BAD_ARGUMENT', `--${name} must be ${expected}, got "${text}"`);
}

/** An option that takes a value: `placeholder` unless `help` names one, and `fallback` when not given. */
function build<T>(
  help: OptionHelp,
  placeholder: string,
  parse: (text: string, name: string) => T,
  format: (value: NonNullable<T>) => string,
  fallback: T,
): OptionSpec<T> {
  return {
    type: 'string',
    value: help.value ?? placeholder,
    description: help.description,
    ...(help.short === undefined ? {} : { short: help.short }),
    default: fallback,
    ...(fallback === undefined ? {} : { defaultText: format(fallback as NonNullable<T>) }),
    parse,
    format,
  };
}

/** An option whose value is any text (a path, a host name). */
function string(help: OptionHelp & WithDefault<string>): OptionSpec<string>;
function string(help: OptionHelp): OptionSpec<string | undefined>;
function string(help: OptionHelp & Partial<WithDefault<string>>): OptionSpec<string | undefined> {
  return build<string | undefined>(help, 'text', (text) => text, String, help.default);
}

/** Bounds of an integer option: `min` (default 1) and optionally `max`, both inclusive. */
export interface IntRange {
  /** The smallest value allowed (default 1). */
  min?: number;
  /** The largest value allowed (default: none). */
  max?: number;
}

/** An integer option, `min` (default 1) or more and at most `max` when given. */
function int(help: OptionHelp & IntRange & WithDefault<number>): OptionSpec<number>;
function int(help: OptionHelp & IntRange): OptionSpec<number | undefined>;
function int(help: OptionHelp & IntRange & Partial<WithDefault<number>>): OptionSpec<number | undefined> {
  const min = help.min ?? 1;
  const max = help.max;
  const expected = max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  const parse = (text: string, name: string): number => {
    // Decimal digits only: Number() would also read '0x50' as 80, '1e3' as 1000 and '' as 0.
    const n = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) throw badValue(name, expected, text);
    return n;
  };
  return build<number | undefined>(help, 'n', parse, String, help.default);
}

/** What a number option accepts: a test and the rule it enforces, in words ('a positive number'). */
export interface NumberRule {
  /** True for an allowed value. */
  check: (x: number) => boolean;
  /** The rule in words, completing "--name must be ...". */
  rule: string;
}

/** A finite number option that `check` accepts. */
function float(help: OptionHelp & NumberRule & WithDefault<number>): OptionSpec<number>;
function float(help: OptionHelp & NumberRule): OptionSpec<number | undefined>;
function float(help: OptionHelp & NumberRule & Partial<WithDefault<number>>): OptionSpec<number | undefined> {
  const parse = (text: string, name: string): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || !help.check(n)) throw badValue(name, help.rule, text);
    return n;
  };
  return build<number | undefined>(help, 'x', parse, String, help.default);
}

/** One of `choices`; `--help` shows them as the placeholder (`<a|b>`) unless `help.value` names it. */
function choice<const C extends string>(choices: readonly C[], help: OptionHelp & WithDefault<C>): OptionSpec<C>;
function choice<const C extends string>(choices: readonly C[], help: OptionHelp): OptionSpec<C | undefined>;
function choice<const C extends string>(
  choices: readonly C[],
  help: OptionHelp & Partial<WithDefault<C>>,
): OptionSpec<C | undefined> {
  const parse = (text: string, name: string): C => {
    if (!(choices as readonly string[]).includes(text)) throw badValue(name, `one of ${choices.join(', ')}`, text);
    return text as C;
  };
  return build<C | undefined>(help, choices.join('|'), parse, String, help.default);
}

/** Positive integers separated by commas: "100,100" is [100, 100]. */
function intList(help: OptionHelp & WithDefault<number[]>): OptionSpec<number[]>;
function intList(help: OptionHelp): OptionSpec<number[] | undefined>;
function intList(help: OptionHelp & Partial<WithDefault<number[]>>): OptionSpec<number[] | undefined> {
  const parse = (text: string, name: string): number[] => {
    const parts = text.split(',').map((s) => s.trim());
    const values = parts.map(Number);
    if (parts.some((p, i) => p === '' || !Number.isInteger(values[i]) || (values[i] ?? 0) < 1))
      throw badValue(name, 'a comma-separated list of positive integers such as 100,100', text);
    return values;
  };
  return build<number[] | undefined>(help, 'list', parse, (v) => v.join(','), help.default);
}

/** An option with its own parser and formatter, for values no other builder describes. */
function custom<T>(
  help: OptionHelp & WithDefault<T>,
  parse: (text: string, name: string) => T,
  format: (value: NonNullable<T>) => string,
): OptionSpec<T> {
  return build(help, 'value', parse, format, help.default);
}

/** A flag: true when given, false otherwise. */
function flag(help: OptionHelp): OptionSpec<boolean> {
  return {
    type: 'boolean',
    description: help.description,
    ...(help.short === undefined ? {} : { short: help.short }),
    default: false,
    parse: () => true,
    format: String,
  };
}

/** The option builders: `option.int({ min: 1, default: 100, description: '...' })` and so on. */
export const option = { string, int, float, choice, intList, custom, flag };
