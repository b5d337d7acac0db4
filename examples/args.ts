/**
 * Command-line settings for the longer examples, so a test (or an impatient reader) can run a short
 * version: `--iterations 200`, `--epochs 5`, `--scales 0.01,0.001`. The book's scripts have these as
 * constants at the top; here they are constants with a way round them.
 */

function raw(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** `--name n`: a number, or `fallback` when the option is absent. Exits with a message on a bad value. */
export function numberArg(name: string, fallback: number): number {
  const v = raw(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) {
    console.error(`--${name} must be a number, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
}

/** `--name a,b,c`: numbers separated by commas, or `fallback` when the option is absent. */
export function listArg(name: string, fallback: readonly number[]): number[] {
  const v = raw(name);
  if (v === undefined) return [...fallback];
  const values = v.split(',').map(Number);
  if (values.some((n) => !Number.isFinite(n))) {
    console.error(`--${name} must be numbers separated by commas, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return values;
}
