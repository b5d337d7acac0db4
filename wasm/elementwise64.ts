// Elementwise kernels over n doubles (f64x2): x, out (and a, b) are byte offsets; out may equal an
// input. Every result is bitwise what the TypeScript kernels compute: the same IEEE operations in
// the same order (no fused multiply-add), and Math.exp's algorithm for e^x.

import { expv64, sigmoidv64 } from './math64';

// Unary op codes: each public kernel passes a constant code to an @inline driver.
const NEG = 0;
const EXP = 1;
const SQRT = 2;
const ABS = 3;
const SQUARE = 4;
const SIGMOID = 5;
const RELU = 6;
const STEP = 7;
const RECIPROCAL = 8;

// @ts-ignore: decorator
@inline function unaryVec(op: i32, v: v128): v128 {
  if (op == NEG) return f64x2.neg(v);
  if (op == EXP) return expv64(v);
  if (op == SQRT) return f64x2.sqrt(v);
  if (op == ABS) return f64x2.abs(v);
  if (op == SQUARE) return f64x2.mul(v, v);
  if (op == SIGMOID) return sigmoidv64(v);
  // max keeps NaN and turns −0 into +0, like the TypeScript relu.
  if (op == RELU) return f64x2.max(v, f64x2.splat(0));
  if (op == STEP) return v128.and(f64x2.gt(v, f64x2.splat(0)), f64x2.splat(1.0));
  return f64x2.div(f64x2.splat(1.0), v);
}

/** The double at p in lane 0, `fill` in lane 1: an odd last element runs the body's vector code. */
// @ts-ignore: decorator
@inline function loadLast(p: usize, fill: v128): v128 {
  return f64x2.replace_lane(fill, 0, load<f64>(p));
}

// @ts-ignore: decorator
@inline function map1(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(out + o, unaryVec(op, v128.load(x + o)));
  }
  if (i < n) {
    const o = <usize>i << 3;
    store<f64>(out + o, f64x2.extract_lane(unaryVec(op, loadLast(x + o, f64x2.splat(1.0))), 0));
  }
}

export function neg64(x: usize, out: usize, n: i32): void { map1(NEG, x, out, n); }
export function exp64(x: usize, out: usize, n: i32): void { map1(EXP, x, out, n); }
export function sqrt64(x: usize, out: usize, n: i32): void { map1(SQRT, x, out, n); }
export function abs64(x: usize, out: usize, n: i32): void { map1(ABS, x, out, n); }
export function square64(x: usize, out: usize, n: i32): void { map1(SQUARE, x, out, n); }
export function sigmoid64(x: usize, out: usize, n: i32): void { map1(SIGMOID, x, out, n); }
export function relu64(x: usize, out: usize, n: i32): void { map1(RELU, x, out, n); }
export function step64(x: usize, out: usize, n: i32): void { map1(STEP, x, out, n); }
export function reciprocal64(x: usize, out: usize, n: i32): void { map1(RECIPROCAL, x, out, n); }

// Binary op codes; R* take the operands the other way round (for a scalar or vector on the left).
const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const RSUB = 4;
const RDIV = 5;

// @ts-ignore: decorator
@inline function binaryVec(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return f64x2.add(a, b);
  if (op == SUB) return f64x2.sub(a, b);
  if (op == MUL) return f64x2.mul(a, b);
  if (op == DIV) return f64x2.div(a, b);
  if (op == RSUB) return f64x2.sub(b, a);
  return f64x2.div(b, a);
}

// @ts-ignore: decorator
@inline function binaryScalar(op: i32, a: f64, b: f64): f64 {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  if (op == DIV) return a / b;
  if (op == RSUB) return b - a;
  return b / a;
}

/** out[i] = a[i] op b[i]. */
// @ts-ignore: decorator
@inline function map2(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(out + o, binaryVec(op, v128.load(a + o), v128.load(b + o)));
  }
  if (i < n) {
    const o = <usize>i << 3;
    store<f64>(out + o, binaryScalar(op, load<f64>(a + o), load<f64>(b + o)));
  }
}

/** out[i] = x[i] op s. */
// @ts-ignore: decorator
@inline function mapScalar(op: i32, x: usize, s: f64, out: usize, n: i32): void {
  const sv = f64x2.splat(s);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(out + o, binaryVec(op, v128.load(x + o), sv));
  }
  if (i < n) {
    const o = <usize>i << 3;
    store<f64>(out + o, binaryScalar(op, load<f64>(x + o), s));
  }
}

