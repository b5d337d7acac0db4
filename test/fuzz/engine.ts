// The fuzz engine shared by test/fuzz/*.test.ts: a seeded generator, generic byte mutations (bit
// flips, boundary bytes, truncation at every header boundary and at random points, absurd size
// fields, wrong magic, garbage, splices), a time budget with a fixed minimum count, and the one
// rule every reader must keep: a ScratchnetError with a known code, or a self-consistent result.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { NDArray, ScratchnetError, type DType, type ErrorCode, type TypedArray } from '../../src/index.js';

/** xoshiro-free and independent of scratchnet's own Random: splitmix32, small and seedable. */
export class FuzzRandom {
  private x: number;

  constructor(seed: number) {
    this.x = seed | 0;
  }

  /** 32 random bits. */
  next(): number {
    this.x = (this.x + 0x9e3779b9) | 0;
    let z = this.x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.next() / 2 ** 32) * n);
  }

  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}

/** A length, count or dimension field of a header, where an absurd value is worth writing. */
export interface SizeField {
  offset: number;
  width: 1 | 2 | 4 | 8;
  littleEndian: boolean;
}

/** One reader under test, with what the generic mutations need to know about its format. */
export interface FuzzTarget<T> {
  name: string;
  /** Valid files to mutate. */
  seeds: readonly Uint8Array[];
  /** Offsets where header parts begin and end, for truncation at every header boundary. */
  boundaries(bytes: Uint8Array): number[];
  /** The header's size fields (lengths, counts, dimensions), for absurd values. */
  sizeFields(bytes: Uint8Array): SizeField[];
  /** Bytes of magic at the start of the format. */
  magicLength: number;
  /** Format-aware mutations, e.g. a header rewritten with absurd shapes but consistent lengths. */
  structured?: readonly ((rng: FuzzRandom, seed: Uint8Array) => Uint8Array)[];
  /** The reader. */
  parse(bytes: Uint8Array): T;
  /** Asserts that a successful parse is self-consistent (sizes agree with shapes, values in range). */
  check(result: T, bytes: Uint8Array): void;
  /** Error codes the reader may throw (default BAD_FILE only). */
  codes?: readonly ErrorCode[];
  /**
   * When given, every successful case is parsed a second time (after scribbling over freshly freed
   * memory) and must give an equal result: a reader that returns uninitialised memory fails here.
   */
  same?(a: T, b: T): boolean;
}

export interface FuzzOptions {
  seed: number;
  /** Cases run whatever the time (the count CI is guaranteed to run). */
  minRuns: number;
  /** After minRuns, keep going until this many milliseconds have passed. */
  budgetMs: number;
  /** Never more cases than this. */
  maxRuns: number;
  /** A single case slower than this is a failure (a hang in the making). */
  maxCaseMs: number;
}

export interface FuzzReport {
  runs: number;
  parsed: number;
  errors: Partial<Record<ErrorCode, number>>;
  byMutation: Record<string, number>;
  elapsedMs: number;
  slowestMs: number;
}

/** Budgets from the environment, so a long local run is one variable away: SCRATCHNET_FUZZ_MS, SCRATCHNET_FUZZ_MIN. */
export function fuzzOptions(seed: number): FuzzOptions {
  const env = (name: string, fallback: number): number => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    seed,
    minRuns: env('SCRATCHNET_FUZZ_MIN', 3000),
    budgetMs: env('SCRATCHNET_FUZZ_MS', 2000),
    maxRuns: env('SCRATCHNET_FUZZ_MAX', 1_000_000),
    maxCaseMs: 2000,
  };
}

/** Values that break size arithmetic: zero, one, sign bits, all ones, 10^12, 2^53 + 1, 2^63. */
const ABSURD: readonly bigint[] = [
  0n,
  1n,
  0x7fn,
  0x80n,
  0xffn,
  0x7fffn,
  0x8000n,
  0xffffn,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  10n ** 12n,
  2n ** 53n + 1n,
  2n ** 63n,
  2n ** 64n - 1n,
  2n ** 32n,
];

const BOUNDARY_BYTES = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe];

