// The safetensors codec: round trips, the byte layout it writes, and one test per way a file can
// lie (lengths, offsets, dtypes, shapes), each a BAD_FILE error naming the file and the tensor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, type NDArray } from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/index.js';
import { throwsWith } from '../helpers/throws.js';
import { assertSame, DTYPES, sampleArray, SHAPES } from './io-helpers.js';

/** A safetensors file with the given header (object or raw text) and data bytes, unpadded. */
function file(header: unknown, data: number[] | Uint8Array = [], headerLength?: number): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength ?? text.length, true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

function headerOf(bytes: Uint8Array): {
  length: number;
  json: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
} {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { length, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) };
}

for (const dtype of DTYPES) {
  for (const shape of SHAPES) {
    test(`safetensors round trip: ${dtype} of shape (${shape.join(', ')}) reads back identical`, () => {
      const source = sampleArray(dtype, shape);
      const { tensors, metadata } = decodeSafetensors(encodeSafetensors({ x: source }, { kind: dtype }));
      assertSame(tensors.x!, source);
      assert.deepEqual(metadata, { kind: dtype });
    });
  }
}

test('a mixed set of tensors round-trips with metadata, and every name comes back', () => {
  const tensors = {
    'layer1.W': sampleArray('float32', [4, 3]),
    'layer1.b': sampleArray('float32', [3]),
    labels: sampleArray('uint8', [7]),
    mask: sampleArray('bool', [2, 2]),
    steps: sampleArray('int32', []),
    mean: sampleArray('float64', [3]),
    nothing: sampleArray('float64', [0, 5]),
  };
  const metadata = { format: 'scratchnet', epochs: '17', 'note with ünïcode': '✓ ok' };
  const back = decodeSafetensors(encodeSafetensors(tensors, metadata), 'mixed.safetensors');
  assert.deepEqual(back.metadata, metadata);
  assert.deepEqual(Object.keys(back.tensors).sort(), Object.keys(tensors).sort());
  for (const [key, value] of Object.entries(tensors)) assertSame(back.tensors[key]!, value, key);
});

test('encodeSafetensors pads the header with spaces to a multiple of 8 and aligns every tensor to its item size', () => {
  const bytes = encodeSafetensors({
    u: array([1, 2, 3], { dtype: 'uint8' }),
    f: array([1.5], { dtype: 'float32' }),
    d: array([2.5, 3.5]),
    b: array([true], { dtype: 'bool' }),
    i: array([7], { dtype: 'int32' }),
  });
  const { length, json } = headerOf(bytes);
  assert.equal(length % 8, 0);
  assert.match(new TextDecoder().decode(bytes.subarray(8, 8 + length)), /^(?:\w+: )?\{.*\} *$/);
  assert.deepEqual(json.d, { dtype: 'F64', shape: [2], data_offsets: [0, 16] });
  assert.deepEqual(json.f, { dtype: 'F32', shape: [1], data_offsets: [16, 20] });
  assert.deepEqual(json.i, { dtype: 'I32', shape: [1], data_offsets: [20, 24] });
  assert.deepEqual(json.u, { dtype: 'U8', shape: [3], data_offsets: [24, 27] });
  assert.deepEqual(json.b, { dtype: 'BOOL', shape: [1], data_offsets: [27, 28] });
  assert.equal(bytes.length, 8 + length + 28);
  assert.deepEqual([...bytes.subarray(8 + length + 16, 8 + length + 20)], [0, 0, 0xc0, 0x3f], 'F32 1.5 little-endian');
  // No metadata given: __metadata__ holds only the checksums of the tensors.
  assert.deepEqual(Object.keys(json.__metadata__ as object), ['scratchnet.crc32']);
});

test('metadata must be strings, and __metadata__ cannot name a tensor', () => {
  throwsWith(
    () => encodeSafetensors({ x: array([1]) }, { n: 3 } as unknown as Record<string, string>),
    'BAD_ARGUMENT',
    /metadata "n" must be a string/,
  );
  throwsWith(() => encodeSafetensors({ __metadata__: array([1]) }), 'BAD_ARGUMENT', /"__metadata__" is reserved/);
  throwsWith(
    () => encodeSafetensors({ x: [1, 2] as unknown as NDArray }),
    'BAD_ARGUMENT',
    /tensor "x" is not an NDArray/,
  );
});

