// Optimizer steps in TypeScript: every dtype, and the reference the WebAssembly kernels match bitwise.

import type { TypedArray } from '../dtype.js';

/**
 * The book's Adam on one parameter, in place: m += keep1·(g − m); v += keep2·(g² − v);
 * p −= lrT·m / (√v + eps), in float64 arithmetic, m and v read back after being stored.
 */
export function adamStep(
  p: TypedArray,
  g: TypedArray,
  m: TypedArray,
  v: TypedArray,
  lrT: number,
  keep1: number,
  keep2: number,
  eps: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    // The book's `m += (1 - beta1) * (g - m)`, the same running mean as `beta1 * m + (1 - beta1) * g`.
    m[i] = m[i]! + keep1 * (gi - m[i]!);
    v[i] = v[i]! + keep2 * (gi * gi - v[i]!);
    p[i] = p[i]! - (lrT * m[i]!) / (Math.sqrt(v[i]!) + eps);
  }
}