/** Other formats' magic numbers, so "wrong magic" includes the confusable ones. */
const MAGICS: readonly number[][] = [
  [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59],
  [0x50, 0x4b, 0x03, 0x04],
  [0x80, 0x04, 0x95],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0x00, 0x00, 0x08, 0x03],
  [0x1f, 0x8b],
  [0x7b, 0x7d],
];

export function writeField(bytes: Uint8Array, field: SizeField, value: bigint): void {
  const v = BigInt.asUintN(field.width * 8, value);
  for (let i = 0; i < field.width; i++) {
    const byte = Number((v >> BigInt(8 * i)) & 0xffn);
    const at = field.littleEndian ? field.offset + i : field.offset + field.width - 1 - i;
    if (at < bytes.length) bytes[at] = byte;
  }
}

type Mutation = (
  rng: FuzzRandom,
  bytes: Uint8Array,
  target: FuzzTarget<unknown>,
  seeds: readonly Uint8Array[],
) => Uint8Array;

/** The generic mutations, by name (the report counts cases per name). */
export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'bit-flip': (rng, bytes) => {
    const out = bytes.slice();
    if (out.length === 0) return out;
    // Half the flips land in the first 64 bytes, where the headers are.
    const span = rng.chance(0.5) ? Math.min(64, out.length) : out.length;
    for (let n = 1 + rng.int(8); n > 0; n--) out[rng.int(span)]! ^= 1 << rng.int(8);
    return out;
  },
  'boundary-bytes': (rng, bytes) => {
    const out = bytes.slice();
    if (out.length === 0) return out;
    const span = rng.chance(0.5) ? Math.min(64, out.length) : out.length;
    for (let n = 1 + rng.int(4); n > 0; n--) out[rng.int(span)] = rng.pick(BOUNDARY_BYTES);
    return out;
  },
  'truncate-boundary': (rng, bytes, target) => {
    const cuts = target.boundaries(bytes).filter((b) => b >= 0 && b <= bytes.length);
    const at = (cuts.length > 0 ? rng.pick(cuts) : rng.int(bytes.length + 1)) + rng.pick([-1, 0, 0, 1]);
    return bytes.slice(0, Math.max(0, Math.min(bytes.length, at)));
  },
  'truncate-random': (rng, bytes) => bytes.slice(0, rng.int(bytes.length + 1)),
  'absurd-size': (rng, bytes, target) => {
    const out = bytes.slice();
    const fields = target.sizeFields(bytes);
    if (fields.length === 0) return out;
    for (let n = 1 + (rng.chance(0.2) ? 1 : 0); n > 0; n--) {
      const value = rng.chance(0.15) ? -BigInt(1 + rng.int(1000)) : rng.pick(ABSURD);
      writeField(out, rng.pick(fields), value);
    }
    return out;
  },
  'wrong-magic': (rng, bytes, target) => {
    const out = bytes.slice();
    const magic = rng.chance(0.5) ? [...rng.bytes(Math.max(1, target.magicLength))] : rng.pick(MAGICS);
    for (let i = 0; i < magic.length && i < out.length; i++) out[i] = magic[i]!;
    return out;
  },
  garbage: (rng, bytes, target) => {
    const out = rng.bytes(rng.int(rng.chance(0.5) ? 32 : 600));
    // Sometimes behind the right magic, so the reader goes past its first check.
    if (rng.chance(0.5)) out.set(bytes.subarray(0, Math.min(target.magicLength + rng.int(8), out.length)));
    return out;
  },
  'insert-delete': (rng, bytes) => {
    const at = rng.int(bytes.length + 1);
    if (rng.chance(0.5)) {
      const insert = rng.chance(0.5)
        ? rng.bytes(1 + rng.int(8))
        : new Uint8Array(1 + rng.int(64)).fill(rng.pick(BOUNDARY_BYTES));
      const out = new Uint8Array(bytes.length + insert.length);
      out.set(bytes.subarray(0, at));
      out.set(insert, at);
      out.set(bytes.subarray(at), at + insert.length);
      return out;
    }
    const n = Math.min(1 + rng.int(16), bytes.length - at);
    const out = new Uint8Array(bytes.length - n);
    out.set(bytes.subarray(0, at));
    out.set(bytes.subarray(at + n), at);
    return out;
  },
  splice: (rng, bytes, _target, seeds) => {
    const other = rng.pick(seeds);
    const a = rng.int(bytes.length + 1);
    const b = rng.int(other.length + 1);
    const out = new Uint8Array(a + other.length - b);
    out.set(bytes.subarray(0, a));
    out.set(other.subarray(b), a);
    return out;
  },
  'repeat-region': (rng, bytes) => {
    if (bytes.length === 0) return bytes.slice();
    const start = rng.int(bytes.length);
    const region = bytes.subarray(start, start + 1 + rng.int(32));
    const at = rng.int(bytes.length + 1);
    const out = new Uint8Array(bytes.length + region.length);
    out.set(bytes.subarray(0, at));
    out.set(region, at);
    out.set(bytes.subarray(at), at + region.length);
    return out;
  },
};

