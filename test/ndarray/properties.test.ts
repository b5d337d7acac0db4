// Property tests: every op against a plain reference written here with nested loops over
// multi-indices (it never calls the library's kernels). Random shapes include size-0 and size-1
// dims; float32 inputs are rounded with Math.fround in the reference and compared with a float32
// tolerance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  add,
  sub,
  mul,
  div,
  maximum,
  minimum,
  gt,
  ge,
  lt,
  le,
  eq,
  ne,
  sum,
  mean,
  max,
  min,
  variance,
  std,
  argmax,
  argmin,
  array,
  dot,
  matmul,
  transpose,
  take,
  pick,
  slice,
  NDArray,
  ScratchnetError,
  type Axis,
  type DType,
  type FloatDType,
} from '../../src/index.js';
import { isClose } from './helpers.js';

const PARAMS = { seed: 42, numRuns: 150 };

// ---------------------------------------------------------------- the reference

interface Ref {
  shape: number[];
  data: number[];
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Every multi-index of `shape` in row-major order ([[]] for a 0-d shape, [] when a dim is 0). */
function multiIndices(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  if (sizeOf(shape) === 0) return out;
  const index = new Array<number>(shape.length).fill(0);
  for (;;) {
    out.push([...index]);
    let d = shape.length - 1;
    for (; d >= 0; d--) {
      index[d]!++;
      if (index[d]! < shape[d]!) break;
      index[d] = 0;
    }
    if (d < 0) return out;
  }
}

function at(r: Ref, index: readonly number[]): number {
  assert.equal(index.length, r.shape.length);
  let offset = 0;
  for (let d = 0; d < index.length; d++) {
    assert.ok(index[d]! >= 0 && index[d]! < r.shape[d]!, 'reference index out of range');
    offset = offset * r.shape[d]! + index[d]!;
  }
  return r.data[offset]!;
}

function build(shape: number[], value: (index: number[]) => number): Ref {
  return { shape, data: multiIndices(shape).map(value) };
}

/** numpy's rule, written out: align right; equal dims or a 1 on one side. null when incompatible. */
function refBroadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The element of `r` that broadcasting reads for output index `index`. */
function broadcastRead(r: Ref, index: readonly number[]): number {
  const lead = index.length - r.shape.length;
  return at(
    r,
    r.shape.map((d, i) => (d === 1 ? 0 : index[lead + i]!)),
  );
}

const roundTo =
  (dtype: DType) =>
  (v: number): number =>
    dtype === 'float32' ? Math.fround(v) : v;

// ---------------------------------------------------------------- arbitraries

const dimArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.constant(1) },
  { weight: 6, arbitrary: fc.integer({ min: 2, max: 5 }) },
);
const shapeArb = (minNdim = 0, maxNdim = 4): fc.Arbitrary<number[]> =>
  fc.array(dimArb, { minLength: minNdim, maxLength: maxNdim });
const dtypeArb: fc.Arbitrary<FloatDType> = fc.constantFrom('float64', 'float32');

// Small integers make ties and equal pairs common; NaN checks numpy's NaN semantics.
const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -4, max: 4 }) },
  { weight: 5, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(NaN) },
);
const finiteArb = fc.oneof(fc.integer({ min: -4, max: 4 }), fc.double({ min: -10, max: 10, noNaN: true }));

interface Case {
  shape: number[];
  values: number[];
  dtype: FloatDType;
}

function caseArb(shape: fc.Arbitrary<number[]>, value: fc.Arbitrary<number> = valueArb): fc.Arbitrary<Case> {
  return fc
    .tuple(shape, dtypeArb)
    .chain(([s, dtype]) =>
      fc.array(value, { minLength: sizeOf(s), maxLength: sizeOf(s) }).map((values) => ({ shape: s, values, dtype })),
    );
}