/** out (m×n) = x (m×n) op v (n), v broadcast down the rows (a bias add). */
// @ts-ignore: decorator
@inline function mapRows(op: i32, x: usize, v: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 3;
  for (let i = 0; i < m; i++) {
    const o = <usize>i * row;
    map2(op, x + o, v, out + o, n);
  }
}

/** out (m×n) = x (m×n) op v (m), v[i] broadcast along row i (a keepdims reduction). */
// @ts-ignore: decorator
@inline function mapColumns(op: i32, x: usize, v: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 3;
  for (let i = 0; i < m; i++) {
    const o = <usize>i * row;
    mapScalar(op, x + o, load<f64>(v + (<usize>i << 3)), out + o, n);
  }
}

export function add64(a: usize, b: usize, out: usize, n: i32): void { map2(ADD, a, b, out, n); }
export function sub64(a: usize, b: usize, out: usize, n: i32): void { map2(SUB, a, b, out, n); }
export function mul64(a: usize, b: usize, out: usize, n: i32): void { map2(MUL, a, b, out, n); }
export function div64(a: usize, b: usize, out: usize, n: i32): void { map2(DIV, a, b, out, n); }

export function addScalar64(x: usize, s: f64, out: usize, n: i32): void { mapScalar(ADD, x, s, out, n); }
export function subScalar64(x: usize, s: f64, out: usize, n: i32): void { mapScalar(SUB, x, s, out, n); }
export function mulScalar64(x: usize, s: f64, out: usize, n: i32): void { mapScalar(MUL, x, s, out, n); }
export function divScalar64(x: usize, s: f64, out: usize, n: i32): void { mapScalar(DIV, x, s, out, n); }
/** out[i] = s − x[i]. */
export function rsubScalar64(x: usize, s: f64, out: usize, n: i32): void { mapScalar(RSUB, x, s, out, n); }
/** out[i] = s / x[i]. */
export function rdivScalar64(x: usize, s: f64, out: usize, n: i32): void { mapScalar(RDIV, x, s, out, n); }

export function addRowVector64(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapRows(ADD, x, v, out, m, n); }
export function subRowVector64(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapRows(SUB, x, v, out, m, n); }
export function mulRowVector64(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapRows(MUL, x, v, out, m, n); }
export function divRowVector64(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapRows(DIV, x, v, out, m, n); }

export function addColumnVector64(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapColumns(ADD, x, v, out, m, n); }
export function subColumnVector64(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapColumns(SUB, x, v, out, m, n); }
export function mulColumnVector64(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapColumns(MUL, x, v, out, m, n); }
export function divColumnVector64(x: usize, v: usize, out: usize, m: i32, n: i32): void { mapColumns(DIV, x, v, out, m, n); }

/** dx[i] = x[i] > 0 ? dout[i] : 0 (ReLU's backward; NaN in x gives 0, as `x > 0` does). */
export function reluBackward64(dout: usize, x: usize, dx: usize, n: i32): void {
  const zero = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(dx + o, v128.and(v128.load(dout + o), f64x2.gt(v128.load(x + o), zero)));
  }
  if (i < n) {
    const o = <usize>i << 3;
    store<f64>(dx + o, load<f64>(x + o) > 0 ? load<f64>(dout + o) : 0);
  }
}

/** dx[i] = dout[i]·(1 − y[i])·y[i], y the sigmoid's output (the book's order of operations). */
export function sigmoidBackward64(dout: usize, y: usize, dx: usize, n: i32): void {
  const one = f64x2.splat(1.0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const yv = v128.load(y + o);
    v128.store(dx + o, f64x2.mul(f64x2.mul(v128.load(dout + o), f64x2.sub(one, yv)), yv));
  }
  if (i < n) {
    const o = <usize>i << 3;
    const yv = load<f64>(y + o);
    store<f64>(dx + o, load<f64>(dout + o) * (1 - yv) * yv);
  }
}

/** y[i] += alpha·x[i] (the SGD update), a product and a sum each rounded, as in TypeScript. */
export function axpy64(y: usize, x: usize, alpha: f64, n: i32): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a, v128.load(x + o))));
  }
  if (i < n) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}
