// The wrong-kind walk over the layers (chapters 5-7), the book's functions (chapters 3-4) and the
// numerical gradients. Kinds that an argument takes because the book gives them a meaning:
// `forward(x, true)` (the positional `train_flg`), `Dropout(0.3)` (the ratio), `Convolution(W, 0)` and
// `Affine(W, 0)` (a bias broadcast over the filters or outputs), `Convolution(W, b, 2, 1)` and
// `Pooling(2, 2, 2)` (stride and padding positionally), `BatchNormalization(gamma, beta, 0.9)` (the
// momentum), `gradientDescent(f, x, 0.1, 100)` (lr and step_num), MulLayer/AddLayer on plain numbers.
import {
  AddLayer,
  Affine,
  AveragePooling,
  BatchNormalization,
  ChannelBatchNormalization,
  Convolution,
  Dropout,
  Flatten,
  LeakyRelu,
  MeanSquaredErrorLoss,
  MulLayer,
  type NDArray,
  Pooling,
  Random,
  Relu,
  Sigmoid,
  SigmoidWithLoss,
  SoftmaxCrossEntropyLoss,
  SoftmaxWithLoss,
  Tanh,
  array,
  checkLabels,
  col2im,
  crossEntropyError,
  gradientDescent,
  hasParams,
  identity,
  im2col,
  meanSquaredError,
  numericalDiff,
  numericalGradient,
  ones,
  relu,
  reluGrad,
  sigmoid,
  sigmoidGrad,
  softmax,
  stepFunction,
  sumSquaredError,
  zeros,
} from '../../../src/index.js';
import type { CallSpec, Param } from '../walk.js';

const rows = (): NDArray => new Random(1).randn([2, 3]);
const images = (): NDArray => new Random(1).randn([2, 1, 4, 4]);
const filters = (): NDArray => new Random(2).randn([2, 1, 3, 3]);

/** The second argument of every layer's forward: the book's `train_flg`, or `{ train }`. */
const MODE: Param = { name: 'options', kinds: ['options', 'bool'], optional: true };
const X: Param = { name: 'x', kinds: ['ndarray'] };
const DOUT: Param = { name: 'dout', kinds: ['ndarray'] };

/** A layer that needs no settings: its constructor, forward, backward. */
interface LayerCase {
  where: string;
  make: () => { forward(x: NDArray, mode?: unknown): NDArray; backward(dout: NDArray): NDArray };
  input: () => NDArray;
  /** Whether backward needs a training-mode forward first (Dropout, BatchNormalization). */
  train?: boolean;
}

/** forward(x, mode) and backward(dout) of a layer, each called on a fresh one. */
function layerMethods({ where, make, input, train = false }: LayerCase): CallSpec[] {
  return [
    {
      where: `${where}.forward`,
      call: ([x, mode]) => make().forward(x as NDArray, mode),
      valid: () => [input(), train],
      params: [X, MODE],
    },
    {
      where: `${where}.backward`,
      call: ([dout]) => {
        const layer = make();
        layer.forward(input(), train);
        return layer.backward(dout as NDArray);
      },
      valid: () => {
        const layer = make();
        return [layer.forward(input(), train).copy()];
      },
      params: [DOUT],
    },
  ];
}

/** params() and grads() of a parameter layer after one backward pass. */
function paramMethods(
  where: string,
  make: () => {
    forward(x: NDArray, mode?: unknown): NDArray;
    backward(dout: NDArray): NDArray;
    params(): unknown;
    grads(): unknown;
  },
  input: () => NDArray,
): CallSpec[] {
  const trained = () => {
    const layer = make();
    layer.backward(layer.forward(input(), true).copy());
    return layer;
  };
  return [
    { where: `${where}.params`, call: () => trained().params(), valid: () => [], params: [] },
    { where: `${where}.grads`, call: () => trained().grads(), valid: () => [], params: [] },
  ];
}

const noSettings = (where: string, make: () => object): CallSpec => ({
  where,
  call: () => make(),
  valid: () => [],
  params: [],
});

const affine = (): Affine => new Affine(new Random(3).randn([3, 2]), zeros([2]));
const conv = (): Convolution => new Convolution(filters(), zeros([2]));
const batchNorm = (): BatchNormalization => new BatchNormalization(ones([3]), zeros([3]));
const channelNorm = (): ChannelBatchNormalization => new ChannelBatchNormalization(ones([1]), zeros([1]));

