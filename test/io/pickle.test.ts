// The pickle reader against numpy itself: every fixture of make_fixtures.py (protocols 0-5, numpy 1.x
// and 2.x names, C and Fortran order, both byte orders, every dtype, scalars, containers) must read
// back as the values numpy printed into expected.json; the book's weights must not come back transposed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { NDArray, loadPickleArrays, readPickle, type PickleKey, type PickleValue } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const dir = new URL('../fixtures/pickle/', import.meta.url);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));

type Num = number | 'nan' | 'inf' | '-inf';
type Expected =
  | { t: 'ndarray'; dtype: string; shape: number[]; v: Num[] }
  | { t: 'int'; v: string }
  | { t: 'float'; v: Num }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'str'; v: string }
  | { t: 'bytes'; v: string }
  | { t: 'list' | 'tuple'; v: Expected[] }
  | { t: 'dict'; v: [Expected, Expected][] };

interface ExpectedFile {
  values: Record<string, Expected>;
  errors: Record<string, { code: string; patterns: string[] }>;
  sample_weight: Record<
    string,
    {
      shape: number[];
      dtype: string;
      fortran: boolean;
      elements: [number[], number][];
      sum: number;
      weighted_sum: number;
    }
  >;
}

const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as ExpectedFile;

function num(x: Num): number {
  if (x === 'nan') return NaN;
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  return x;
}

