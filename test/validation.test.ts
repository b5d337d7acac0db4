// Argument validation across the public API, one row per check: a bad shape, dtype, label, option or
// NaN where it matters is a ScratchnetError with the expected code, and its message names the function
// and the argument. (Module-specific tests cover more cases; this table is the audit's record.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddLayer,
  Adam,
  Affine,
  BatchNormalization,
  Dropout,
  MulLayer,
  MultiLayerNet,
  type NDArray,
  Random,
  Relu,
  SGD,
  ScratchnetError,
  Sigmoid,
  SoftmaxWithLoss,
  TwoLayerNet,
  Trainer,
  arange,
  array,
  createOptimizer,
  crossEntropyError,
  decodeNpy,
  decodePng,
  decodeSafetensors,
  decodeWeightsFile,
  decodeZip,
  dot,
  encodeCheckpoint,
  encodeNpy,
  encodeNpz,
  encodeSafetensors,
  encodeZip,
  full,
  gradientCheck,
  gradientDescent,
  linspace,
  meanSquaredError,
  numericalDiff,
  numericalGradient,
  preprocessDigit,
  readIdx,
  readPickle,
  softmax,
  splitValidation,
  sumSquaredError,
  toOneHot,
  writeIdx,
  zeros,
  type ErrorCode,
} from '../src/index.js';

const labels = (...v: number[]): NDArray => array(v, { dtype: 'int32' });
const split = (x: NDArray, t: NDArray): { x: NDArray; t: NDArray } => ({ x, t });
const net2 = (): TwoLayerNet => new TwoLayerNet({ inputSize: 2, hiddenSize: 3, outputSize: 2, seed: 1 });
const data2 = (
  x = array([
    [0.1, 0.2],
    [0.3, 0.4],
  ]),
  t = labels(0, 1),
): { train: { x: NDArray; t: NDArray }; test: { x: NDArray; t: NDArray } } => ({
  train: split(x, t),
  test: split(array([[0.5, 0.5]]), labels(1)),
});

