// The book's networks give bit-identical losses, gradients and predictions to the values recorded
// from their original classes (test/fixtures/presets/recorded.json, written by record.ts there).
// float64 cases run on the TypeScript kernels, the reference that the recording was made on (the
// relaxed-SIMD kernels fuse the products' multiply-adds, so their float64 results differ in the
// last bits; they are checked against the recorded losses within rounding); float32 cases on the
// default kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DeepConvNet,
  formatLayers,
  MultiLayerNet,
  Sequential,
  SimpleConvNet,
  TwoLayerNet,
  zeros,
} from '../../src/index.js';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import { CASE_NAMES, type CasePrint, printCase } from '../fixtures/presets/cases.js';
import { throwsWith } from '../helpers/throws.js';
import { withKernels } from '../kernels/helpers.js';

const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/presets/recorded.json', import.meta.url), 'utf8'),
) as Record<string, CasePrint>;

test('every recorded case is still computed', () => {
  assert.deepEqual(Object.keys(recorded), [...CASE_NAMES]);
});

for (const name of CASE_NAMES) {
  test(`${name}: losses, gradients and predictions are bit-identical to the recording`, () => {
    const expected = recorded[name];
    assert.ok(expected !== undefined, `no recording for ${name}`);
    const print = name.endsWith('float64') ? withKernels(jsKernels, () => printCase(name)) : printCase(name);
    assert.deepEqual(print, expected);
  });
}

test('float64 cases on the default kernels give the recorded losses within float64 rounding', () => {
  for (const name of CASE_NAMES.filter((n) => n.endsWith('float64'))) {
    const expected = recorded[name];
    assert.ok(expected !== undefined, `no recording for ${name}`);
    const print = printCase(name);
    for (const key of ['trainLoss', 'stepLoss'] as const) {
      const got = Number(print[key]);
      const want = Number(expected[key]);
      assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${name} ${key}: ${got} vs ${want}`);
    }
  }
});

test('each preset is a Sequential of the layer spec the book describes, keeping its own config', () => {
  const two = new TwoLayerNet({ inputSize: 4, hiddenSize: 5, outputSize: 3, activation: 'sigmoid', seed: 1 });
  assert.ok(two instanceof Sequential);
  assert.equal(formatLayers(two.sequentialConfig.layers), 'dense5,sigmoid,dense3');
  assert.deepEqual(two.config, {
    inputSize: 4,
    hiddenSize: 5,
    outputSize: 3,
    weightInitStd: 0.01,
    activation: 'sigmoid',
    dtype: 'float64',
    seed: 1,
  });
  const multi = new MultiLayerNet({
    inputSize: 4,
    hiddenSizes: [5, 6],
    outputSize: 3,
    useBatchNorm: true,
    useDropout: true,
  });
  assert.equal(
    formatLayers(multi.sequentialConfig.layers),
    'dense5,bn,relu,dropout0.5,dense6,bn,relu,dropout0.5,dense3',
  );
  assert.deepEqual(Object.keys(multi.params), [
    'W1',
    'b1',
    'gamma1',
    'beta1',
    'W2',
    'b2',
    'gamma2',
    'beta2',
    'W3',
    'b3',
  ]);
  const deep = new DeepConvNet({ seed: 1 });
  assert.equal(
    formatLayers(deep.sequentialConfig.layers),
    'conv16x3s1p1,relu,conv16x3s1p1,relu,pool2s2,conv32x3s1p1,relu,conv32x3s1p2,relu,pool2s2,conv64x3s1p1,relu,conv64x3s1p1,relu,pool2s2,dense50,relu,dropout0.5,dense10,dropout0.5',
  );
  assert.deepEqual(deep.config, {
    inputDim: [1, 28, 28],
    hiddenSize: 50,
    outputSize: 10,
    dropoutRatio: 0.5,
    weightDecayLambda: 0,
    dtype: 'float64',
    seed: 1,
  });
});

test("SimpleConvNet's summary is the book's convnet: 433,890 parameters", () => {
  const net = new SimpleConvNet({ dtype: 'float32', seed: 1 });
  assert.equal(formatLayers(net.sequentialConfig.layers), 'conv30x5s1p0,relu,pool2s2,dense100,relu,dense10');
  assert.match(net.summary(), /Total params: 433,890/);
  assert.equal(net.config.weightInit, 0.01);
});

test('presets keep their own input checks', () => {
  const net = new SimpleConvNet({ inputDim: [1, 8, 8], filterNum: 2, filterSize: 3, hiddenSize: 4, seed: 1 });
  throwsWith(
    () => net.predict(zeros([2, 10])),
    'SHAPE_MISMATCH',
    /^SimpleConvNet.predict: input must be \(batch, 1, 8, 8\)/,
  );
  const two = new TwoLayerNet({ inputSize: 4, hiddenSize: 5, outputSize: 3, seed: 1 });
  throwsWith(() => two.predict(zeros([4])), 'SHAPE_MISMATCH', /x must be a batch/);
});