function toLib(c: Case): NDArray {
  const data = c.dtype === 'float32' ? Float32Array.from(c.values) : Float64Array.from(c.values);
  return new NDArray(data, c.shape, c.dtype);
}

function toRef(c: Case): Ref {
  return { shape: [...c.shape], data: c.values.map(roundTo(c.dtype)) };
}

/** A shape and a random way to reach it by broadcasting: a suffix with some dims set to 1. */
function broadcastableFrom(out: number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[drop + i] ? 1 : d)));
}

/** Mostly compatible shape pairs, sometimes two independent shapes (which usually clash). */
const shapePairArb = (maxNdim: number): fc.Arbitrary<[number[], number[]]> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: shapeArb(0, maxNdim).chain((out) => fc.tuple(broadcastableFrom(out), broadcastableFrom(out))),
    },
    { weight: 1, arbitrary: fc.tuple(shapeArb(0, maxNdim), shapeArb(0, maxNdim)) },
  );

function tolerance(dtype: DType): { rtol: number; atol: number } {
  return dtype === 'float32' ? { rtol: 1e-5, atol: 1e-5 } : { rtol: 1e-10, atol: 1e-10 };
}

function assertMatches(actual: NDArray, expected: Ref, dtype: DType): void {
  assert.deepEqual([...actual.shape], expected.shape, 'shape');
  assert.equal(actual.dtype, dtype, 'dtype');
  const { rtol, atol } = tolerance(dtype);
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    assert.ok(isClose(a, e, rtol, atol), `element ${i}: got ${a}, expected ${e}`);
  }
}

function expectError(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ScratchnetError && e.code === code);
}

// ---------------------------------------------------------------- binary ops with broadcasting

type Fn2 = (x: number, y: number) => number;
// Written out rather than Math.max/min: they differ from numpy on signed zeros (maximum(-0, 0) is -0).
// biome-ignore-start lint/complexity/useMathMinMax: see above
const refMax: Fn2 = (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x >= y ? x : y);
const refMin: Fn2 = (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x <= y ? x : y);
// biome-ignore-end lint/complexity/useMathMinMax: see above
const BINARY: Record<string, [(a: NDArray, b: NDArray | number) => NDArray, Fn2, boolean]> = {
  add: [add, (x, y) => x + y, false],
  sub: [sub, (x, y) => x - y, false],
  mul: [mul, (x, y) => x * y, false],
  div: [div, (x, y) => x / y, false],
  maximum: [maximum, refMax, false],
  minimum: [minimum, refMin, false],
  gt: [gt, (x, y) => (x > y ? 1 : 0), true],
  ge: [ge, (x, y) => (x >= y ? 1 : 0), true],
  lt: [lt, (x, y) => (x < y ? 1 : 0), true],
  le: [le, (x, y) => (x <= y ? 1 : 0), true],
  eq: [eq, (x, y) => (x === y ? 1 : 0), true],
  ne: [ne, (x, y) => (x !== y ? 1 : 0), true],
};

test('property: binary ops broadcast like numpy and match the reference elementwise', () => {
  const arb = fc.tuple(
    fc.constantFrom(...Object.keys(BINARY)),
    shapePairArb(4).chain(([sa, sb]) => fc.tuple(caseArb(fc.constant(sa)), caseArb(fc.constant(sb)))),
  );
  fc.assert(
    fc.property(arb, ([name, [ca, cb]]) => {
      const [fn, ref, comparison] = BINARY[name]!;
      const [a, b] = [toRef(ca), toRef(cb)];
      const outShape = refBroadcastShape(a.shape, b.shape);
      if (outShape === null) {
        expectError(() => fn(toLib(ca), toLib(cb)), 'SHAPE_MISMATCH');
        return;
      }
      const dtype: DType = comparison
        ? 'bool'
        : ca.dtype === 'float32' && cb.dtype === 'float32'
          ? 'float32'
          : 'float64';
      const expected = build(outShape, (i) => roundTo(dtype)(ref(broadcastRead(a, i), broadcastRead(b, i))));
      assertMatches(fn(toLib(ca), toLib(cb)), expected, dtype);
      // Swapped operands broadcast the same way.
      const swapped = build(outShape, (i) => roundTo(dtype)(ref(broadcastRead(b, i), broadcastRead(a, i))));
      assertMatches(fn(toLib(cb), toLib(ca)), swapped, dtype);
    }),
    PARAMS,
  );
});