const GENERIC = Object.keys(MUTATIONS);

/** One case: a seed, one to three mutations (generic or structured), described for a failure message. */
export function makeCase(rng: FuzzRandom, target: FuzzTarget<unknown>): { input: Uint8Array; description: string } {
  const seedIndex = rng.int(target.seeds.length);
  let input = target.seeds[seedIndex]!;
  const steps: string[] = [];
  const rounds = rng.chance(0.7) ? 1 : 2 + rng.int(2);
  for (let r = 0; r < rounds; r++) {
    const structured = target.structured ?? [];
    if (structured.length > 0 && rng.chance(0.35)) {
      const k = rng.int(structured.length);
      input = structured[k]!(rng, input);
      steps.push(`structured#${k}`);
    } else {
      const name = rng.pick(GENERIC);
      input = MUTATIONS[name]!(rng, input, target, target.seeds);
      steps.push(name);
    }
  }
  return { input, description: `seed file ${seedIndex}: ${steps.join(' + ')}` };
}

/**
 * Runs the target on mutated inputs: at least `minRuns` cases, then more until `budgetMs` has
 * passed. Fails on the first case that throws anything but a ScratchnetError with an allowed code,
 * whose result does not pass `target.check`, or that runs longer than `maxCaseMs`. The failure names
 * the case number and mutations; the sequence is fixed by the seed, so it reproduces.
 */