test('a tensor named __proto__ is an ordinary key, not a prototype', () => {
  const tensors: Record<string, NDArray> = {};
  Object.defineProperty(tensors, '__proto__', { value: array([1, 2]), enumerable: true });
  const back = decodeSafetensors(encodeSafetensors(tensors)).tensors;
  assert.ok(Object.hasOwn(back, '__proto__'));
  const own = Object.getOwnPropertyDescriptor(back, '__proto__')?.value as { data: Float32Array } | undefined;
  assert.deepEqual([...own!.data], [1, 2]);
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
});

test('decoding works at an odd byte offset and from a pooled Node Buffer', () => {
  const source = sampleArray('float64', [3, 3]);
  const bytes = encodeSafetensors({ w: source, i: sampleArray('int32', [5]) });
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  assertSame(decodeSafetensors(shifted.subarray(1)).tensors.w!, source);
  assertSame(decodeSafetensors(Buffer.from(bytes)).tensors.w!, source);
});

test('F16 reads as float16; BF16, I8, I16, U16 widen; I64, U32, U64 read as float64 (exact to 2^53)', () => {
  const bytes = file(
    {
      h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [4, 8] },
      s: { dtype: 'I16', shape: [1], data_offsets: [8, 10] },
      t: { dtype: 'I8', shape: [1], data_offsets: [10, 11] },
      l: { dtype: 'I64', shape: [1], data_offsets: [11, 19] },
    },
    [0, 0x3c, 0, 0xc0, 0xc0, 0x3f, 0x80, 0xff, 0x00, 0x80, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  );
  const { tensors } = decodeSafetensors(bytes);
  assert.deepEqual([tensors.h!.dtype, ...tensors.h!.data], ['float16', 1, -2]);
  assert.deepEqual([tensors.b!.dtype, ...tensors.b!.data], ['float32', 1.5, -Infinity]);
  assert.deepEqual([tensors.s!.dtype, ...tensors.s!.data], ['int32', -32768]);
  assert.deepEqual([tensors.t!.dtype, ...tensors.t!.data], ['int32', -1]);
  assert.deepEqual([tensors.l!.dtype, ...tensors.l!.data], ['float64', -2]);
});

test('I64 values beyond 2^53 are refused, naming the file, the tensor, the element and the value', () => {
  const data = new Uint8Array(16);
  new DataView(data.buffer).setBigInt64(8, (1n << 53n) + 1n, true);
  throwsWith(
    () => decodeSafetensors(file({ step: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, data), 'm.safetensors'),
    'BAD_FILE',
    /^(?:\w+: )?m\.safetensors: tensor "step": cannot read I64 as float64: element 1 is 9007199254740993/,
  );
});

test('every truncation of a valid file, from 0 bytes to one byte short, is a BAD_FILE error naming the file', () => {
  const bytes = encodeSafetensors(
    {
      a: array(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'float32' },
      ),
      b: array([5], { dtype: 'uint8' }),
    },
    { m: 'x' },
  );
  for (let n = 0; n < bytes.length; n++) {
    throwsWith(
      () => decodeSafetensors(bytes.subarray(0, n), 'cut.safetensors'),
      'BAD_FILE',
      /^(?:\w+: )?cut\.safetensors: not a valid safetensors file: /,
    );
  }
});

test('header lengths that lie are refused before anything is decoded', () => {
  throwsWith(
    () => decodeSafetensors(new Uint8Array(5)),
    'BAD_FILE',
    /8-byte header length at offset 0 needs 8 bytes, got 5/,
  );
  throwsWith(
    () => decodeSafetensors(file({}, [], 1000)),
    'BAD_FILE',
    /header length 1000 at offset 0 runs past the end of the file \(2 bytes follow it\)/,
  );
  const huge = file({});
  new DataView(huge.buffer).setUint32(4, 0x100, true); // 2^40 + 2
  throwsWith(() => decodeSafetensors(huge), 'BAD_FILE', /header length 1099511627778 at offset 0 runs past/);
});

test('a header that is not a JSON object of entries is refused', () => {
  throwsWith(() => decodeSafetensors(file('{"a": ')), 'BAD_FILE', /header at offset 8 is not valid UTF-8 JSON/);
  throwsWith(() => decodeSafetensors(file('[1, 2]')), 'BAD_FILE', /header at offset 8 is not a JSON object/);
  throwsWith(() => decodeSafetensors(file('null')), 'BAD_FILE', /not a JSON object/);
  const badUtf8 = file('{"a":1}');
  badUtf8[10] = 0xff;
  throwsWith(() => decodeSafetensors(badUtf8), 'BAD_FILE', /not valid UTF-8 JSON/);
  throwsWith(
    () => decodeSafetensors(file({ __metadata__: { n: 3 } })),
    'BAD_FILE',
    /"__metadata__" entry "n" is not a string/,
  );
  throwsWith(
    () => decodeSafetensors(file({ __metadata__: ['x'] })),
    'BAD_FILE',
    /"__metadata__" is not an object of strings/,
  );
});