test('property: a plain number broadcasts against any shape and keeps the array dtype', () => {
  const arb = fc.tuple(fc.constantFrom(...Object.keys(BINARY)), caseArb(shapeArb()), valueArb);
  fc.assert(
    fc.property(arb, ([name, ca, scalar]) => {
      const [fn, ref, comparison] = BINARY[name]!;
      const a = toRef(ca);
      const dtype: DType = comparison ? 'bool' : ca.dtype;
      const expected = build(a.shape, (i) => roundTo(dtype)(ref(at(a, i), scalar)));
      assertMatches(fn(toLib(ca), scalar), expected, dtype);
    }),
    PARAMS,
  );
});

const IN_PLACE: Record<string, [(x: NDArray, b: NDArray) => NDArray, Fn2]> = {
  iadd: [(x, b) => x.iadd(b), (x, y) => x + y],
  isub: [(x, b) => x.isub(b), (x, y) => x - y],
  imul: [(x, b) => x.imul(b), (x, y) => x * y],
  idiv: [(x, b) => x.idiv(b), (x, y) => x / y],
};

test('property: iadd/isub/imul/idiv broadcast the operand into the target, even when it is a view of the target', () => {
  const arb = shapeArb(1, 3).chain((out) =>
    fc.tuple(
      fc.constantFrom(...Object.keys(IN_PLACE)),
      caseArb(fc.constant(out)),
      caseArb(broadcastableFrom(out)),
      fc.boolean(),
    ),
  );
  fc.assert(
    fc.property(arb, ([name, ct, cb, alias]) => {
      const [fn, ref] = IN_PLACE[name]!;
      const target = toLib(ct);
      let operand = toLib(cb);
      const t = toRef(ct);
      let b = toRef(cb);
      if (alias && cb.values.length <= ct.values.length) {
        // The operand reads the target's own first elements, as x += x[0:1] does.
        operand = target.ravel().slice(0, cb.values.length).reshape(cb.shape);
        b = { shape: [...cb.shape], data: t.data.slice(0, cb.values.length) };
      }
      const expected = build(t.shape, (i) => roundTo(ct.dtype)(ref(at(t, i), broadcastRead(b, i))));
      assert.equal(fn(target, operand), target);
      assertMatches(target, expected, ct.dtype);
    }),
    PARAMS,
  );
});

// ---------------------------------------------------------------- reductions

type Reduction = 'sum' | 'mean' | 'max' | 'min' | 'var' | 'std';
type ReduceFn = (x: NDArray, axis: Axis, keepdims: boolean) => number | NDArray;
const REDUCE: Record<Reduction, ReduceFn> = {
  sum: (x, axis, keepdims) => sum(x, axis, keepdims),
  mean: (x, axis, keepdims) => mean(x, axis, keepdims),
  max: (x, axis, keepdims) => max(x, axis, keepdims),
  min: (x, axis, keepdims) => min(x, axis, keepdims),
  var: (x, axis, keepdims) => variance(x, axis, keepdims),
  std: (x, axis, keepdims) => std(x, axis, keepdims),
};

function refReduceValues(op: Reduction, v: number[]): number {
  let s = 0;
  for (const x of v) s += x;
  switch (op) {
    case 'sum':
      return s;
    case 'mean':
      return s / v.length;
    case 'max':
    case 'min': {
      let best = v[0]!;
      for (const x of v) {
        if (Number.isNaN(x)) return NaN;
        if (op === 'max' ? x > best : x < best) best = x;
      }
      return best;
    }
    case 'var':
    case 'std': {
      const m = s / v.length;
      let q = 0;
      for (const x of v) q += (x - m) * (x - m);
      return op === 'var' ? q / v.length : Math.sqrt(q / v.length);
    }
  }
}

