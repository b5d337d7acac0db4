import { readFileSync } from 'node:fs';
import { ScratchnetError } from '../errors.js';
import { helpText, parseOptions, readCommandLine, type Command, type Io } from './command.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { gradcheckCommand } from './commands/gradcheck.js';
import { plotCommand } from './commands/plot.js';
import { predictCommand } from './commands/predict.js';
import { serveCommand } from './commands/serve.js';
import { showCommand } from './commands/show.js';
import { summaryCommand } from './commands/summary.js';
import { trainCommand } from './commands/train.js';

/** Every command, in the order `scratchnet --help` lists them. */
export const COMMANDS: readonly Command[] = [
  trainCommand,
  evalCommand,
  predictCommand,
  summaryCommand,
  exportCommand,
  gradcheckCommand,
  plotCommand,
  showCommand,
  serveCommand,
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: scratchnet <command> [options]',
    '',
    "Neural networks from scratch: the book 'Deep Learning from Scratch' in TypeScript.",
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary.split('. ')[0]!.replace(/\.$/, '')}`),
    '',
    "Run 'scratchnet <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code: 0 on
 * success, 1 for any failure (one line on stderr, a stack trace only with --debug), 2 for an unknown
 * command or none.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(`scratchnet: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  const debug = rest.includes('--debug');
  try {
    const line = readCommandLine(command, rest);
    if (line.given.help === true) {
      io.stdout.write(helpText(command));
      return 0;
    }
    await command.run(parseOptions(command, line), io);
    return 0;
  } catch (error) {
    io.stderr.write(formatError(command.name, error, debug));
    return 1;
  }
}

/**
 * What the CLI prints for an error: one line, `scratchnet <command>: <message>`, and the stack trace
 * only with --debug. A ScratchnetError is the user's to fix; anything else is a bug in scratchnet and
 * says so (its first line only, so that a user is never shown a stack they did not ask for).
 */
export function formatError(command: string, error: unknown, debug: boolean): string {
  const stack = debug && error instanceof Error && error.stack ? `${error.stack}\n` : '';
  if (error instanceof ScratchnetError) return `scratchnet ${command}: ${oneLine(error.message)}\n${stack}`;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `scratchnet ${command}: internal error: ${oneLine(message)} (a bug in scratchnet: please report it${debug ? '' : '; --debug shows the stack trace'})\n${stack}`;
}

/** Messages may quote file content; newlines would break the one-line promise. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
