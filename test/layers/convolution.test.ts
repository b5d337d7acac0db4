// Convolution, Pooling and Flatten (the book's chapter 7): forward against numpy's direct loops
// (test/fixtures/conv), backward against numerical gradients in float64 (mean |diff| < 1e-7), the
// im2col layout, float32 through the installed kernels, and the errors that name the shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Convolution, Flatten, type NDArray, Pooling, Random, ScratchnetError, array, zeros } from '../../src/index.js';
import { im2colInto } from '../../src/layers/im2col.js';
import { checkLayer } from '../helpers/layer-check.js';

const TOL = 1e-7;

interface ConvCase {
  kind: 'conv';
  stride: number;
  pad: number;
  x: unknown;
  W: unknown;
  b: unknown;
  out: unknown;
}
interface PoolCase {
  kind: 'pool';
  pool: [number, number];
  stride: number;
  pad: number;
  x: unknown;
  out: unknown;
}
const cases = JSON.parse(readFileSync(new URL('../fixtures/conv/conv.json', import.meta.url), 'utf8')) as (
  | ConvCase
  | PoolCase
)[];

function assertClose(actual: NDArray, expected: NDArray, tol: number, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  for (let i = 0; i < actual.size; i++) {
    assert.ok(
      Math.abs(actual.data[i]! - expected.data[i]!) <= tol,
      `${what}: element ${i} is ${actual.data[i]}, expected ${expected.data[i]}`,
    );
  }
}

function assertSmall(result: Record<string, number>, what: string): void {
  for (const [name, diff] of Object.entries(result)) assert.ok(diff < TOL, `${what} ${name}: mean abs diff ${diff}`);
}

const ndarray = (v: unknown): NDArray => array(v as number[]);

test('im2colInto lays out each window as a row (n, oy, ox) of columns (c, ky, kx), padding as 0', () => {
  // The book's example shapes: (1, 3, 7, 7) with 5×5 windows gives (9, 75); (10, 3, 7, 7) gives (90, 75).
  const x = new Random(1).randn([10, 3, 7, 7]);
  const geometry = (batch: number) => ({
    batch,
    channels: 3,
    height: 7,
    width: 7,
    windowHeight: 5,
    windowWidth: 5,
    stride: 1,
    pad: 0,
    outHeight: 3,
    outWidth: 3,
  });
  const col = new Float64Array(90 * 75);
  im2colInto(x.data, geometry(10), col);
  // Row 4 is sample 0, window (1, 1); column 25 + 5·2 + 3 is channel 1, offset (2, 3).
  assert.equal(col[4 * 75 + 25 + 10 + 3], x.data[(0 * 3 + 1) * 49 + (1 + 2) * 7 + (1 + 3)]);
  const padded = new Float64Array(4 * 9);
  im2colInto(
    array([
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ]).data,
    {
      batch: 1,
      channels: 1,
      height: 2,
      width: 2,
      windowHeight: 3,
      windowWidth: 3,
      stride: 1,
      pad: 1,
      outHeight: 2,
      outWidth: 2,
    },
    padded,
  );
  assert.deepEqual([...padded.slice(0, 9)], [0, 0, 0, 0, 1, 2, 0, 3, 4]);
  assert.deepEqual([...padded.slice(27, 36)], [1, 2, 0, 3, 4, 0, 0, 0, 0]);
});

test('Convolution forward equals numpy direct convolution (stride 1 and 2, padding 0, 1 and 2)', () => {
  for (const c of cases.filter((c): c is ConvCase => c.kind === 'conv')) {
    const layer = new Convolution(ndarray(c.W), ndarray(c.b), { stride: c.stride, pad: c.pad });
    assertClose(layer.forward(ndarray(c.x)), ndarray(c.out), 1e-12, `conv stride ${c.stride} pad ${c.pad}`);
  }
});