const simpleLayers: CallSpec[] = [
  noSettings('Relu', () => new Relu()),
  noSettings('Sigmoid', () => new Sigmoid()),
  noSettings('Tanh', () => new Tanh()),
  noSettings('Flatten', () => new Flatten()),
  {
    where: 'LeakyRelu',
    call: ([alpha]) => new LeakyRelu(alpha as number),
    valid: () => [0.1],
    params: [{ name: 'alpha', kinds: ['number'], optional: true }],
  },
  ...layerMethods({ where: 'Relu', make: () => new Relu(), input: rows }),
  ...layerMethods({ where: 'Sigmoid', make: () => new Sigmoid(), input: rows }),
  ...layerMethods({ where: 'Tanh', make: () => new Tanh(), input: rows }),
  ...layerMethods({ where: 'LeakyRelu', make: () => new LeakyRelu(), input: rows }),
  ...layerMethods({ where: 'Flatten', make: () => new Flatten(), input: images }),
];

const scalarLayers: CallSpec[] = [
  noSettings('MulLayer', () => new MulLayer()),
  noSettings('AddLayer', () => new AddLayer()),
  {
    where: 'MulLayer.forward',
    call: ([x, y]) => new MulLayer().forward(x as number, y as number),
    valid: () => [100, 2],
    params: [
      { name: 'x', kinds: ['number'] },
      { name: 'y', kinds: ['number'] },
    ],
  },
  {
    where: 'MulLayer.backward',
    call: ([dout]) => {
      const layer = new MulLayer();
      layer.forward(100, 2);
      return layer.backward(dout as number);
    },
    valid: () => [1],
    params: [{ name: 'dout', kinds: ['number'] }],
  },
  {
    where: 'AddLayer.forward',
    call: ([x, y]) => new AddLayer().forward(x as number, y as number),
    valid: () => [100, 2],
    params: [
      { name: 'x', kinds: ['number'] },
      { name: 'y', kinds: ['number'] },
    ],
  },
  {
    where: 'AddLayer.backward',
    call: ([dout]) => new AddLayer().backward(dout as number),
    valid: () => [1],
    params: [{ name: 'dout', kinds: ['number'] }],
  },
];

const affineSpecs: CallSpec[] = [
  {
    where: 'Affine',
    call: ([W, b]) => new Affine(W as NDArray, b as NDArray),
    valid: () => [zeros([3, 2]), zeros([2])],
    params: [
      { name: 'W', kinds: ['ndarray'] },
      { name: 'b', kinds: ['ndarray', 'number'] },
    ],
  },
  ...layerMethods({ where: 'Affine', make: affine, input: rows }),
  {
    where: 'Affine.backwardParams',
    call: ([dout]) => {
      const layer = affine();
      layer.forward(rows());
      return layer.backwardParams(dout as NDArray);
    },
    valid: () => [zeros([2, 2])],
    params: [DOUT],
  },
  ...paramMethods('Affine', affine, rows),
];

const normSpecs = (where: string, make: typeof batchNorm, input: () => NDArray, features: number): CallSpec[] => [
  {
    where,
    call: ([gamma, beta, momentum, runningMean, runningVar]) =>
      where === 'BatchNormalization'
        ? new BatchNormalization(
            gamma as NDArray,
            beta as NDArray,
            momentum as number,
            runningMean as NDArray,
            runningVar as NDArray,
          )
        : new ChannelBatchNormalization(
            gamma as NDArray,
            beta as NDArray,
            momentum as number,
            runningMean as NDArray,
            runningVar as NDArray,
          ),
    valid: () => [ones([features]), zeros([features]), 0.9, zeros([features]), ones([features])],
    params: [
      { name: 'gamma', kinds: ['ndarray'] },
      { name: 'beta', kinds: ['ndarray'] },
      { name: 'momentum', kinds: ['number', 'options'], optional: true },
      { name: 'runningMean', kinds: ['ndarray'], optional: true },
      { name: 'runningVar', kinds: ['ndarray'], optional: true },
    ],
  },
  ...layerMethods({ where, make, input, train: true }),
  ...paramMethods(where, make, input),
];

