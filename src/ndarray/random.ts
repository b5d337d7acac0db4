import { ScratchnetError } from '../errors.js';
import { allocate, type DType, type FloatDType } from './dtype.js';
import { settleHalf } from './half.js';
import { NDArray } from './ndarray.js';
import type { Shape } from './shape.js';
import { checkArray, checkKnownOptions, checkNumber, checkShape, describeValue } from '../validate.js';

/** A `Random`'s whole state, as `getState` returns it: plain numbers, so JSON keeps it exactly. */
export interface RandomState {
  /** xoshiro128**'s four 32-bit state words (unsigned; not all zero). */
  readonly s: readonly [number, number, number, number];
  /** The second normal sample of the last polar-method pair, not yet handed out, or null. */
  readonly spare: number | null;
}

/** SplitMix32 step: spreads one 32-bit seed over xoshiro's four words (never all zero). */
function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The float dtype of a `{ dtype }` options argument of `where`, float64 when none is named. */
function floatDtype(options: unknown, where: string): FloatDType {
  checkKnownOptions(options, ['dtype'], where);
  const { dtype = 'float64' } = options as { dtype?: unknown };
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `${where}: dtype must be 'float64' or 'float32', got ${describeValue(dtype)}`,
    );
  }
  return dtype;
}

/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018) seeded through SplitMix32.
 * It uses only 32-bit integer arithmetic, so one seed gives the same numbers in Node and in every
 * browser. Normal samples use the Marsaglia polar method. Not for cryptography.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** Without a seed, one is drawn from Math.random (different every run, like numpy's default). */
  constructor(seed?: number | null) {
    if (seed !== undefined && seed !== null && !Number.isInteger(seed)) {
      throw new ScratchnetError('BAD_ARGUMENT', `Random: seed must be an integer, got ${describeValue(seed)}`);
    }
    this.seed(seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** Restarts the sequence from `seed` (any integer; it is reduced to 32 bits). */
  seed(seed: number): void {
    if (!Number.isInteger(seed)) {
      throw new ScratchnetError('BAD_ARGUMENT', `Random.seed: seed must be an integer, got ${describeValue(seed)}`);
    }
    const state = { x: Number(BigInt.asIntN(32, BigInt(seed))) };
    this.s0 = splitmix32(state);
    this.s1 = splitmix32(state);
    this.s2 = splitmix32(state);
    this.s3 = splitmix32(state);
    this.spare = null;
  }

  /** The whole state, to save in a checkpoint and restore with `setState`. */
  getState(): RandomState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  /**
   * Restores a state from `getState`. Throws `BAD_ARGUMENT` naming the problem unless `state.s` holds
   * four 32-bit integers, not all zero (xoshiro's one forbidden state, which would only ever give
   * zeros), and `state.spare` is null or a finite number.
   */
  setState(state: RandomState): void {
    const s: unknown = typeof state === 'object' && state !== null ? state.s : undefined;
    if (!Array.isArray(s) || s.length !== 4 || s.some((w) => !Number.isInteger(w) || w < -(2 ** 31) || w >= 2 ** 32)) {
      throw new ScratchnetError('BAD_ARGUMENT', 'setState: state.s must hold four 32-bit integers');
    }
    if (s.every((w) => (w as number) >>> 0 === 0)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        'setState: state.s is all zeros, which xoshiro128** never reaches (it would give only zeros)',
      );
    }
    const spare: unknown = state.spare;
    if (spare !== null && (typeof spare !== 'number' || !Number.isFinite(spare))) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `setState: state.spare must be null or a finite number, got ${String(spare)}`,
      );
    }
    const [a, b, c, d] = s as number[];
    this.s0 = a! >>> 0;
    this.s1 = b! >>> 0;
    this.s2 = c! >>> 0;
    this.s3 = d! >>> 0;
    this.spare = spare;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal sample. */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.random() - 1;
      v = 2 * this.random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * factor;
    return u * factor;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `Random.int: n must be an integer in [1, 2^32], got ${describeValue(n)}`,
      );
    }
    // Reject the top partial bucket so every value is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** Uniform samples in [0, 1) of `shape` (numpy's `np.random.rand`). */
  rand(shape: Shape | number, options: { dtype?: FloatDType } = {}): NDArray {
    return this.fill(shape, floatDtype(options, 'Random.rand'), 'Random.rand', () => this.random());
  }

  /** Standard normal samples of `shape` (numpy's `np.random.randn`). */
  randn(shape: Shape | number, options: { dtype?: FloatDType } = {}): NDArray {
    return this.fill(shape, floatDtype(options, 'Random.randn'), 'Random.randn', () => this.normal());
  }

  /** Uniform samples in [low, high). */
  uniform(low: number, high: number, shape: Shape | number, options: { dtype?: FloatDType } = {}): NDArray {
    checkNumber(low, 'low', 'Random.uniform');
    checkNumber(high, 'high', 'Random.uniform');
    const dtype = floatDtype(options, 'Random.uniform');
    return this.fill(shape, dtype, 'Random.uniform', () => low + (high - low) * this.random());
  }

  /** Uniform integers in [low, high) as int32. */
  randint(low: number, high: number, shape: Shape | number): NDArray {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `Random.randint: need integers low < high, got low=${describeValue(low)}, high=${describeValue(high)}`,
      );
    }
    return this.fill(shape, 'int32', 'Random.randint', () => low + this.int(high - low));
  }

  /**
   * `k` indices from [0, n) as int32 (numpy's `np.random.choice(n, k, replace)`): with replacement
   * by default, as the book's mini-batch sampling does.
   */
  choice(n: number, k: number, options: { replace?: boolean } = {}): NDArray {
    return this.sample(n, k, options, 'Random.choice');
  }

  private sample(n: number, k: number, options: { replace?: boolean }, where: string): NDArray {
    checkKnownOptions(options, ['replace'], where);
    const replace = options.replace ?? true;
    if (typeof replace !== 'boolean') {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: replace must be true or false, got ${describeValue(replace)}`,
      );
    }
    if (!Number.isInteger(n) || n < 0)
      throw new ScratchnetError('BAD_ARGUMENT', `${where}: n must be a non-negative integer, got ${describeValue(n)}`);
    if (!Number.isInteger(k) || k < 0)
      throw new ScratchnetError('BAD_ARGUMENT', `${where}: k must be a non-negative integer, got ${describeValue(k)}`);
    if (k > 0 && n === 0)
      throw new ScratchnetError('BAD_ARGUMENT', `${where}: cannot take a sample from an empty population (n = 0)`);
    const out = new Int32Array(k);
    if (replace) {
      for (let i = 0; i < k; i++) out[i] = this.int(n);
      return new NDArray(out, [k]);
    }
    if (k > n)
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: cannot take a larger sample (${k}) than the population (${n}) without replacement`,
      );
    // A partial Fisher–Yates shuffle: only the first k places are drawn.
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      out[i] = pool[i]!;
    }
    return new NDArray(out, [k]);
  }

  /** A random ordering of 0..n-1 (int32). */
  permutation(n: number): NDArray {
    return this.sample(n, n, { replace: false }, 'Random.permutation');
  }

  /** Shuffles the rows (axis 0) of `x` in place (Fisher–Yates). */
  shuffle(x: NDArray): void {
    // In place, so x must be an array the caller keeps: a converted JS list would be thrown away.
    checkArray(x, 'x', 'Random.shuffle');
    if (x.ndim === 0) throw new ScratchnetError('BAD_ARGUMENT', 'Random.shuffle: cannot shuffle a 0-d array');
    const rows = x.shape[0]!;
    const run = rows === 0 ? 0 : x.size / rows;
    const tmp = x.data.slice(0, run);
    for (let i = rows - 1; i > 0; i--) {
      const j = this.int(i + 1);
      if (j === i) continue;
      tmp.set(x.data.subarray(i * run, (i + 1) * run));
      x.data.copyWithin(i * run, j * run, (j + 1) * run);
      x.data.set(tmp, j * run);
    }
  }

  private fill(shape: Shape | number, dtype: DType, where: string, draw: () => number): NDArray {
    const s = checkShape(shape, 'shape', where);
    const out = new NDArray(
      allocate(
        dtype,
        s.reduce((p, d) => p * d, 1),
      ),
      s,
      dtype,
    );
    for (let i = 0; i < out.size; i++) out.data[i] = draw();
    settleHalf(out);
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The shared default generator (seed it with `random.seed(n)` for repeatable runs). */
export const random = new Random();
