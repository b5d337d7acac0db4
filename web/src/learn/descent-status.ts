/**
 * What a gradient-descent run on x0² + x1² did, in words: the minimum is (0, 0), so the distance
 * from it tells convergence from divergence.
 */
import { t } from '../i18n/language.js';

/** How a run ended; also the status line's `data-state`. */
export type DescentState = 'converged' | 'diverged' | 'oscillating' | 'stuck' | 'slow' | 'at-minimum';

/** A run's verdict: its state, and a sentence saying where it ended and why. */
export interface DescentVerdict {
  /** How the run ended. */
  state: DescentState;
  /** The verdict in words (in the page's language), with the end point and the learning rate. */
  text: string;
}

/** Within this share of the starting distance from the minimum, a run has converged. */
const CONVERGED_SHARE = 0.05;
/** Relative changes of distance below this are rounding (the numerical gradient is not exact). */
const SAME = 1e-6;

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  return Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/**
 * Judges a run from its points (the start, then the point after each step): diverged when it ends
 * farther from the minimum than it started (or overflowed), converged when it ends within 5% of
 * the starting distance, oscillating when it jumps across the minimum and stays as far from it
 * (lr 1), stuck when the first step barely moved (lr 1e-10), slow otherwise.
 */
export function judgeDescent(points: readonly (readonly [number, number])[], lr: number): DescentVerdict {
  const start = points[0]!;
  const end = points[points.length - 1]!;
  const steps = points.length - 1;
  const r0 = Math.hypot(start[0], start[1]);
  const r = Math.hypot(end[0], end[1]);
  const first = points.length > 1 ? Math.hypot(points[1]![0] - start[0], points[1]![1] - start[1]) : 0;
  const where = t('learn.gdWhere', { steps, lr, x0: fmt(end[0]), x1: fmt(end[1]) });
  if (r0 === 0) return { state: 'at-minimum', text: t('learn.gdAtMinimum') };
  if (!Number.isFinite(r) || r > r0 * (1 + SAME)) {
    return {
      state: 'diverged',
      text: t('learn.gdDiverged', { where, r0: fmt(r0), r: fmt(r) }),
    };
  }
  if (r <= CONVERGED_SHARE * r0) {
    return {
      state: 'converged',
      text: t('learn.gdConverged', { where, r0: fmt(r0), r: fmt(r) }),
    };
  }
  if (first < SAME * r0) {
    return {
      state: 'stuck',
      text: t('learn.gdStuck', { where, first: fmt(first) }),
    };
  }
  if (r >= r0 * (1 - SAME)) {
    return {
      state: 'oscillating',
      text: t('learn.gdOscillating', { where }),
    };
  }
  return {
    state: 'slow',
    text: t('learn.gdSlow', { where, r0: fmt(r0), r: fmt(r) }),
  };
}
