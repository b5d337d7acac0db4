/**
 * Feature scaling for tables: each column shifted to mean 0 and scaled to standard deviation 1, with
 * the statistics of the training rows only, so that nothing about the test rows leaks into training.
 * Browser-safe.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { allocate, type FloatDType } from '../ndarray/dtype.js';
import { formatShape } from '../ndarray/shape.js';
import { checkArray, checkObject, named } from '../validate.js';

/** Per-column statistics that `applyStandardization` uses: `(x - mean) / std`, column by column. */
export interface Standardization {
  /** The mean of each feature column over the training rows. */
  mean: number[];
  /** The population standard deviation of each column (1 for a constant column). */
  std: number[];
}

function checkTable(x: NDArray, what: string): { rows: number; cols: number } {
  if (x.ndim !== 2 || x.dtype === 'bool') {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${what}: x must be a numeric table of shape (rows, features), got ${x.dtype} of shape ${formatShape(x.shape)}`,
    );
  }
  return { rows: x.shape[0] ?? 0, cols: x.shape[1] ?? 0 };
}

function columnStats(d: ArrayLike<number>, rows: number, cols: number, c: number): { mean: number; std: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = d[r * cols + c] ?? 0;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / rows;
  // A constant column would divide by zero (or by rounding noise, since sum / rows need not give the
  // value back exactly), so it is only centred.
  if (min === max) return { mean, std: 1 };
  let squares = 0;
  for (let r = 0; r < rows; r++) {
    const dev = (d[r * cols + c] ?? 0) - mean;
    squares += dev * dev;
  }
  return { mean, std: Math.sqrt(squares / rows) };
}

/**
 * The mean and population standard deviation (numpy's `std`, ddof 0) of every column of `x`, shape
 * (rows, features) with at least one row. A constant column gets std 1, so it becomes all zeros
 * rather than NaN. Throws ScratchnetError `SHAPE_MISMATCH` unless `x` is a numeric 2-D table and
 * `BAD_ARGUMENT` when it has no rows.
 *
 * @example
 * fitStandardization(array([[1, 10], [3, 10]])); // { mean: [2, 10], std: [1, 1] }
 */
export function fitStandardization(x: NDArray): Standardization {
  return named('fitStandardization', () => {
    checkArray(x, 'x', 'fitStandardization');
    const { rows, cols } = checkTable(x, 'fitStandardization');
    if (rows === 0)
      throw new ScratchnetError('BAD_ARGUMENT', 'fitStandardization: x has no rows to compute statistics on');
    const mean: number[] = [];
    const std: number[] = [];
    for (let c = 0; c < cols; c++) {
      const s = columnStats(x.data, rows, cols, c);
      mean.push(s.mean);
      std.push(s.std);
    }
    return { mean, std };
  });
}

function checkStandardization(s: Standardization, cols: number): void {
  const ok =
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.mean) &&
    Array.isArray(s.std) &&
    s.mean.length === s.std.length &&
    s.mean.every((m) => typeof m === 'number' && Number.isFinite(m)) &&
    s.std.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0);
  if (!ok) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      'applyStandardization: s must be { mean: number[], std: number[] } of equal length, finite means and positive stds',
    );
  }
  if (s.mean.length !== cols) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `applyStandardization: x has ${cols} feature columns but the standardization has ${s.mean.length}`,
    );
  }
}

/**
 * `(x - mean) / std` column by column, as a new array: x's dtype when it is float32 or float64,
 * float64 otherwise. The arithmetic is done in float64 and rounded once. Throws ScratchnetError
 * `SHAPE_MISMATCH` unless `x` is a numeric table (rows, features) with as many columns as `s` has
 * entries, and `BAD_ARGUMENT` for a malformed `s` (lengths differ, a std that is not positive).
 *
 * @example
 * applyStandardization(array([[1, 10], [3, 10]]), { mean: [2, 10], std: [1, 1] }); // [[-1, 0], [1, 0]]
 */
export function applyStandardization(x: NDArray, s: Standardization): NDArray {
  return named('applyStandardization', () => {
    checkArray(x, 'x', 'applyStandardization');
    checkObject(s, 's', 'applyStandardization');
    const { rows, cols } = checkTable(x, 'applyStandardization');
    checkStandardization(s, cols);
    const dtype: FloatDType = x.dtype === 'float32' ? 'float32' : 'float64';
    const out = allocate(dtype, rows * cols);
    const src = x.data;
    const mean = Float64Array.from(s.mean);
    const std = Float64Array.from(s.std);
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) out[base + c] = ((src[base + c] ?? 0) - (mean[c] ?? 0)) / (std[c] ?? 1);
    }
    return new NDArray(out, [rows, cols], dtype);
  });
}