/** Reduces the (normalised, distinct) `axes` of `r` by looping over every kept and reduced index. */
function refReduce(r: Ref, axes: readonly number[], keepdims: boolean, f: (v: number[]) => number): Ref {
  const kept = r.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const reducedDims = axes.map((a) => r.shape[a]!);
  const data = multiIndices(kept).map((index) =>
    f(
      multiIndices(reducedDims).map((inner) => {
        const full = [...index];
        axes.forEach((a, j) => (full[a] = inner[j]!));
        return at(r, full);
      }),
    ),
  );
  return { shape: keepdims ? kept : r.shape.filter((_, i) => !axes.includes(i)), data };
}

/** undefined, null, one axis (maybe negative) or a list of distinct axes in any order, maybe negative. */
function axisArb(ndim: number): fc.Arbitrary<Axis> {
  const options: fc.Arbitrary<Axis>[] = [
    fc.constant(undefined),
    fc.constant(null),
    fc
      .shuffledSubarray([...Array(ndim).keys()])
      .chain((list) =>
        fc
          .array(fc.boolean(), { minLength: list.length, maxLength: list.length })
          .map((neg) => list.map((a, i) => (neg[i] ? a - ndim : a))),
      ),
  ];
  if (ndim > 0) options.push(fc.integer({ min: -ndim, max: ndim - 1 }));
  return fc.oneof(...options);
}

function axesOf(axis: Axis, ndim: number): number[] {
  if (axis === null || axis === undefined) return [...Array(ndim).keys()];
  const list = typeof axis === 'number' ? [axis] : [...axis];
  return list.map((a) => (a < 0 ? a + ndim : a)).sort((x, y) => x - y);
}

test('property: sum/mean/max/min/var/std over any axes, negative axes and keepdims match the reference', () => {
  const arb = caseArb(shapeArb()).chain((c) =>
    fc.tuple(
      fc.constant(c),
      fc.constantFrom<Reduction>('sum', 'mean', 'max', 'min', 'var', 'std'),
      axisArb(c.shape.length),
      fc.boolean(),
    ),
  );
  fc.assert(
    fc.property(arb, ([c, op, axis, keepdims]) => {
      const r = toRef(c);
      const axes = axesOf(axis, r.shape.length);
      const call = (): number | NDArray => REDUCE[op](toLib(c), axis, keepdims);
      if ((op === 'max' || op === 'min') && axes.some((a) => r.shape[a] === 0)) {
        expectError(call, 'BAD_ARGUMENT');
        return;
      }
      const expected = refReduce(r, axes, keepdims, (v) => roundTo(c.dtype)(refReduceValues(op, v)));
      const result = call();
      if ((axis === null || axis === undefined) && !keepdims) {
        assert.equal(typeof result, 'number', 'a reduction over everything gives a number');
        const { rtol, atol } = tolerance(c.dtype);
        assert.ok(
          isClose(result as number, expected.data[0]!, rtol, atol),
          `got ${String(result)}, expected ${expected.data[0]}`,
        );
        return;
      }
      assert.ok(result instanceof NDArray);
      assertMatches(result, expected, c.dtype);
    }),
    PARAMS,
  );
});

function refArg(op: 'argmax' | 'argmin', v: number[]): number {
  let best = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i]!)) return i;
    if (op === 'argmax' ? v[i]! > v[best]! : v[i]! < v[best]!) best = i;
  }
  return best;
}