function int(text: string): number | bigint {
  const big = BigInt(text);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function key(e: Expected): PickleKey {
  switch (e.t) {
    case 'int':
      return int(e.v);
    case 'float':
      return num(e.v);
    case 'str':
    case 'bool':
      return e.v;
    case 'none':
      return null;
    default:
      throw new Error(`unexpected key type ${e.t}`);
  }
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Asserts `actual` is exactly what numpy wrote (Object.is, so NaN and -0 count), naming the path. */
function check(actual: PickleValue, e: Expected, path: string): void {
  switch (e.t) {
    case 'ndarray': {
      assert.ok(actual instanceof NDArray, `${path}: expected an NDArray, got ${String(actual)}`);
      assert.equal(actual.dtype, e.dtype, `${path}: dtype`);
      assert.deepEqual(actual.shape, e.shape, `${path}: shape`);
      assert.equal(actual.size, e.v.length, `${path}: size`);
      for (let i = 0; i < e.v.length; i++) {
        if (!Object.is(actual.data[i], num(e.v[i]!)))
          assert.fail(`${path}: element ${i} is ${actual.data[i]}, numpy has ${e.v[i]}`);
      }
      return;
    }
    case 'int':
      assert.equal(actual, int(e.v), path);
      return;
    case 'float':
      assert.ok(Object.is(actual, num(e.v)), `${path}: ${String(actual)} is not ${e.v}`);
      return;
    case 'bool':
    case 'str':
      assert.equal(actual, e.v, path);
      return;
    case 'none':
      assert.equal(actual, null, path);
      return;
    case 'bytes':
      assert.ok(actual instanceof Uint8Array, `${path}: expected bytes`);
      assert.equal(hex(actual), e.v, path);
      return;
    case 'list':
    case 'tuple':
      assert.ok(Array.isArray(actual), `${path}: expected a ${e.t}`);
      assert.equal(
        Object.isFrozen(actual),
        e.t === 'tuple',
        `${path}: a ${e.t} ${e.t === 'tuple' ? 'is' : 'is not'} frozen`,
      );
      assert.equal(actual.length, e.v.length, `${path}: length`);
      e.v.forEach((item, i) => check(actual[i]!, item, `${path}[${i}]`));
      return;
    case 'dict':
      assert.ok(actual instanceof Map, `${path}: expected a dict`);
      assert.deepEqual(
        [...actual.keys()],
        e.v.map(([k]) => key(k)),
        `${path}: keys in order`,
      );
      for (const [k, v] of e.v)
        check(
          actual.get(key(k))!,
          v,
          `${path}[${JSON.stringify(key(k), (_, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x))}]`,
        );
      return;
  }
}

for (const [file, value] of Object.entries(expected.values)) {
  test(`${file} reads back exactly as numpy wrote it`, () => {
    check(readPickle(fixture(file), file), value, file);
  });
}

test('the fixtures cover protocols 0 to 5, numpy 1.x and 2.x module names, _reconstruct and _frombuffer', () => {
  const text = (f: string): string => Buffer.from(fixture(f)).toString('latin1');
  for (let p = 0; p <= 5; p++) {
    assert.match(text(`arrays_p${p}.pkl`), /numpy\._core\.multiarray/);
    assert.match(text(`numpy1_arrays_p${p}.pkl`), /numpy\.core\.multiarray/);
    assert.doesNotMatch(text(`numpy1_arrays_p${p}.pkl`), /numpy\._core/);
  }
  assert.match(text('arrays_p5.pkl'), /_frombuffer/);
  assert.match(text('numpy1_arrays_p5.pkl'), /numpy\.core\.numeric/);
  assert.match(text('arrays_p2.pkl'), /_codecs\nencode/);
  assert.equal(fixture('arrays_p4.pkl')[1], 4);
});

test('a Fortran-ordered (2, 3) array comes back in C order, not transposed', () => {
  // numpy: np.asfortranarray(np.arange(6, dtype='f4').reshape(2, 3)); memory holds 0 3 1 4 2 5.
  for (let p = 0; p <= 5; p++) {
    const { W } = loadPickleArrays(fixture(`small_p${p}.pkl`));
    assert.deepEqual(W!.shape, [2, 3]);
    assert.deepEqual([...W!.data], [0, 1, 2, 3, 4, 5], `protocol ${p}`);
    assert.equal(W!.get(0, 1), 1);
    assert.equal(W!.get(1, 0), 3);
  }
});

test("sample_weight.pkl: the book's six float32 arrays, shapes W1 784x50 ... b3 10", () => {
  const params = loadPickleArrays(fixture('sample_weight.pkl'), 'sample_weight.pkl');
  assert.deepEqual(Object.keys(params), ['b2', 'W1', 'b1', 'W2', 'W3', 'b3'], 'file order');
  const shapes = { W1: [784, 50], b1: [50], W2: [50, 100], b2: [100], W3: [100, 10], b3: [10] };
  for (const [name, shape] of Object.entries(shapes)) {
    assert.deepEqual(params[name]!.shape, shape, name);
    assert.equal(params[name]!.dtype, 'float32', name);
  }
});

test('sample_weight.pkl: W1, W2, W3 (stored in Fortran order) match numpy element by element, not transposed', () => {
  const params = loadPickleArrays(fixture('sample_weight.pkl'), 'sample_weight.pkl');
  assert.ok(expected.sample_weight.W1!.fortran, 'numpy reports W1 as Fortran-ordered');
  // numpy: W1[0, 1] = -0.007904391, W1[1, 0] = -0.01029745; a transposed read swaps them.
  assert.equal(params.W1!.get(0, 1), Math.fround(-0.007904390804469585));
  assert.equal(params.W1!.get(1, 0), Math.fround(-0.010297450236976147));
  for (const [name, e] of Object.entries(expected.sample_weight)) {
    const a = params[name]!;
    for (const [index, value] of e.elements) assert.equal(a.get(...index), value, `${name}[${index.join(', ')}]`);
    // Position-weighted sums (numpy's, with math.fsum) catch any permutation of the elements.
    let sum = 0;
    let weighted = 0;
    for (let i = 0; i < a.size; i++) {
      sum += a.data[i]!;
      weighted += a.data[i]! * ((i % 97) + 1);
    }
    assert.ok(Math.abs(sum - e.sum) <= 1e-9 * Math.max(1, Math.abs(e.sum)), `${name}: sum ${sum} vs numpy ${e.sum}`);
    assert.ok(
      Math.abs(weighted - e.weighted_sum) <= 1e-9 * Math.max(1, Math.abs(e.weighted_sum)),
      `${name}: weighted sum ${weighted} vs ${e.weighted_sum}`,
    );
  }
});

test('readPickle accepts a Node Buffer that is a view into a larger pool', () => {
  const bytes = fixture('small_p3.pkl');
  const pool = Buffer.alloc(bytes.length + 13);
  pool.set(bytes, 5);
  const value = readPickle(pool.subarray(5, 5 + bytes.length));
  assert.ok(value instanceof Map);
  assert.deepEqual([...(value.get('b') as NDArray).data], [0.5, -1]);
});

test('bytes in the result are copies: writing to them leaves the input alone', () => {
  const bytes = fixture('mixed_p3.pkl');
  const before = hex(bytes);
  const value = readPickle(bytes) as Map<PickleKey, PickleValue>;
  (value.get('raw') as Uint8Array).fill(7);
  assert.equal(hex(bytes), before);
});

test('a shared array (the same object twice in a list) stays one NDArray', () => {
  for (let p = 0; p <= 5; p++) {
    const value = readPickle(fixture(`mixed_p${p}.pkl`)) as Map<PickleKey, PickleValue>;
    const shared = value.get('shared') as PickleValue[];
    assert.equal(shared[0], shared[1], `protocol ${p}`);
  }
});

test('int64 arrays: int32 when every value fits, float64 when exact, BAD_DTYPE naming the element otherwise', () => {
  const arrays = loadPickleArrays(fixture('arrays_p3.pkl'));
  assert.equal(arrays.i8_small!.dtype, 'int32');
  assert.equal(arrays.i8_wide!.dtype, 'float64');
  assert.deepEqual([...arrays.i8_wide!.data], [2 ** 31, -(2 ** 53), 2 ** 53 - 1, -5]);
  throwsWith(
    () => readPickle(fixture('int64_huge_p3.pkl'), 'int64_huge_p3.pkl'),
    'BAD_DTYPE',
    /element 1/,
    /1152921504606846976/,
    /<i8/,
  );
});

test('numpy scalars: float64/float32 as numbers, int64 beyond 2^53 as bigint, bool as boolean', () => {
  const s = readPickle(fixture('scalars_p5.pkl')) as Map<PickleKey, PickleValue>;
  assert.equal(s.get('f64'), 1.5);
  assert.equal(s.get('f32'), Math.fround(0.1));
  assert.equal(s.get('i64_big'), 2n ** 62n + 1n);
  assert.equal(s.get('bool'), true);
});

for (const [file, { code, patterns }] of Object.entries(expected.errors)) {
  test(`${file} fails with ${code} (${patterns.join(', ')})`, () => {
    throwsWith(
      () => readPickle(fixture(file), file),
      code,
      new RegExp(`^(?:\\w+: )?${file}: `),
      ...patterns.map((p) => new RegExp(p)),
    );
  });
}

test('loadPickleArrays names what the pickle holds when it is not a dict of str -> array', () => {
  throwsWith(
    () => loadPickleArrays(fixture('array_top_p2.pkl'), 'a.pkl'),
    'BAD_FILE',
    /^(?:\w+: )?a\.pkl: /,
    /an ndarray of shape \(2, 3\) \(float64\)/,
  );
  throwsWith(() => loadPickleArrays(fixture('list_top_p4.pkl'), 'l.pkl'), 'BAD_FILE', /a list of 1 item\b/);
  throwsWith(
    () => loadPickleArrays(fixture('mixed_p4.pkl'), 'm.pkl'),
    'BAD_FILE',
    /"name" holds a str of 3 characters/,
  );
  throwsWith(() => loadPickleArrays(fixture('scalars_p2.pkl'), 's.pkl'), 'BAD_FILE', /"f64" holds a number \(1\.5\)/);
});

test('loadPickleArrays keeps a key named __proto__ as an ordinary entry', () => {
  // {'__proto__': np.zeros(1)} at protocol 2, assembled from the fixture's own array bytes.
  const bytes = fixture('small_p2.pkl');
  const text = Buffer.from(bytes).toString('latin1').replace('X\x01\x00\x00\x00W', 'X\x09\x00\x00\x00__proto__');
  const params = loadPickleArrays(new Uint8Array(Buffer.from(text, 'latin1')));
  assert.deepEqual(Object.keys(params), ['__proto__', 'b']);
  assert.ok(Object.getOwnPropertyDescriptor(params, '__proto__')?.value instanceof NDArray);
  assert.equal(Object.getPrototypeOf(params), Object.prototype);
});

test('small malformed inputs fail with BAD_FILE naming the offset', () => {
  const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
  throwsWith(() => readPickle(bytes()), 'BAD_FILE', /empty input/);
  throwsWith(() => readPickle(bytes(0x80, 0x02, 0x2e)), 'BAD_FILE', /STOP at offset 2/, /empty stack/);
  throwsWith(() => readPickle(bytes(0x80, 0x02, 0x74, 0x2e)), 'BAD_FILE', /TUPLE at offset 2/, /no MARK/);
  throwsWith(() => readPickle(bytes(0x80, 0x02, 0x4b, 0x01, 0x61, 0x2e)), 'BAD_FILE', /APPEND at offset 4/);
  throwsWith(
    () => readPickle(bytes(0x80, 0x02, 0x5d, 0x4b, 0x01, 0x4b, 0x02, 0x73, 0x2e)),
    'BAD_FILE',
    /SETITEM at offset 7/,
    /must be a dict/,
  );
  // A tuple as a dict key.
  throwsWith(
    () => readPickle(bytes(0x80, 0x02, 0x7d, 0x29, 0x4e, 0x73, 0x2e)),
    'BAD_FILE',
    /SETITEM at offset 5/,
    /dict key is a tuple/,
  );
  throwsWith(
    () => readPickle(bytes(0x80, 0x02, 0x58, 0x02, 0, 0, 0, 0xc3, 0x28, 0x2e)),
    'BAD_FILE',
    /BINUNICODE at offset 2/,
    /UTF-8/,
  );
});

test('protocol 0 text forms: INT booleans, LONG, FLOAT inf/nan, STRING escapes, UNICODE escapes', () => {
  const read = (text: string): PickleValue => readPickle(new Uint8Array(Buffer.from(text, 'latin1')));
  assert.equal(read('I01\n.'), true);
  assert.equal(read('I00\n.'), false);
  assert.equal(read('I-42\n.'), -42);
  assert.equal(read('L123456789012345678901234567890L\n.'), 123456789012345678901234567890n);
  assert.equal(read('Finf\n.'), Infinity);
  assert.ok(Number.isNaN(read('Fnan\n.')));
  assert.equal(read('F-1.5e-3\n.'), -0.0015);
  assert.equal(read("S'a\\x00\\n\\'b\\\\'\n."), "a\x00\n'b\\");
  assert.equal(read('Vsnow \\u2603 \\U0001f600 \\\\u0041\n.'), 'snow \u2603 \u{1f600} \\\\u0041');
  throwsWith(() => read('Fabc\n.'), 'BAD_FILE', /FLOAT at offset 0/);
  throwsWith(() => read('I12'), 'BAD_FILE', /INT at offset 0/, /no terminating newline/);
});