const dropoutSpecs: CallSpec[] = [
  {
    where: 'Dropout',
    call: ([options]) => new Dropout(options as number),
    valid: () => [{ ratio: 0.3, seed: 1 }],
    params: [{ name: 'options', kinds: ['options', 'number'], optional: true }],
  },
  ...layerMethods({ where: 'Dropout', make: () => new Dropout({ seed: 1 }), input: rows, train: true }),
  {
    where: 'Dropout.getRandomState',
    call: () => new Dropout({ seed: 1 }).getRandomState(),
    valid: () => [],
    params: [],
  },
  {
    where: 'Dropout.setRandomState',
    call: ([state]) => new Dropout().setRandomState(state as never),
    valid: () => [new Dropout({ seed: 2 }).getRandomState()],
    params: [{ name: 'state', kinds: ['object'] }],
  },
];

const convSpecs: CallSpec[] = [
  {
    where: 'Convolution',
    call: ([W, b, stride, pad]) => new Convolution(W as NDArray, b as NDArray, stride as number, pad as number),
    valid: () => [filters(), zeros([2]), { stride: 1, pad: 1 }],
    params: [
      { name: 'W', kinds: ['ndarray'] },
      { name: 'b', kinds: ['ndarray', 'number'] },
      { name: 'options', kinds: ['options', 'int'], optional: true },
      { name: 'pad', kinds: ['int'], optional: true },
    ],
  },
  {
    where: 'Convolution',
    call: ([W, b, stride, pad]) => new Convolution(W as NDArray, b as NDArray, stride as number, pad as number),
    valid: () => [filters(), 0, 1, 1],
    params: [
      { name: 'W', kinds: ['ndarray'] },
      { name: 'b', kinds: ['ndarray', 'number'] },
      { name: 'stride', kinds: ['options', 'int'], optional: true },
      { name: 'pad', kinds: ['int'], optional: true },
    ],
  },
  ...layerMethods({ where: 'Convolution', make: conv, input: images }),
  {
    where: 'Convolution.backwardParams',
    call: ([dout]) => {
      const layer = conv();
      layer.forward(images());
      return layer.backwardParams(dout as NDArray);
    },
    valid: () => [zeros([2, 2, 2, 2])],
    params: [DOUT],
  },
  {
    where: 'Convolution.outputShape',
    call: ([shape]) => conv().outputShape(shape as number[]),
    valid: () => [[2, 1, 4, 4]],
    params: [{ name: 'inputShape', kinds: ['shape'] }],
  },
  {
    where: 'Convolution.bufferElementsPerSample',
    call: ([shape]) => conv().bufferElementsPerSample(shape as number[]),
    valid: () => [[2, 1, 4, 4]],
    params: [{ name: 'inputShape', kinds: ['shape'] }],
  },
  ...paramMethods('Convolution', conv, images),
];

const poolingSpecs: CallSpec[] = [
  {
    where: 'Pooling',
    call: ([options, poolW, stride, pad]) =>
      new Pooling(options as number, poolW as number, stride as number, pad as number),
    valid: () => [{ poolHeight: 2, poolWidth: 2, stride: 2 }],
    params: [
      { name: 'options', kinds: ['options', 'int'] },
      { name: 'poolW', kinds: ['int'], optional: true },
      { name: 'stride', kinds: ['int'], optional: true },
      { name: 'pad', kinds: ['int'], optional: true },
    ],
  },
  {
    where: 'Pooling',
    call: ([poolH, poolW, stride, pad]) =>
      new Pooling(poolH as number, poolW as number, stride as number, pad as number),
    valid: () => [2, 2, 2, 0],
    params: [
      { name: 'poolH', kinds: ['options', 'int'] },
      { name: 'poolW', kinds: ['int'] },
      { name: 'stride', kinds: ['int'], optional: true },
      { name: 'pad', kinds: ['int'], optional: true },
    ],
  },
  ...layerMethods({ where: 'Pooling', make: () => new Pooling(2, 2, 2), input: images }),
  {
    where: 'Pooling.outputShape',
    call: ([shape]) => new Pooling(2, 2, 2).outputShape(shape as number[]),
    valid: () => [[2, 1, 4, 4]],
    params: [{ name: 'inputShape', kinds: ['shape'] }],
  },
  {
    where: 'AveragePooling',
    call: ([options]) => new AveragePooling(options as never),
    valid: () => [{ size: 2, stride: 2 }],
    params: [{ name: 'options', kinds: ['options'] }],
  },
  ...layerMethods({ where: 'AveragePooling', make: () => new AveragePooling({ size: 2 }), input: images }),
  {
    where: 'AveragePooling.outputShape',
    call: ([shape]) => new AveragePooling({ size: 2 }).outputShape(shape as number[]),
    valid: () => [[2, 1, 4, 4]],
    params: [{ name: 'inputShape', kinds: ['shape'] }],
  },
];