test('property: argmax/argmin (first of ties, first NaN) over the flat array or one axis match the reference', () => {
  const arb = caseArb(shapeArb()).chain((c) => {
    const n = c.shape.length;
    const axis: fc.Arbitrary<number | null | undefined> =
      n === 0
        ? fc.constantFrom(null, undefined)
        : fc.oneof(fc.constantFrom(null, undefined), fc.integer({ min: -n, max: n - 1 }));
    return fc.tuple(fc.constant(c), fc.constantFrom<'argmax' | 'argmin'>('argmax', 'argmin'), axis, fc.boolean());
  });
  fc.assert(
    fc.property(arb, ([c, op, axis, keepdims]) => {
      const r = toRef(c);
      const fn = op === 'argmax' ? argmax : argmin;
      const call = (): number | NDArray => fn(toLib(c), axis ?? null, keepdims);
      if (axis === null || axis === undefined) {
        if (r.data.length === 0) {
          expectError(call, 'BAD_ARGUMENT');
          return;
        }
        const expected = refArg(op, r.data);
        const result = call();
        if (keepdims) {
          assert.ok(result instanceof NDArray);
          assertMatches(result, { shape: r.shape.map(() => 1), data: [expected] }, 'int32');
        } else assert.equal(result, expected);
        return;
      }
      const a = axis < 0 ? axis + r.shape.length : axis;
      if (r.shape[a] === 0) {
        expectError(call, 'BAD_ARGUMENT');
        return;
      }
      const result = call();
      assert.ok(result instanceof NDArray);
      assertMatches(
        result,
        refReduce(r, [a], keepdims, (v) => refArg(op, v)),
        'int32',
      );
    }),
    PARAMS,
  );
});

// ---------------------------------------------------------------- dot and matmul

const productDtype = (a: FloatDType, b: FloatDType): FloatDType =>
  a === 'float32' && b === 'float32' ? 'float32' : 'float64';

test('property: dot for 1-D·1-D, 2-D·1-D, 1-D·2-D, 2-D·2-D and N-D matches sum(a[..., k] * b[..., k, :])', () => {
  const shapes = fc
    .record({
      aLead: shapeArb(0, 2),
      bLead: shapeArb(0, 1),
      k: dimArb,
      n: dimArb,
      b1d: fc.boolean(),
      // Sometimes a mismatched contracted dim, which must be reported.
      bk: fc.option(dimArb, { freq: 6 }),
    })
    .map(({ aLead, bLead, k, n, b1d, bk }) => {
      const kb = bk ?? k;
      return { a: [...aLead, k], b: b1d ? [kb] : [...bLead, kb, n] };
    });
  const arb = shapes.chain(({ a, b }) =>
    fc.tuple(caseArb(fc.constant(a), finiteArb), caseArb(fc.constant(b), finiteArb)),
  );
  fc.assert(
    fc.property(arb, ([ca, cb]) => {
      const [a, b] = [toRef(ca), toRef(cb)];
      const k = a.shape[a.shape.length - 1]!;
      const bDim = b.shape.length === 1 ? 0 : b.shape.length - 2;
      if (b.shape[bDim] !== k) {
        expectError(() => dot(toLib(ca), toLib(cb)), 'SHAPE_MISMATCH');
        return;
      }
      const aLead = a.shape.slice(0, -1);
      const bRest = b.shape.filter((_, i) => i !== bDim);
      const dtype = productDtype(ca.dtype, cb.dtype);
      const expected = build([...aLead, ...bRest], (index) => {
        const ai = index.slice(0, aLead.length);
        const bi = index.slice(aLead.length);
        let s = 0;
        for (let p = 0; p < k; p++) {
          const bIndex = [...bi];
          bIndex.splice(bDim, 0, p);
          s += at(a, [...ai, p]) * at(b, bIndex);
        }
        return roundTo(dtype)(s);
      });
      // Two 1-D operands give a number, as numpy gives a scalar; every other case an array.
      const result = dot(toLib(ca), toLib(cb));
      assert.equal(typeof result === 'number', a.shape.length === 1 && b.shape.length === 1);
      assertMatches(typeof result === 'number' ? array(result, { dtype }) : result, expected, dtype);
    }),
    PARAMS,
  );
});

