// Elementwise kernels over n floats: x, out (and a, b) are byte offsets; out may equal an input.

import { expv, logv, sigmoidv, tanhv } from './math';
import { loadTail, madd, storeTail } from './simd';

// Unary op codes. Every public kernel below passes a constant code to an @inline driver, so the
// optimiser folds the op selection away and each kernel is a straight loop.
const NEG = 0;
const EXP = 1;
const LOG = 2;
const SQRT = 3;
const ABS = 4;
const SQUARE = 5;
const TANH = 6;
const SIGMOID = 7;
const RELU = 8;
const STEP = 9;
const RECIPROCAL = 10;

// @ts-ignore: decorator
@inline function unaryVec(op: i32, v: v128): v128 {
  if (op == NEG) return f32x4.neg(v);
  if (op == EXP) return expv(v);
  if (op == LOG) return logv(v);
  if (op == SQRT) return f32x4.sqrt(v);
  if (op == ABS) return f32x4.abs(v);
  if (op == SQUARE) return f32x4.mul(v, v);
  if (op == TANH) return tanhv(v);
  if (op == SIGMOID) return sigmoidv(v);
  // max, not pmax: it keeps NaN and turns −0 into +0, exactly like the TypeScript relu.
  if (op == RELU) return f32x4.max(v, f32x4.splat(0));
  if (op == STEP) return v128.and(f32x4.gt(v, f32x4.splat(0)), f32x4.splat(1.0));
  return f32x4.div(f32x4.splat(1.0), v);
}

// @ts-ignore: decorator
@inline function map1(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, unaryVec(op, v128.load(x + o)));
  }
  const r = n - i;
  if (r > 0) {
    const o = <usize>i << 2;
    // Padding lanes of 1.0 are discarded, but keep every op away from zeros and denormals there.
    storeTail(out + o, unaryVec(op, loadTail(x + o, r, f32x4.splat(1.0))), r);
  }
}

export function neg(x: usize, out: usize, n: i32): void { map1(NEG, x, out, n); }
export function exp(x: usize, out: usize, n: i32): void { map1(EXP, x, out, n); }
export function log(x: usize, out: usize, n: i32): void { map1(LOG, x, out, n); }
export function sqrt(x: usize, out: usize, n: i32): void { map1(SQRT, x, out, n); }
export function abs(x: usize, out: usize, n: i32): void { map1(ABS, x, out, n); }
export function square(x: usize, out: usize, n: i32): void { map1(SQUARE, x, out, n); }
export function tanh(x: usize, out: usize, n: i32): void { map1(TANH, x, out, n); }
export function sigmoid(x: usize, out: usize, n: i32): void { map1(SIGMOID, x, out, n); }
export function relu(x: usize, out: usize, n: i32): void { map1(RELU, x, out, n); }
export function step(x: usize, out: usize, n: i32): void { map1(STEP, x, out, n); }
export function reciprocal(x: usize, out: usize, n: i32): void { map1(RECIPROCAL, x, out, n); }

// Binary op codes; R* take the operands the other way round (for a scalar or vector on the left).
const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const RSUB = 4;
const RDIV = 5;

// @ts-ignore: decorator
@inline function binaryVec(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return f32x4.add(a, b);
  if (op == SUB) return f32x4.sub(a, b);
  if (op == MUL) return f32x4.mul(a, b);
  if (op == DIV) return f32x4.div(a, b);
  if (op == RSUB) return f32x4.sub(b, a);
  return f32x4.div(b, a);
}

/** out[i] = a[i] op b[i]. */
// @ts-ignore: decorator
@inline function map2(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, binaryVec(op, v128.load(a + o), v128.load(b + o)));
  }
  const r = n - i;
  if (r > 0) {
    const o = <usize>i << 2;
    const one = f32x4.splat(1.0);
    storeTail(out + o, binaryVec(op, loadTail(a + o, r, one), loadTail(b + o, r, one)), r);
  }
}

/** out[i] = x[i] op s. */
// @ts-ignore: decorator
@inline function mapScalar(op: i32, x: usize, s: v128, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, binaryVec(op, v128.load(x + o), s));
  }
  const r = n - i;
  if (r > 0) {
    const o = <usize>i << 2;
    storeTail(out + o, binaryVec(op, loadTail(x + o, r, f32x4.splat(1.0)), s), r);
  }
}