/** A loss layer: constructor, forward(x, t), backward(dout), startTally(t, samples, outputs). */
interface LossLike {
  forward(x: NDArray, t: NDArray): number;
  backward(dout?: number): NDArray;
  startTally?(t: NDArray, samples: number, outputs: number): unknown;
}

function lossSpecs(where: string, make: () => LossLike, scores: () => NDArray, targets: () => NDArray): CallSpec[] {
  const specs: CallSpec[] = [
    noSettings(where, make),
    {
      where: `${where}.forward`,
      call: ([x, t]) => make().forward(x as NDArray, t as NDArray),
      valid: () => [scores(), targets()],
      params: [X, { name: 't', kinds: ['ndarray'] }],
    },
    {
      where: `${where}.backward`,
      call: ([dout]) => {
        const layer = make();
        layer.forward(scores(), targets());
        return layer.backward(dout as number);
      },
      valid: () => [1],
      params: [{ name: 'dout', kinds: ['number'], optional: true }],
    },
  ];
  if (make().startTally === undefined) return specs;
  specs.push({
    where: `${where}.startTally`,
    call: ([t, samples, outputs]) => make().startTally?.(t as NDArray, samples as number, outputs as number),
    valid: () => [targets(), scores().shape[0], scores().shape[1]],
    params: [
      { name: 't', kinds: ['ndarray'] },
      { name: 'samples', kinds: ['int'] },
      { name: 'outputs', kinds: ['int'] },
    ],
  });
  return specs;
}

const labels = (): NDArray => array([0, 2]);
const lossLayers: CallSpec[] = [
  ...lossSpecs('SoftmaxWithLoss', () => new SoftmaxWithLoss(), rows, labels),
  ...lossSpecs('SoftmaxCrossEntropyLoss', () => new SoftmaxCrossEntropyLoss(), rows, labels),
  ...lossSpecs(
    'SigmoidWithLoss',
    () => new SigmoidWithLoss(),
    () => zeros([2, 1]),
    () => array([0, 1]),
  ),
  ...lossSpecs(
    'MeanSquaredErrorLoss',
    () => new MeanSquaredErrorLoss(),
    rows,
    () => ones([2, 3]),
  ),
];

const ARRAYLIKE: Param = { name: 'x', kinds: ['arraylike'] };
const unary = (where: string, fn: (x: never) => unknown): CallSpec => ({
  where,
  call: ([x]) => fn(x as never),
  valid: () => [[-1, 0.5, 2]],
  params: [ARRAYLIKE],
});
const withOut = (where: string, fn: (x: never, out?: NDArray) => unknown): CallSpec => ({
  where,
  call: ([x, out]) => fn(x as never, out as NDArray),
  valid: () => [array([-1, 0.5, 2]), zeros([3])],
  params: [ARRAYLIKE, { name: 'out', kinds: ['ndarray'], optional: true }],
});
const pair = (where: string, fn: (y: never, t: never) => unknown): CallSpec => ({
  where,
  call: ([y, t]) => fn(y as never, t as never),
  valid: () => [
    [0.1, 0.7, 0.2],
    [0, 1, 0],
  ],
  params: [
    { name: 'y', kinds: ['arraylike'] },
    { name: 't', kinds: ['arraylike'] },
  ],
});

const functions: CallSpec[] = [
  unary('stepFunction', stepFunction),
  withOut('sigmoid', sigmoid),
  unary('sigmoidGrad', sigmoidGrad),
  withOut('relu', relu),
  unary('reluGrad', reluGrad),
  unary('identity', identity),
  unary('softmax', softmax),
  pair('sumSquaredError', sumSquaredError),
  pair('meanSquaredError', meanSquaredError),
  pair('crossEntropyError', crossEntropyError),
  {
    where: 'checkLabels',
    call: ([t, batch, classes, where]) =>
      checkLabels(t as NDArray, batch as number, classes as number, where as string),
    // Its messages name the caller given in `where`; here the caller is checkLabels itself.
    valid: () => [array([0, 2]), 2, 3, 'checkLabels'],
    params: [
      { name: 't', kinds: ['ndarray'] },
      { name: 'batch', kinds: ['int'] },
      { name: 'classes', kinds: ['int'] },
      { name: 'where', kinds: ['string'] },
    ],
  },
  {
    where: 'hasParams',
    call: ([layer]) => hasParams(layer as never),
    valid: () => [new Relu()],
    params: [{ name: 'layer', kinds: ['object'] }],
  },
];