test('property: matmul broadcasts batch dims, treats 1-D operands as row/column vectors and matches the reference', () => {
  const shapes = fc
    .record({
      batch: shapePairArb(2),
      m: dimArb,
      k: dimArb,
      n: dimArb,
      a1d: fc.boolean(),
      b1d: fc.boolean(),
      bk: fc.option(dimArb, { freq: 8 }),
    })
    .map(({ batch: [ba, bb], m, k, n, a1d, b1d, bk }) => ({
      a: a1d ? [k] : [...ba, m, k],
      b: b1d ? [bk ?? k] : [...bb, bk ?? k, n],
    }));
  const arb = shapes.chain(({ a, b }) =>
    fc.tuple(caseArb(fc.constant(a), finiteArb), caseArb(fc.constant(b), finiteArb)),
  );
  fc.assert(
    fc.property(arb, ([ca, cb]) => {
      const a0 = toRef(ca);
      const b0 = toRef(cb);
      // The reference promotes 1-D operands itself: (k,) -> (1, k) and (k,) -> (k, 1).
      const a: Ref = a0.shape.length === 1 ? { shape: [1, a0.shape[0]!], data: a0.data } : a0;
      const b: Ref = b0.shape.length === 1 ? { shape: [b0.shape[0]!, 1], data: b0.data } : b0;
      const [m, k] = a.shape.slice(-2) as [number, number];
      const [kb, n] = b.shape.slice(-2) as [number, number];
      const batch = refBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
      if (kb !== k || batch === null) {
        expectError(() => matmul(toLib(ca), toLib(cb)), 'SHAPE_MISMATCH');
        return;
      }
      const dtype = productDtype(ca.dtype, cb.dtype);
      const full = build([...batch, m, n], (index) => {
        const t = index.slice(0, -2);
        const [i, j] = index.slice(-2) as [number, number];
        const aLead = a.shape.length - 2;
        const bLead = b.shape.length - 2;
        const aBatch = a.shape.slice(0, -2).map((d, q) => (d === 1 ? 0 : t[t.length - aLead + q]!));
        const bBatch = b.shape.slice(0, -2).map((d, q) => (d === 1 ? 0 : t[t.length - bLead + q]!));
        let s = 0;
        for (let p = 0; p < k; p++) s += at(a, [...aBatch, i, p]) * at(b, [...bBatch, p, j]);
        return roundTo(dtype)(s);
      });
      let shape = full.shape;
      if (a0.shape.length === 1) shape = shape.filter((_, i) => i !== shape.length - 2);
      if (b0.shape.length === 1) shape = shape.slice(0, -1);
      assertMatches(matmul(toLib(ca), toLib(cb)), { shape, data: full.data }, dtype);
    }),
    PARAMS,
  );
});

// ---------------------------------------------------------------- transpose, take, pick, slice

test('property: transpose with random (possibly negative) axes moves element [i0..in] to [i_perm]', () => {
  const arb = caseArb(shapeArb()).chain((c) => {
    const n = c.shape.length;
    const perm = fc
      .shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n })
      .chain((p) =>
        fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((neg) => p.map((a, i) => (neg[i] ? a - n : a))),
      );
    return fc.tuple(fc.constant(c), fc.option(perm, { freq: 4 }));
  });
  fc.assert(
    fc.property(arb, ([c, axes]) => {
      const r = toRef(c);
      const n = r.shape.length;
      const perm = axes === null ? [...Array(n).keys()].reverse() : axes.map((a) => (a < 0 ? a + n : a));
      const expected = build(
        perm.map((a) => r.shape[a]!),
        (index) => {
          const source = new Array<number>(n);
          perm.forEach((a, d) => (source[a] = index[d]!));
          return at(r, source);
        },
      );
      const x = toLib(c);
      assertMatches(axes === null ? x.T : transpose(x, axes), expected, c.dtype);
    }),
    PARAMS,
  );
});