const CASES: [string, () => unknown, ErrorCode, RegExp][] = [
  // arrays
  [
    'array: ragged nested input',
    () => array([[1, 2], [3]] as never),
    'SHAPE_MISMATCH',
    /array: values: an inhomogeneous nested array/,
  ],
  ['array: unknown dtype', () => array([1], { dtype: 'int64' as never }), 'BAD_DTYPE', /unknown dtype "int64"/],
  ['zeros: negative dimension', () => zeros([-1]), 'BAD_ARGUMENT', /shape \(-1,\) must contain non-negative integers/],
  [
    'zeros: 10^12 elements fail before allocating',
    () => zeros([1e6, 1e6]),
    'BAD_ARGUMENT',
    /cannot allocate 1000000000000 elements of float64/,
  ],
  [
    'full: a value that is not a number',
    () => full([2], 'x' as never),
    'BAD_ARGUMENT',
    /full: value must be a number or a boolean, got string x/,
  ],
  ['arange: zero step', () => arange(0, 10, 0), 'BAD_ARGUMENT', /arange: step must not be zero/],
  ['arange: NaN stop', () => arange(NaN), 'BAD_ARGUMENT', /arange: stop must be a finite number, got NaN/],
  [
    'linspace: fractional num',
    () => linspace(0, 1, 1.5),
    'BAD_ARGUMENT',
    /linspace: num must be a non-negative integer, got 1\.5/,
  ],
  [
    'reshape: wrong size',
    () => zeros([6]).reshape(4, 2),
    'SHAPE_MISMATCH',
    /cannot reshape array of size 6 into shape \(4, 2\)/,
  ],
  [
    'sum: axis out of range',
    () => zeros([2, 3]).sum(5),
    'BAD_ARGUMENT',
    /axis 5 is out of bounds for array of dimension 2/,
  ],
  [
    'dot: misaligned shapes',
    () => dot(zeros([2, 3]), zeros([2, 3])),
    'SHAPE_MISMATCH',
    /shapes \(2, 3\) and \(2, 3\) not aligned/,
  ],
  [
    'take: index out of range',
    () => zeros([2, 3]).take([5]),
    'INDEX_OUT_OF_RANGE',
    /index 5 is out of bounds for size 2/,
  ],
  ['take: fractional index', () => zeros([2, 3]).take([0.5]), 'BAD_ARGUMENT', /index 0\.5 is not an integer/],
  ['Random: NaN seed', () => new Random(NaN), 'BAD_ARGUMENT', /seed must be an integer, got NaN/],
  [
    'Random.setState: all-zero state',
    () => new Random(1).setState({ s: [0, 0, 0, 0], spare: null }),
    'BAD_ARGUMENT',
    /setState: state\.s is all zeros/,
  ],
  [
    'Random.setState: three words',
    () => new Random(1).setState({ s: [1, 2, 3] as never, spare: null }),
    'BAD_ARGUMENT',
    /setState: state\.s must hold four 32-bit integers/,
  ],
  [
    'Random.setState: NaN spare',
    () => new Random(1).setState({ s: [1, 2, 3, 4], spare: NaN }),
    'BAD_ARGUMENT',
    /setState: state\.spare must be null or a finite number, got NaN/,
  ],
  // functions and gradients
  ['softmax: 0-d input', () => softmax(array(1)), 'BAD_ARGUMENT', /softmax: x must have at least one dimension/],
  [
    'crossEntropyError: label out of range',
    () => crossEntropyError(array([[0.5, 0.5]]), labels(3)),
    'BAD_ARGUMENT',
    /crossEntropyError: label 3 at index 0 is not a class index in \[0, 2\)/,
  ],
  [
    'crossEntropyError: fractional label',
    () => crossEntropyError(array([[0.5, 0.5]]), array([0.5])),
    'BAD_ARGUMENT',
    /label 0\.5 at index 0/,
  ],
  [
    'crossEntropyError: one-hot of the wrong width',
    () => crossEntropyError(array([[0.5, 0.5]]), array([[1, 0, 0]])),
    'SHAPE_MISMATCH',
    /one-hot targets of shape \(1, 2\), got t of shape \(1, 3\)/,
  ],
  [
    'sumSquaredError: shapes differ',
    () => sumSquaredError(array([1, 2]), array([1, 2, 3])),
    'SHAPE_MISMATCH',
    /sumSquaredError: y has shape \(2,\) but t has shape \(3,\)/,
  ],
  [
    'meanSquaredError: shapes differ',
    () => meanSquaredError(array([1, 2]), array([1, 2, 3])),
    'SHAPE_MISMATCH',
    /meanSquaredError: y has shape/,
  ],
  [
    'numericalDiff: f not a function',
    () => numericalDiff('x' as never, 1),
    'BAD_ARGUMENT',
    /numericalDiff: f must be a function/,
  ],
  [
    'numericalDiff: NaN x',
    () => numericalDiff((x) => x, NaN),
    'BAD_ARGUMENT',
    /numericalDiff: x must be a finite number, got number NaN/,
  ],
  [
    'numericalDiff: h of zero',
    () => numericalDiff((x) => x, 1, 0),
    'BAD_ARGUMENT',
    /numericalDiff: h must be a small positive number/,
  ],
  [
    'numericalGradient: f not a function',
    () => numericalGradient(null as never, array([1])),
    'BAD_ARGUMENT',
    /numericalGradient: f must be a function, got null/,
  ],
  [
    'numericalGradient: integer x',
    () => numericalGradient((x) => x.sum(), labels(1)),
    'BAD_DTYPE',
    /numericalGradient: x has dtype int32/,
  ],
  [
    'gradientDescent: negative lr',
    () => gradientDescent((x) => x.sum(), [1], { lr: -1 }),
    'BAD_ARGUMENT',
    /gradientDescent: lr must be a positive finite number, got -1/,
  ],
  [
    'gradientDescent: fractional stepNum',
    () => gradientDescent((x) => x.sum(), [1], { stepNum: 1.5 }),
    'BAD_ARGUMENT',
    /gradientDescent: stepNum must be a non-negative integer/,
  ],
  // layers
  [
    'Affine: integer W',
    () => new Affine(zeros([2, 3], { dtype: 'int32' }), zeros([3])),
    'BAD_DTYPE',
    /Affine: W must be float64, float32 or float16, got int32/,
  ],
  [
    'Affine: b of the wrong length',
    () => new Affine(zeros([2, 3]), zeros([2])),
    'SHAPE_MISMATCH',
    /Affine: W must be \(inputs, outputs\) and b \(outputs,\), got W \(2, 3\) and b \(2,\)/,
  ],
  [
    'Affine.forward: wrong feature count',
    () => new Affine(zeros([2, 3]), zeros([3])).forward(zeros([4, 5])),
    'SHAPE_MISMATCH',
    /Affine: input of shape \(4, 5\) does not fit weights \(2, 3\)/,
  ],
  [
    'Affine.forward: not an array',
    () => new Affine(zeros([2, 3]), zeros([3])).forward([[1, 2]] as never),
    'BAD_ARGUMENT',
    /Affine\.forward\(\): x must be an NDArray, got a JS array|Affine\.forward\(\): x must be an NDArray/,
  ],
  [
    'Relu.forward: a string',
    () => new Relu().forward('x' as never),
    'BAD_ARGUMENT',
    /Relu\.forward\(\): x must be an NDArray .*got the string "x"/,
  ],
  [
    'Sigmoid.forward: null',
    () => new Sigmoid().forward(null as never),
    'BAD_ARGUMENT',
    /Sigmoid\.forward\(\): x must be an NDArray .*got null/,
  ],
  [
    'Relu.backward: dout of the wrong shape',
    () => {
      const r = new Relu();
      r.forward(zeros([2, 3]));
      return r.backward(zeros([3, 2]));
    },
    'SHAPE_MISMATCH',
    /Relu\.backward\(\): dout has shape \(3, 2\) but forward\(\) returned shape \(2, 3\)/,
  ],
  [
    'Relu.backward: dout not an array',
    () => {
      const r = new Relu();
      r.forward(zeros([2]));
      return r.backward(1 as never);
    },
    'BAD_ARGUMENT',
    /Relu\.backward\(\): dout must be an NDArray/,
  ],
  [
    'SoftmaxWithLoss: label out of range',
    () => new SoftmaxWithLoss().forward(zeros([2, 3]), labels(0, 5)),
    'BAD_ARGUMENT',
    /SoftmaxWithLoss: label 5 at index 1 is not a class index in \[0, 3\)/,
  ],
  [
    'SoftmaxWithLoss: t not an array',
    () => new SoftmaxWithLoss().forward(zeros([2, 3]), [0, 1] as never),
    'BAD_ARGUMENT',
    /SoftmaxWithLoss\.forward\(\): t must be an NDArray/,
  ],
  [
    'SoftmaxWithLoss.backward: dout not a number',
    () => {
      const l = new SoftmaxWithLoss();
      l.forward(zeros([2, 3]), labels(0, 1));
      return l.backward('1' as never);
    },
    'BAD_ARGUMENT',
    /SoftmaxWithLoss\.backward\(\): dout must be a number/,
  ],
  ['Dropout: ratio 1', () => new Dropout({ ratio: 1 }), 'BAD_ARGUMENT', /Dropout: ratio must be in \[0, 1\), got 1/],
  [
    'Dropout.setRandomState: malformed',
    () => new Dropout().setRandomState({ s: [0, 0, 0, 0], spare: null }),
    'BAD_ARGUMENT',
    /setState: state\.s is all zeros/,
  ],
  [
    'BatchNormalization: momentum 2',
    () => new BatchNormalization(zeros([3]), zeros([3]), { momentum: 2 }),
    'BAD_ARGUMENT',
    /BatchNormalization: momentum must be in \[0, 1\], got 2/,
  ],
  [
    'BatchNormalization: negative eps',
    () => new BatchNormalization(zeros([3]), zeros([3]), { eps: -1 }),
    'BAD_ARGUMENT',
    /BatchNormalization: eps must be a positive finite number, got -1/,
  ],
  [
    'BatchNormalization: integer gamma',
    () => new BatchNormalization(zeros([3], { dtype: 'int32' }), zeros([3])),
    'BAD_DTYPE',
    /BatchNormalization: gamma must be float64, float32 or float16, got int32/,
  ],
  [
    'MulLayer.forward: a string',
    () => new MulLayer().forward('a' as never, 2),
    'BAD_ARGUMENT',
    /MulLayer\.forward\(\): x must be a number, got the string "a"/,
  ],
  [
    'AddLayer.backward: not a number',
    () => new AddLayer().backward(undefined as never),
    'BAD_ARGUMENT',
    /AddLayer\.backward\(\): dout must be a number/,
  ],
  // networks
  [
    'TwoLayerNet: inputSize 0',
    () => new TwoLayerNet({ inputSize: 0, hiddenSize: 2, outputSize: 2 }),
    'BAD_ARGUMENT',
    /TwoLayerNet: inputSize must be a positive integer, got 0/,
  ],
  [
    'TwoLayerNet: integer dtype',
    () => new TwoLayerNet({ inputSize: 2, hiddenSize: 2, outputSize: 2, dtype: 'int32' as never }),
    'BAD_DTYPE',
    /TwoLayerNet: dtype must be 'float32' or 'float64', got "int32"/,
  ],
  [
    'TwoLayerNet: misspelt option',
    () => new TwoLayerNet({ inputSize: 2, hiddenSizes: [2], outputSize: 2 } as never),
    'BAD_ARGUMENT',
    /TwoLayerNet: unknown option "hiddenSizes"/,
  ],
  [
    'TwoLayerNet: unknown activation',
    () => new TwoLayerNet({ inputSize: 2, hiddenSize: 2, outputSize: 2, activation: 'tanh' as never }),
    'BAD_ARGUMENT',
    /TwoLayerNet: activation must be 'relu' or 'sigmoid', got "tanh"/,
  ],
  [
    'MultiLayerNet: misspelt option',
    () => new MultiLayerNet({ inputSize: 2, hiddenSizes: [2], outputSize: 2, hiddenSize: 3 } as never),
    'BAD_ARGUMENT',
    /MultiLayerNet: unknown option "hiddenSize"/,
  ],
  [
    'MultiLayerNet: hidden size 0',
    () => new MultiLayerNet({ inputSize: 2, hiddenSizes: [2, 0], outputSize: 2 }),
    'BAD_ARGUMENT',
    /MultiLayerNet: hiddenSizes\[1\] must be a positive integer, got 0/,
  ],
  [
    'MultiLayerNet: unknown activation without hidden layers',
    () => new MultiLayerNet({ inputSize: 2, hiddenSizes: [], outputSize: 2, activation: 'tanh' as never }),
    'BAD_ARGUMENT',
    /MultiLayerNet: activation must be/,
  ],
  [
    'MultiLayerNet: NaN weight decay',
    () => new MultiLayerNet({ inputSize: 2, hiddenSizes: [2], outputSize: 2, weightDecayLambda: NaN }),
    'BAD_ARGUMENT',
    /weightDecayLambda must be a finite number >= 0, got NaN/,
  ],
  [
    'network.predict: wrong feature count',
    () => net2().predict(zeros([2, 5])),
    'SHAPE_MISMATCH',
    /Affine: input of shape \(2, 5\) does not fit weights \(2, 3\)/,
  ],
  [
    'network.predict: not an array',
    () => net2().predict('x' as never),
    'BAD_ARGUMENT',
    /TwoLayerNet\.predict: x must be an NDArray/,
  ],
  [
    'network.loss: label out of range',
    () => net2().loss(zeros([2, 2]), labels(0, 7)),
    'BAD_ARGUMENT',
    /SoftmaxWithLoss: label 7 at index 1/,
  ],
  [
    'network.accuracy: label out of range',
    () => net2().accuracy(zeros([2, 2]), labels(0, 7)),
    'BAD_ARGUMENT',
    /accuracy: label 7 at index 1/,
  ],
  [
    'gradientCheck: not a network',
    () => gradientCheck({} as never, zeros([1, 2]), labels(0)),
    'BAD_ARGUMENT',
    /gradientCheck: net must be a network/,
  ],
  [
    'gradientCheck: NaN input',
    () => gradientCheck(net2(), array([[NaN, 1]]), labels(0)),
    'BAD_ARGUMENT',
    /gradientCheck: x holds NaN at row 0, element 0/,
  ],
  // optimizers
  [
    'SGD: NaN lr',
    () => new SGD({ lr: NaN }),
    'BAD_ARGUMENT',
    /SGD: option 'lr' must be a positive finite number, got NaN/,
  ],
  ['Adam: beta1 of 1', () => new Adam({ beta1: 1 }), 'BAD_ARGUMENT', /Adam: option 'beta1' must be in \[0, 1\), got 1/],
  [
    'createOptimizer: unknown name',
    () => createOptimizer('foo' as never),
    'BAD_ARGUMENT',
    /createOptimizer: unknown optimizer "foo"/,
  ],
  // data
  [
    'toOneHot: label out of range',
    () => toOneHot(labels(0, 12), 10),
    'BAD_ARGUMENT',
    /toOneHot: label 1 is 12, which is not an integer in \[0, 10\)/,
  ],
  [
    'splitValidation: ratio 2',
    () => splitValidation({ x: zeros([10, 2]), t: zeros([10]) }, { ratio: 2 }),
    'BAD_ARGUMENT',
    /splitValidation: ratio must be in \(0, 1\), got 2/,
  ],
  [
    'preprocessDigit: 5 channels',
    () => preprocessDigit({ data: new Uint8Array(20), width: 2, height: 2, channels: 5 as never }, 'pic.png'),
    'BAD_ARGUMENT',
    /pic\.png: channels must be 1 \(gray\), 2 \(gray\+alpha\), 3 \(RGB\) or 4 \(RGBA\), got 5/,
  ],
  [
    'preprocessDigit: data too short',
    () => preprocessDigit({ data: new Uint8Array(3), width: 2, height: 2, channels: 1 }, 'pic.png'),
    'BAD_ARGUMENT',
    /pic\.png: 3 bytes do not make a 2x2 image of 1 channels/,
  ],
  [
    'preprocessDigit: no data',
    () => preprocessDigit({ width: 2, height: 2, channels: 1 } as never, 'pic.png'),
    'BAD_ARGUMENT',
    /pic\.png: image must be \{ data: Uint8Array/,
  ],
  // training
  [
    'Trainer: NaN in the training inputs',
    () =>
      new Trainer(
        net2(),
        data2(
          array([
            [0.1, 0.2],
            [NaN, 0.4],
          ]),
        ),
        { iterations: 1, batchSize: 1 },
      ),
    'BAD_ARGUMENT',
    /Trainer: data\.train\.x holds NaN at row 1, element 0; inputs must be finite numbers/,
  ],
  [
    'Trainer: Infinity in the test inputs',
    () =>
      new Trainer(
        net2(),
        { ...data2(), test: split(array([[Infinity, 0]]), labels(0)) },
        { iterations: 1, batchSize: 1 },
      ),
    'BAD_ARGUMENT',
    /Trainer: data\.test\.x holds Infinity at row 0, element 0/,
  ],
  [
    'Trainer: a label beyond the classes',
    () => new Trainer(net2(), data2(undefined, labels(0, 9)), { iterations: 1, batchSize: 1 }),
    'BAD_ARGUMENT',
    /Trainer: data\.train\.t\[1\] is 9, not a class index in \[0, 2\) \(the network scores 2 classes\)/,
  ],
  [
    'Trainer: a fractional label',
    () => new Trainer(net2(), data2(undefined, array([0, 0.5])), { iterations: 1, batchSize: 1 }),
    'BAD_ARGUMENT',
    /data\.train\.t\[1\] is 0\.5/,
  ],
  [
    'Trainer: one-hot targets of the wrong width',
    () =>
      new Trainer(
        net2(),
        data2(
          undefined,
          array([
            [1, 0, 0],
            [0, 1, 0],
          ]),
        ),
        { iterations: 1, batchSize: 1 },
      ),
    'SHAPE_MISMATCH',
    /data\.train\.t has one-hot rows of width 3, but the network scores 2 classes/,
  ],
  [
    'Trainer: inputs the network cannot take',
    () =>
      new Trainer(new TwoLayerNet({ inputSize: 3, hiddenSize: 2, outputSize: 2 }), data2(), {
        iterations: 1,
        batchSize: 1,
      }),
    'SHAPE_MISMATCH',
    /Trainer: the network cannot take data\.train\.x \(shape \(2, 2\)\): TwoLayerNet\.predict: Affine: input of shape \(1, 2\)/,
  ],
  [
    'Trainer: checkpointEvery 0',
    () => new Trainer(net2(), data2(), { iterations: 1, batchSize: 1, checkpointEvery: 0 }),
    'BAD_ARGUMENT',
    /Trainer: checkpointEvery must be a positive integer, got 0/,
  ],
  [
    'Trainer: onCheckpoint not a function',
    () => new Trainer(net2(), data2(), { iterations: 1, batchSize: 1, onCheckpoint: 3 as never }),
    'BAD_ARGUMENT',
    /Trainer: onCheckpoint must be a function, got number/,
  ],
  [
    'Trainer.loadState: not a state',
    () => new Trainer(net2(), data2(), { iterations: 1, batchSize: 1 }).loadState(null as never),
    'BAD_ARGUMENT',
    /Trainer\.loadState: state must be an object from Trainer\.state\(\)/,
  ],
  // file codecs
  [
    'readIdx: not bytes',
    () => readIdx('x' as never),
    'BAD_ARGUMENT',
    /readIdx: bytes must be a Uint8Array of file bytes, got the string "x"/,
  ],
  ['writeIdx: not an array', () => writeIdx([1, 2] as never), 'BAD_ARGUMENT', /writeIdx: array must be an NDArray/],
  [
    'decodeNpy: null',
    () => decodeNpy(null as never),
    'BAD_ARGUMENT',
    /decodeNpy: bytes must be a Uint8Array of file bytes, got null/,
  ],
  ['encodeNpy: not an array', () => encodeNpy({} as never), 'BAD_ARGUMENT', /encodeNpy: array must be an NDArray/],
  [
    'decodeZip: a JS array',
    () => decodeZip([80, 75] as never),
    'BAD_ARGUMENT',
    /decodeZip: bytes must be a Uint8Array of file bytes, got a JS array/,
  ],
  [
    'encodeZip: entry without bytes',
    () => encodeZip([{ name: 'a', data: 'x' as never }]),
    'BAD_ARGUMENT',
    /encodeZip: entries\[0\]\.data must be a Uint8Array/,
  ],
  [
    'encodeNpz: null',
    () => encodeNpz(null as never),
    'BAD_ARGUMENT',
    /encodeNpz: arrays must be an object of name -> NDArray/,
  ],
  [
    'decodeSafetensors: a JS array',
    () => decodeSafetensors([1, 2] as never),
    'BAD_ARGUMENT',
    /decodeSafetensors: bytes must be a Uint8Array of file bytes, got a JS array/,
  ],
  [
    'encodeSafetensors: null',
    () => encodeSafetensors(null as never),
    'BAD_ARGUMENT',
    /encodeSafetensors: tensors must be an object of name -> NDArray/,
  ],
  [
    'encodeSafetensors: a non-string metadata value',
    () => encodeSafetensors({}, { a: 1 as never }),
    'BAD_ARGUMENT',
    /encodeSafetensors: metadata "a" must be a string, got number/,
  ],
  [
    'readPickle: null',
    () => readPickle(null as never),
    'BAD_ARGUMENT',
    /readPickle: bytes must be a Uint8Array of file bytes, got null/,
  ],
  [
    'decodePng: a string',
    () => decodePng('x' as never),
    'BAD_ARGUMENT',
    /decodePng: bytes must be a Uint8Array of file bytes/,
  ],
  [
    'decodeWeightsFile: a number',
    () => decodeWeightsFile(3 as never),
    'BAD_ARGUMENT',
    /decodeWeightsFile: bytes must be a Uint8Array of file bytes, got number 3/,
  ],
  [
    'encodeCheckpoint: not a checkpoint',
    () => encodeCheckpoint({} as never),
    'BAD_ARGUMENT',
    /encodeCheckpoint: checkpoint must come from captureCheckpoint\(\)/,
  ],
];

for (const [name, fn, code, pattern] of CASES) {
  test(`validation: ${name} -> ${code}`, () => {
    assert.throws(fn, (error: unknown) => {
      assert.ok(
        error instanceof ScratchnetError,
        `expected a ScratchnetError, got ${error instanceof Error ? error.stack : String(error)}`,
      );
      assert.equal(error.code, code, error.message);
      assert.match(error.message, pattern);
      return true;
    });
  });
}

test('the valid counterparts of the checked calls work (the checks refuse only what they should)', () => {
  assert.equal(full([2], true).data[0], 1);
  assert.equal(numericalDiff((x) => x * x, 3).toFixed(6), '6.000000');
  assert.ok(new BatchNormalization(zeros([3]), zeros([3]), { momentum: 1, eps: 1e-5 }));
  assert.equal(new MulLayer().forward(2, 3), 6);
  assert.equal(new MultiLayerNet({ inputSize: 2, hiddenSizes: [], outputSize: 2 }).predict(zeros([1, 2])).shape[1], 2);
  const onehot = new Trainer(
    net2(),
    data2(
      undefined,
      array([
        [1, 0],
        [0, 1],
      ]),
    ),
    { iterations: 1, batchSize: 1 },
  );
  assert.equal(onehot.trainSize, 2);
  assert.equal(
    preprocessDigit({ data: new Uint8Array([0, 255, 0, 0]), width: 2, height: 2, channels: 1 }).shape[1],
    784,
  );
});

test('Trainer finds a NaN or infinity anywhere in float32 and float64 inputs, and names its place', () => {
  // 3 rows of 5: positions in the four-wide body of the quick pass and in its tail.
  for (const dtype of ['float32', 'float64'] as const) {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (let at = 0; at < 15; at++) {
        const x = zeros([3, 5], { dtype });
        x.data[at] = bad;
        const data = { train: split(x, labels(0, 1, 0)), test: split(zeros([1, 5], { dtype }), labels(1)) };
        const net = new TwoLayerNet({ inputSize: 5, hiddenSize: 3, outputSize: 2, seed: 1, dtype });
        assert.throws(
          () => new Trainer(net, data, { iterations: 1, batchSize: 1 }),
          new RegExp(
            `data\\.train\\.x holds ${String(bad).replace('+', '')} at row ${Math.floor(at / 5)}, element ${at % 5}`,
          ),
          `${dtype} ${bad} at ${at}`,
        );
      }
    }
    const clean = zeros([3, 5], { dtype });
    clean.data.fill(3.4e38);
    assert.ok(
      new Trainer(
        new TwoLayerNet({ inputSize: 5, hiddenSize: 3, outputSize: 2, seed: 1, dtype }),
        { train: split(clean, labels(0, 1, 0)), test: split(clean, labels(0, 1, 0)) },
        { iterations: 1, batchSize: 1 },
      ),
      `${dtype}: large finite values pass`,
    );
  }
});