export function runFuzz<T>(target: FuzzTarget<T>, options: FuzzOptions): FuzzReport {
  const rng = new FuzzRandom(options.seed);
  const codes = new Set<string>(target.codes ?? ['BAD_FILE']);
  const report: FuzzReport = { runs: 0, parsed: 0, errors: {}, byMutation: {}, elapsedMs: 0, slowestMs: 0 };
  const started = performance.now();
  for (let i = 0; i < options.maxRuns; i++) {
    if (i >= options.minRuns && performance.now() - started > options.budgetMs) break;
    const { input, description } = makeCase(rng, target as FuzzTarget<unknown>);
    const where = `${target.name} fuzz case ${i} (seed ${options.seed}, ${description}, ${input.length} bytes)`;
    const t0 = performance.now();
    let result: T | undefined;
    let failed = false;
    try {
      result = target.parse(input);
    } catch (error) {
      failed = true;
      if (!(error instanceof ScratchnetError)) {
        assert.fail(
          `${where}: threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}, not a ScratchnetError`,
        );
      }
      assert.ok(
        codes.has(error.code),
        `${where}: ScratchnetError with unexpected code ${error.code}: ${error.message}`,
      );
      assert.ok(
        error.message.length > 0 && error.message.length < 2000,
        `${where}: message of ${error.message.length} characters`,
      );
      report.errors[error.code] = (report.errors[error.code] ?? 0) + 1;
    }
    const ms = performance.now() - t0;
    report.slowestMs = Math.max(report.slowestMs, ms);
    assert.ok(ms < options.maxCaseMs, `${where}: took ${ms.toFixed(0)} ms`);
    if (!failed) {
      try {
        target.check(result as T, input);
      } catch (error) {
        assert.fail(
          `${where}: parsed, but the result is inconsistent: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (target.same !== undefined) {
        // Fill pooled memory with a new pattern, so a second read of uninitialised memory differs.
        Buffer.allocUnsafe(1 << 16).fill(i & 0xff);
        let again: T;
        try {
          again = target.parse(input);
        } catch (error) {
          assert.fail(
            `${where}: parsed the first time, threw the second: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        assert.ok(target.same(result as T, again), `${where}: the same bytes parsed twice gave different results`);
      }
      report.parsed++;
    }
    for (const step of description.slice(description.indexOf(':') + 2).split(' + ')) {
      report.byMutation[step] = (report.byMutation[step] ?? 0) + 1;
    }
    report.runs++;
  }
  report.elapsedMs = performance.now() - started;
  return report;
}

/** One line for the test output: the counts CI ran. */
export function formatReport(name: string, report: FuzzReport): string {
  const errors = Object.entries(report.errors)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return (
    `${name}: ${report.runs} inputs in ${(report.elapsedMs / 1000).toFixed(1)} s ` +
    `(${report.parsed} parsed and self-consistent; errors: ${errors || 'none'}; slowest case ${report.slowestMs.toFixed(1)} ms)`
  );
}

const TYPED: Readonly<Record<DType, new (n: number) => TypedArray>> = {
  float64: Float64Array,
  float32: Float32Array,
  float16: Float32Array,
  int32: Int32Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

/**
 * Asserts that `value` is a well-formed NDArray: a shape of non-negative integers whose product is
 * the element count, storage of the dtype's class and length, bool storage holding only 0 and 1,
 * and no more bytes than `maxBytes` (a reader must not turn a small file into a huge array).
 */
export function checkArray(value: unknown, maxBytes: number, label = 'array'): NDArray {
  assert.ok(value instanceof NDArray, `${label} is not an NDArray`);
  const a = value;
  assert.ok(
    a.shape.every((d) => Number.isSafeInteger(d) && d >= 0),
    `${label}: shape ${JSON.stringify(a.shape)}`,
  );
  const size = a.shape.reduce((p, d) => p * d, 1);
  assert.equal(a.size, size, `${label}: size ${a.size} for shape ${JSON.stringify(a.shape)}`);
  assert.equal(a.data.length, size, `${label}: ${a.data.length} elements stored for shape ${JSON.stringify(a.shape)}`);
  assert.ok(a.data instanceof TYPED[a.dtype], `${label}: ${a.dtype} stored in ${a.data.constructor.name}`);
  if (a.dtype === 'bool')
    assert.ok(
      a.data.every((v) => v === 0 || v === 1),
      `${label}: bool storage holds values other than 0 and 1`,
    );
  assert.ok(
    a.data.byteLength <= maxBytes,
    `${label}: ${a.data.byteLength} bytes from a small input (limit ${maxBytes})`,
  );
  return a;
}

/** True when two arrays have the same dtype, shape and bytes (so NaN equals NaN). */
export function sameArray(a: NDArray, b: NDArray): boolean {
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]))
    return false;
  const x = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const y = new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** True when two records hold the same names, in order, with the same arrays. */
export function sameTensors(a: Record<string, NDArray>, b: Record<string, NDArray>): boolean {
  const names = Object.keys(a);
  return names.join('\0') === Object.keys(b).join('\0') && names.every((k) => sameArray(a[k]!, b[k]!));
}

/** Appends the report to the file named by SCRATCHNET_FUZZ_REPORT (one JSON line per reader), for CI summaries. */
export function recordReport(name: string, report: FuzzReport): void {
  const file = process.env.SCRATCHNET_FUZZ_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ reader: name, ...report })}\n`);
}

/** The assertions every fuzz test ends with: the minimum count ran, and every generic mutation was tried. */
export function assertCoverage(report: FuzzReport, options: FuzzOptions, structured = 0): void {
  assert.ok(report.runs >= Math.min(options.minRuns, options.maxRuns), `only ${report.runs} cases ran`);
  for (const name of GENERIC) assert.ok((report.byMutation[name] ?? 0) > 0, `mutation ${name} never ran`);
  for (let k = 0; k < structured; k++)
    assert.ok((report.byMutation[`structured#${k}`] ?? 0) > 0, `structured mutation ${k} never ran`);
}
