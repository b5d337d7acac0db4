// The wrong-kind walk: every public function, constructor and method is called with values of the
// wrong kind in each argument position, the other arguments valid. Each call must either return
// (only where the value's kind is one the argument takes, e.g. the book's positional `train_flg`)
// or throw a ScratchnetError whose message names the function. A raw TypeError, RangeError or a
// silent return for a wrong kind fails the walk.
import assert from 'node:assert/strict';
import { array, ScratchnetError } from '../../src/index.js';

/**
 * What an argument takes. `ndarray`: an NDArray; `arraylike`: an NDArray, a number or a nested list
 * of numbers; `list`: a flat JS list of numbers; `strings`: a list of strings; `shape`: an integer or
 * a list of integers; `options`: a plain object of known names; `bytes`: a Uint8Array; `path`: a file
 * path string; `string`: one of a set of names; `any`: anything (never probed).
 */
export type Kind =
  | 'ndarray'
  | 'arraylike'
  | 'number'
  | 'int'
  | 'bool'
  | 'string'
  | 'path'
  | 'list'
  | 'strings'
  | 'shape'
  | 'options'
  | 'function'
  | 'bytes'
  | 'object'
  | 'any';

/** One argument: its name (for messages), the kinds it takes, and whether it may be left out. */
export interface Param {
  name: string;
  kinds: Kind[];
  optional?: boolean;
  /** Whether null takes numpy's meaning of None here (`sum(x, null)`: every axis). */
  nullable?: boolean;
}

/** One public callable and a valid call of it; the walk varies one argument at a time. */
export interface CallSpec {
  /** How messages must name it: `zeros`, `Affine` (constructor), `Affine.forward` (method). */
  where: string;
  /** Makes the call with the given arguments (a `new`, a method call on a fresh object, ...). */
  call: (args: unknown[]) => unknown;
  /** A valid argument list, made fresh for each call. */
  valid: () => unknown[];
  /** The arguments in order; a position beyond `valid()` is probed as if left out. */
  params: Param[];
}

interface Probe {
  label: string;
  make: () => unknown;
  /** The kinds for which this value is of the right kind (it may still be refused for its value). */
  fits: Kind[];
}

const PROBES: Probe[] = [
  { label: 'undefined', make: () => undefined, fits: [] },
  { label: 'null', make: () => null, fits: [] },
  { label: 'the number 3', make: () => 3, fits: ['number', 'int', 'arraylike', 'shape'] },
  { label: 'the number 1.5', make: () => 1.5, fits: ['number', 'arraylike'] },
  { label: 'the number NaN', make: () => Number.NaN, fits: ['number', 'arraylike'] },
  { label: "the string 'x'", make: () => 'x', fits: ['string', 'path'] },
  { label: 'true', make: () => true, fits: ['bool', 'arraylike'] },
  { label: 'an empty object', make: () => ({}), fits: ['options', 'object'] },
  { label: 'an unknown option', make: () => ({ noSuchOption: 1 }), fits: ['object'] },
  { label: 'a list of numbers', make: () => [1, 2], fits: ['arraylike', 'list', 'shape'] },
  { label: 'a ragged list', make: () => [[1], [2, 3]], fits: [] },
  { label: 'a list of strings', make: () => ['a'], fits: ['strings'] },
  { label: 'an NDArray', make: () => array([1, 2]), fits: ['ndarray', 'arraylike'] },
  { label: 'a function', make: () => () => 0, fits: ['function'] },
  { label: 'a Uint8Array', make: () => new Uint8Array(4), fits: ['bytes', 'arraylike'] },
];

/** One call of the walk and what it did. */
export interface Outcome {
  where: string;
  position: string;
  probe: string;
  problem: string | null;
}

/** A message names `Class.method` if it names the class or the method, a function by its name. */
function names(message: string, where: string): boolean {
  return where.split('.').some((part) => message.includes(part));
}

function judge(spec: CallSpec, param: Param, probe: Probe, result: { error?: unknown }): string | null {
  const fits =
    probe.fits.some((k) => param.kinds.includes(k)) ||
    (probe.label === 'undefined' && param.optional) ||
    (probe.label === 'null' && param.nullable);
  if (param.kinds.includes('any')) return null;
  if (!('error' in result)) return fits ? null : 'returned normally for a value of the wrong kind';
  const error = result.error;
  if (!(error instanceof ScratchnetError)) {
    return `threw ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`;
  }
  if (!names(error.message, spec.where)) return `ScratchnetError does not name ${spec.where}: ${error.message}`;
  return null;
}

async function run(spec: CallSpec, args: unknown[]): Promise<{ error?: unknown }> {
  try {
    const value = spec.call(args);
    if (value instanceof Promise) await value;
    return {};
  } catch (error) {
    return { error };
  }
}

/** Calls `spec` once per argument position and probe value; returns every outcome. */
export async function walk(spec: CallSpec): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < spec.params.length; i++) {
    const param = spec.params[i]!;
    if (param.kinds.includes('any')) continue;
    for (const probe of PROBES) {
      const args = spec.valid();
      while (args.length <= i) args.push(undefined);
      args[i] = probe.make();
      const problem = judge(spec, param, probe, await run(spec, args));
      outcomes.push({ where: spec.where, position: param.name, probe: probe.label, problem });
    }
  }
  return outcomes;
}

/** Walks every spec, checks that each valid call itself works, and fails listing every problem. */
export async function assertWalk(specs: CallSpec[]): Promise<{ callables: number; calls: number }> {
  const problems: string[] = [];
  let calls = 0;
  for (const spec of specs) {
    const valid = await run(spec, spec.valid());
    if ('error' in valid) problems.push(`${spec.where}: the valid call fails: ${String(valid.error)}`);
    for (const o of await walk(spec)) {
      calls++;
      if (o.problem) problems.push(`${o.where}(${o.position} = ${o.probe}): ${o.problem}`);
    }
  }
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
  return { callables: specs.length, calls };
}