test('Pooling forward equals numpy max over windows (padding never wins)', () => {
  for (const c of cases.filter((c): c is PoolCase => c.kind === 'pool')) {
    const layer = new Pooling({ poolHeight: c.pool[0], poolWidth: c.pool[1], stride: c.stride, pad: c.pad });
    assertClose(layer.forward(ndarray(c.x)), ndarray(c.out), 0, `pool ${c.pool} stride ${c.stride} pad ${c.pad}`);
  }
});

test('Convolution backward (dx, dW, db) matches numerical gradients for stride and padding variants', () => {
  const rng = new Random(2);
  for (const [shape, filters, fh, fw, stride, pad] of [
    [[2, 3, 6, 6], 4, 3, 3, 1, 0],
    [[1, 2, 7, 5], 3, 3, 3, 2, 1],
    [[1, 2, 6, 8], 3, 3, 3, 2, 1],
    [[2, 1, 5, 6], 2, 2, 3, 1, 2],
    [[1, 2, 4, 4], 2, 4, 4, 1, 0],
  ] as const) {
    const layer = new Convolution(rng.randn([filters, shape[1], fh, fw]), rng.randn([filters]), { stride, pad });
    assertSmall(checkLayer(layer, rng.randn([...shape])), `conv ${shape} ${fh}x${fw} stride ${stride} pad ${pad}`);
  }
});

test('Pooling backward matches numerical gradients (2×2 stride 2, overlapping 3×3 stride 1 and 2 with padding)', () => {
  const rng = new Random(3);
  for (const [shape, ph, pw, stride, pad] of [
    [[2, 3, 4, 4], 2, 2, 2, 0],
    [[1, 2, 5, 5], 3, 3, 1, 1],
    [[1, 2, 7, 5], 3, 3, 2, 1],
    [[2, 1, 6, 4], 2, 2, 2, 1],
  ] as const) {
    // Distinct values, well apart: no two window entries within the numerical step of each other.
    const x = rng
      .permutation(shape.reduce((p: number, d: number) => p * d, 1))
      .astype('float64')
      .mul(0.1)
      .reshape(...shape);
    assertSmall(
      checkLayer(new Pooling({ poolHeight: ph, poolWidth: pw, stride, pad }), x),
      `pool ${shape} ${ph}x${pw} stride ${stride} pad ${pad}`,
    );
  }
});

test('Pooling sends the gradient of overlapping windows that share a maximum to it twice', () => {
  const layer = new Pooling({ poolHeight: 2, poolWidth: 2, stride: 1 });
  const x = array([
    [
      [
        [0, 0, 0],
        [0, 9, 0],
        [0, 0, 0],
      ],
    ],
  ]);
  assert.equal(layer.forward(x).toString(), 'array([[[[9., 9.],\n         [9., 9.]]]])');
  assert.equal(
    layer.backward(
      array([
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ]),
    ).data[4],
    10,
  );
});

test('Pooling propagates NaN instead of hiding it', () => {
  const out = new Pooling({ poolHeight: 2, poolWidth: 2, stride: 2 }).forward(
    array([
      [
        [
          [1, Number.NaN],
          [3, 2],
        ],
      ],
    ]),
  );
  assert.ok(Number.isNaN(out.data[0]!));
});

test('float32 convolution and pooling through the installed kernels agree with float64', () => {
  const rng = new Random(4);
  const W = rng.randn([6, 3, 5, 5]);
  const b = rng.randn([6]);
  const x = rng.randn([4, 3, 12, 12]);
  const conv64 = new Convolution(W, b, { pad: 2 });
  const conv32 = new Convolution(W.astype('float32'), b.astype('float32'), { pad: 2 });
  const y64 = new Pooling({ poolHeight: 2, poolWidth: 2, stride: 2 }).forward(conv64.forward(x));
  const y32 = new Pooling({ poolHeight: 2, poolWidth: 2, stride: 2 }).forward(conv32.forward(x.astype('float32')));
  assert.equal(y32.dtype, 'float32');
  assertClose(y32, y64, 2e-4, 'float32 vs float64');
  const dout = rng.randn([4, 6, 12, 12]);
  conv64.backward(dout);
  conv32.backward(dout.astype('float32'));
  assertClose(conv32.dW, conv64.dW, 2e-3, 'dW float32 vs float64');
});