/** out (m×n) = x (m×n) op v (n), v broadcast down the rows (a bias add). */
// @ts-ignore: decorator
@inline function mapRows(op: i32, x: usize, v: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const o = <usize>i * row;
    map2(op, x + o, v, out + o, n);
  }
}

/** out (m×n) = x (m×n) op v (m), v[i] broadcast along row i (a keepdims reduction). */
// @ts-ignore: decorator
@inline function mapColumns(op: i32, x: usize, v: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const o = <usize>i * row;
    mapScalar(op, x + o, f32x4.splat(load<f32>(v + (<usize>i << 2))), out + o, n);
  }
}

export function add(a: usize, b: usize, out: usize, n: i32): void { map2(ADD, a, b, out, n); }
export function sub(a: usize, b: usize, out: usize, n: i32): void { map2(SUB, a, b, out, n); }
export function mul(a: usize, b: usize, out: usize, n: i32): void { map2(MUL, a, b, out, n); }
export function div(a: usize, b: usize, out: usize, n: i32): void { map2(DIV, a, b, out, n); }

export function addScalar(x: usize, s: f32, out: usize, n: i32): void { mapScalar(ADD, x, f32x4.splat(s), out, n); }
export function subScalar(x: usize, s: f32, out: usize, n: i32): void { mapScalar(SUB, x, f32x4.splat(s), out, n); }
export function mulScalar(x: usize, s: f32, out: usize, n: i32): void { mapScalar(MUL, x, f32x4.splat(s), out, n); }
export function divScalar(x: usize, s: f32, out: usize, n: i32): void { mapScalar(DIV, x, f32x4.splat(s), out, n); }
/** out[i] = s − x[i]. */
export function rsubScalar(x: usize, s: f32, out: usize, n: i32): void { mapScalar(RSUB, x, f32x4.splat(s), out, n); }
/** out[i] = s / x[i]. */
export function rdivScalar(x: usize, s: f32, out: usize, n: i32): void { mapScalar(RDIV, x, f32x4.splat(s), out, n); }

export function addRowVector(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapRows(ADD, x, v, out, m, n); }
export function subRowVector(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapRows(SUB, x, v, out, m, n); }
export function mulRowVector(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapRows(MUL, x, v, out, m, n); }
export function divRowVector(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapRows(DIV, x, v, out, m, n); }

export function addColumnVector(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapColumns(ADD, x, v, out, m, n); }
export function subColumnVector(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapColumns(SUB, x, v, out, m, n); }
export function mulColumnVector(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapColumns(MUL, x, v, out, m, n); }
export function divColumnVector(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapColumns(DIV, x, v, out, m, n); }

/** dx[i] = x[i] > 0 ? dout[i] : 0 (ReLU's backward; NaN in x gives 0, as `x > 0` does). */
export function reluBackward(dout: usize, x: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, v128.and(v128.load(dout + o), f32x4.gt(v128.load(x + o), zero)));
  }
  const r = n - i;
  if (r > 0) {
    const o = <usize>i << 2;
    storeTail(dx + o, v128.and(loadTail(dout + o, r, zero), f32x4.gt(loadTail(x + o, r, zero), zero)), r);
  }
}

/** dx[i] = dout[i]·(1 − y[i])·y[i], y the sigmoid's output (the book's order of operations). */
export function sigmoidBackward(dout: usize, y: usize, dx: usize, n: i32): void {
  const one = f32x4.splat(1.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const yv = v128.load(y + o);
    v128.store(dx + o, f32x4.mul(f32x4.mul(v128.load(dout + o), f32x4.sub(one, yv)), yv));
  }
  const r = n - i;
  if (r > 0) {
    const o = <usize>i << 2;
    const yv = loadTail(y + o, r, one);
    storeTail(dx + o, f32x4.mul(f32x4.mul(loadTail(dout + o, r, one), f32x4.sub(one, yv)), yv), r);
  }
}

/** y[i] += alpha·x[i] (the SGD update with alpha = −learning rate). */
export function axpy(y: usize, x: usize, alpha: f32, n: i32): void {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, madd(a, v128.load(x + o), v128.load(y + o)));
  }
  const r = n - i;
  if (r > 0) {
    const o = <usize>i << 2;
    const zero = f32x4.splat(0);
    storeTail(y + o, madd(a, loadTail(x + o, r, zero), loadTail(y + o, r, zero)), r);
  }
}