const squares = (x: NDArray): number => {
  let s = 0;
  for (let i = 0; i < x.size; i++) s += x.data[i]! ** 2;
  return s;
};

const gradients: CallSpec[] = [
  {
    where: 'numericalDiff',
    call: ([f, x, h]) => numericalDiff(f as (x: number) => number, x as number, h as number),
    valid: () => [(x: number) => x * x, 2, 1e-4],
    params: [
      { name: 'f', kinds: ['function'] },
      { name: 'x', kinds: ['number'] },
      { name: 'h', kinds: ['number'], optional: true },
    ],
  },
  {
    where: 'numericalGradient',
    call: ([f, x, h]) => numericalGradient(f as typeof squares, x as NDArray, h as number),
    valid: () => [squares, array([3, 4]), 1e-4],
    params: [
      { name: 'f', kinds: ['function'] },
      { name: 'x', kinds: ['ndarray'] },
      { name: 'h', kinds: ['number'], optional: true },
    ],
  },
  {
    where: 'gradientDescent',
    call: ([f, initX, options, stepNum]) =>
      gradientDescent(f as typeof squares, initX as number[], options as number, stepNum as number),
    valid: () => [squares, [-3, 4], { lr: 0.1, stepNum: 3 }],
    params: [
      { name: 'f', kinds: ['function'] },
      { name: 'initX', kinds: ['arraylike'] },
      { name: 'options', kinds: ['options', 'number'], optional: true },
      { name: 'stepNum', kinds: ['int'], optional: true },
    ],
  },
  {
    where: 'gradientDescent',
    call: ([f, initX, lr, stepNum]) =>
      gradientDescent(f as typeof squares, initX as number[], lr as number, stepNum as number),
    valid: () => [squares, [-3, 4], 0.1, 3],
    params: [
      { name: 'f', kinds: ['function'] },
      { name: 'initX', kinds: ['arraylike'] },
      { name: 'lr', kinds: ['options', 'number'], optional: true },
      { name: 'stepNum', kinds: ['int'], optional: true },
    ],
  },
];

const windows: CallSpec[] = [
  {
    where: 'im2col',
    call: ([input, fh, fw, stride, pad]) =>
      im2col(input as NDArray, fh as number, fw as number, stride as number, pad as number),
    valid: () => [images(), 3, 3, 1, 1],
    params: [
      { name: 'input', kinds: ['ndarray'] },
      { name: 'filterH', kinds: ['int'] },
      { name: 'filterW', kinds: ['int'] },
      { name: 'stride', kinds: ['int'], optional: true },
      { name: 'pad', kinds: ['int'], optional: true },
    ],
  },
  {
    where: 'col2im',
    call: ([col, shape, fh, fw, stride, pad]) =>
      col2im(col as NDArray, shape as number[], fh as number, fw as number, stride as number, pad as number),
    valid: () => [zeros([32, 9]), [2, 1, 4, 4], 3, 3, 1, 1],
    params: [
      { name: 'col', kinds: ['ndarray'] },
      { name: 'inputShape', kinds: ['shape'] },
      { name: 'filterH', kinds: ['int'] },
      { name: 'filterW', kinds: ['int'] },
      { name: 'stride', kinds: ['int'], optional: true },
      { name: 'pad', kinds: ['int'], optional: true },
    ],
  },
];

/** Every layer, function and numerical-gradient helper of scratchnet. */
export const specs: CallSpec[] = [
  ...simpleLayers,
  ...scalarLayers,
  ...affineSpecs,
  ...normSpecs('BatchNormalization', batchNorm, rows, 3),
  ...normSpecs('ChannelBatchNormalization', channelNorm, images, 1),
  ...dropoutSpecs,
  ...convSpecs,
  ...poolingSpecs,
  ...lossLayers,
  ...functions,
  ...gradients,
  ...windows,
];