test('Flatten reshapes to rows and back', () => {
  const layer = new Flatten();
  const x = new Random(5).randn([2, 3, 2, 2]);
  assert.deepEqual(layer.forward(x).shape, [2, 12]);
  assert.deepEqual(layer.backward(zeros([2, 12])).shape, [2, 3, 2, 2]);
  assert.throws(
    () => layer.backward(zeros([2, 11])),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'SHAPE_MISMATCH',
  );
});

test('bad settings and shapes are refused with messages that name them', () => {
  const isError =
    (code: string, ...fragments: string[]) =>
    (e: unknown) =>
      e instanceof ScratchnetError && e.code === code && fragments.every((f) => e.message.includes(f));
  assert.throws(() => new Convolution(zeros([4, 3, 5]), zeros([4])), isError('SHAPE_MISMATCH', '(4, 3, 5)'));
  assert.throws(() => new Convolution(zeros([4, 3, 5, 5]), zeros([3])), isError('SHAPE_MISMATCH', '(3,)'));
  assert.throws(
    () => new Convolution(zeros([4, 3, 5, 5]), zeros([4]), { stride: 0 }),
    isError('BAD_ARGUMENT', 'stride'),
  );
  assert.throws(() => new Convolution(zeros([4, 3, 5, 5]), zeros([4]), { pad: -1 }), isError('BAD_ARGUMENT', 'pad'));
  const conv = new Convolution(zeros([4, 3, 5, 5]), zeros([4]), { stride: 2 });
  assert.throws(() => conv.backward(zeros([1, 4, 3, 3])), isError('BAD_ARGUMENT', 'before forward'));
  assert.throws(
    () => conv.forward(zeros([2, 1, 9, 9])),
    isError('SHAPE_MISMATCH', '(2, 1, 9, 9)', '(batch, 3, height, width)'),
  );
  assert.throws(() => conv.forward(zeros([2, 3, 4, 9])), isError('SHAPE_MISMATCH', 'height 4'));
  // Rows past the last whole window are left out, as in the book and PyTorch: (10 − 5) / 2 → 3.
  assert.deepEqual(conv.forward(zeros([2, 3, 10, 10])).shape, [2, 4, 3, 3]);
  conv.forward(zeros([2, 3, 9, 9]));
  assert.throws(() => conv.backward(zeros([2, 4, 5, 5])), isError('SHAPE_MISMATCH', '(2, 4, 5, 5)', '(2, 4, 3, 3)'));
  assert.throws(() => new Pooling({ poolHeight: 2, poolWidth: 1.5 }), isError('BAD_ARGUMENT', 'poolWidth'));
  assert.throws(
    () => new Pooling({ poolHeight: 2, poolWidth: 2 }).forward(zeros([2, 9])),
    isError('SHAPE_MISMATCH', '(2, 9)'),
  );
});

test('bufferElementsPerSample: the larger of the unrolled windows and the product, per image', () => {
  // SimpleConvNet's layer: 30 filters 5×5 on 1×28×28 → 24×24 positions of max(25, 30) values.
  const simple = new Convolution(zeros([30, 1, 5, 5]), zeros([30]));
  assert.equal(simple.bufferElementsPerSample([1, 1, 28, 28]), 30 * 24 * 24);
  // DeepConvNet's third layer: 16 channels 3×3 (144 taps) into 32 filters, padding 1, on 14×14.
  const deep = new Convolution(zeros([32, 16, 3, 3]), zeros([32]), { pad: 1 });
  assert.equal(deep.bufferElementsPerSample([7, 16, 14, 14]), 16 * 9 * 14 * 14);
  const strided = new Convolution(zeros([4, 3, 3, 3]), zeros([4]), { stride: 2, pad: 1 });
  assert.equal(strided.bufferElementsPerSample([1, 3, 9, 9]), 27 * 5 * 5);
  assert.throws(
    () => simple.bufferElementsPerSample([1, 3, 28, 28]),
    /Convolution: input must be \(batch, 1, height, width\)/,
  );
});