test('bad tensor entries name the tensor and the field', () => {
  const ok = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
  const cases: [unknown, RegExp][] = [
    [7, /tensor "w": its header entry is not an object/],
    [{ ...ok, dtype: undefined }, /tensor "w": "dtype" is missing or not a string/],
    [
      { ...ok, dtype: 'F8_E4M3' },
      /tensor "w": dtype F8_E4M3 is not supported \(scratchnet reads F64, F32, F16, BF16, I64, I32/,
    ],
    [{ ...ok, dtype: 'C64' }, /dtype C64 is not supported/],
    [{ ...ok, shape: [-2] }, /tensor "w": "shape" is not an array of non-negative integers/],
    [{ ...ok, shape: [2.5] }, /"shape" is not an array/],
    [{ ...ok, shape: '2' }, /"shape" is not an array/],
    [{ ...ok, data_offsets: [0] }, /tensor "w": "data_offsets" is not a pair of non-negative integers/],
    [{ ...ok, data_offsets: [-8, 0] }, /"data_offsets" is not a pair/],
    [{ ...ok, data_offsets: [8, 0] }, /data_offsets \[8, 0\] end before they begin/],
    [
      { ...ok, data_offsets: [0, 16] },
      /data_offsets \[0, 16\] run past the end of the data section \(8 bytes at offset \d+\)/,
    ],
    [{ ...ok, shape: [3] }, /data_offsets \[0, 8\] hold 8 bytes, but shape \(3,\) of F32 needs 12/],
    [{ ...ok, shape: [1000000, 1000000] }, /shape \(1000000, 1000000\) of F32 needs 4000000000000/],
  ];
  for (const [entry, pattern] of cases) {
    throwsWith(
      () => decodeSafetensors(file({ w: entry }, new Uint8Array(8)), 'w.safetensors'),
      'BAD_FILE',
      /^(?:\w+: )?w\.safetensors: /,
      pattern,
    );
  }
});

test('tensors must tile the data section: overlaps, gaps and unclaimed trailing bytes are refused', () => {
  const f32 = (begin: number): unknown => ({ dtype: 'F32', shape: [1], data_offsets: [begin, begin + 4] });
  throwsWith(
    () => decodeSafetensors(file({ a: f32(0), b: f32(2) }, new Uint8Array(8))),
    'BAD_FILE',
    /tensor "b": data_offsets \[2, 6\] overlap tensor "a" \[0, 4\]/,
  );
  throwsWith(
    () => decodeSafetensors(file({ a: f32(0), b: f32(0) }, new Uint8Array(4))),
    'BAD_FILE',
    /overlap tensor "a"/,
  );
  throwsWith(
    () => decodeSafetensors(file({ a: f32(0), b: f32(8) }, new Uint8Array(12))),
    'BAD_FILE',
    /tensor "b": data_offsets \[8, 12\] leave bytes \[4, 8\) of the data section unclaimed/,
  );
  throwsWith(
    () => decodeSafetensors(file({ a: f32(0) }, new Uint8Array(10))),
    'BAD_FILE',
    /6 bytes at the end of the data section \(from offset \d+\) belong to no tensor/,
  );
  // Order in the header does not matter, only the byte ranges.
  const { tensors } = decodeSafetensors(file({ b: f32(4), a: f32(0) }, [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]));
  assert.deepEqual([tensors.a!.data[0], tensors.b!.data[0]], [1, 2]);
});

test('an empty file with an empty header holds no tensors; zero-size tensors may share an offset', () => {
  assert.deepEqual(decodeSafetensors(file({})), { tensors: {}, metadata: {} });
  const { tensors } = decodeSafetensors(
    file({
      e: { dtype: 'F64', shape: [0, 3], data_offsets: [0, 0] },
      f: { dtype: 'U8', shape: [0], data_offsets: [0, 0] },
    }),
  );
  assert.deepEqual(tensors.e!.shape, [0, 3]);
  assert.deepEqual(tensors.f!.shape, [0]);
});
