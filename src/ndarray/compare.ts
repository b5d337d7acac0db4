import { arrayArg } from './create.js';
import type { ArrayLike } from './ndarray.js';
import { broadcastShapes, withName } from './shape.js';
import { checkBoolean, checkKnownOptions, checkNumber } from '../validate.js';

/** How close `allClose` requires two values to be: |a − b| <= atol + rtol·|b|. */
export interface Tolerance {
  /** Relative tolerance (numpy's default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (numpy's default 1e-8). */
  atol?: number;
  /** Whether NaNs in the same places count as equal (default false, as in numpy). */
  equalNan?: boolean;
}

/**
 * numpy's `allclose`: |a − b| <= atol + rtol·|b| for every broadcast pair. Shapes that do not
 * broadcast throw; infinities must match exactly.
 */
export function allClose(aIn: ArrayLike, bIn: ArrayLike, options: Tolerance = {}): boolean {
  const a = arrayArg(aIn, 'allClose', 'a');
  const b = arrayArg(bIn, 'allClose', 'b');
  checkKnownOptions(options, ['rtol', 'atol', 'equalNan'], 'allClose');
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  checkNumber(rtol, 'rtol', 'allClose');
  checkNumber(atol, 'atol', 'allClose');
  checkBoolean(equalNan, 'equalNan', 'allClose');
  const shape = withName('allClose', () => broadcastShapes(a.shape, b.shape));
  const x = a.broadcastTo(shape).data;
  const y = b.broadcastTo(shape).data;
  for (let i = 0; i < x.length; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (u === v) continue;
    if (Number.isNaN(u) || Number.isNaN(v)) {
      if (equalNan && Number.isNaN(u) && Number.isNaN(v)) continue;
      return false;
    }
    if (!Number.isFinite(u) || !Number.isFinite(v)) return false;
    if (!(Math.abs(u - v) <= atol + rtol * Math.abs(v))) return false;
  }
  return true;
}

/** True when both have the same shape and equal elements (numpy's `array_equal`). */
export function arrayEqual(aIn: ArrayLike, bIn: ArrayLike): boolean {
  const a = arrayArg(aIn, 'arrayEqual', 'a');
  const b = arrayArg(bIn, 'arrayEqual', 'b');
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) return false;
  for (let i = 0; i < a.size; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}