test('property: take(x, indices, axis) with negative indices and axes matches the reference', () => {
  const arb = caseArb(shapeArb(1, 4)).chain((c) => {
    const n = c.shape.length;
    return fc.integer({ min: -n, max: n - 1 }).chain((axis) => {
      const len = c.shape[axis < 0 ? axis + n : axis]!;
      const indices = len === 0 ? fc.constant([]) : fc.array(fc.integer({ min: -len, max: len - 1 }), { maxLength: 5 });
      return fc.tuple(fc.constant(c), fc.constant(axis), indices, fc.constantFrom('array', 'int32array', 'ndarray'));
    });
  });
  fc.assert(
    fc.property(arb, ([c, axis, indices, kind]) => {
      const r = toRef(c);
      const ax = axis < 0 ? axis + r.shape.length : axis;
      const len = r.shape[ax]!;
      const shape = [...r.shape];
      shape[ax] = indices.length;
      const expected = build(shape, (index) => {
        const source = [...index];
        const i = indices[index[ax]!]!;
        source[ax] = i < 0 ? i + len : i;
        return at(r, source);
      });
      const input =
        kind === 'array'
          ? indices
          : kind === 'int32array'
            ? Int32Array.from(indices)
            : new NDArray(Int32Array.from(indices), [indices.length]);
      assertMatches(take(toLib(c), input, axis), expected, c.dtype);
    }),
    PARAMS,
  );
});

test('property: pick(x, rows, cols)[i] is x[rows[i], cols[i]]', () => {
  const arb = caseArb(shapeArb(2, 2)).chain((c) => {
    const [h, w] = c.shape as [number, number];
    if (h * w === 0) return fc.tuple(fc.constant(c), fc.constant<[number, number][]>([]));
    const pair = fc.tuple(fc.integer({ min: -h, max: h - 1 }), fc.integer({ min: -w, max: w - 1 }));
    return fc.tuple(fc.constant(c), fc.array(pair, { maxLength: 6 }));
  });
  fc.assert(
    fc.property(arb, ([c, pairs]) => {
      const r = toRef(c);
      const [h, w] = r.shape as [number, number];
      const expected: Ref = {
        shape: [pairs.length],
        data: pairs.map(([i, j]) => at(r, [i < 0 ? i + h : i, j < 0 ? j + w : j])),
      };
      assertMatches(
        pick(
          toLib(c),
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        ),
        expected,
        c.dtype,
      );
    }),
    PARAMS,
  );
});

/** Python's clamping of a slice bound. */
function pyBound(v: number, len: number): number {
  if (v < 0) return Math.max(0, v + len);
  return Math.min(v, len);
}

test("property: slice(x, start, end) is Python's x[start:end] and a view of x", () => {
  const arb = fc.tuple(
    caseArb(shapeArb(1, 3)),
    fc.integer({ min: -7, max: 7 }),
    fc.option(fc.integer({ min: -7, max: 7 }), { freq: 4 }),
  );
  fc.assert(
    fc.property(arb, ([c, start, end]) => {
      const r = toRef(c);
      const len = r.shape[0]!;
      const s = pyBound(start, len);
      const e = Math.max(s, end === null ? len : pyBound(end, len));
      const expected = build([e - s, ...r.shape.slice(1)], (index) => at(r, [index[0]! + s, ...index.slice(1)]));
      const x = toLib(c);
      const view = end === null ? slice(x, start) : slice(x, start, end);
      assertMatches(view, expected, c.dtype);
      if (view.size > 0) {
        view.data[0] = 1234.5;
        assert.equal(x.get(s, ...r.shape.slice(1).map(() => 0)), 1234.5, 'the slice shares storage with x');
      }
    }),
    PARAMS,
  );
});
