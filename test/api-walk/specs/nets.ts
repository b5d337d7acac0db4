// The networks, optimizers and the Trainer in the wrong-kind walk. Networks are tiny (4 inputs, 3
// classes, 8×8 images) so that a fresh one per call stays cheap.
import {
  AdaGrad,
  Adam,
  architectureFromMetadata,
  architectureOf,
  array,
  buildNetwork,
  captureCheckpoint,
  createOptimizer,
  DeepConvNet,
  describeArchitecture,
  describeLayer,
  formatEpochLine,
  formatLayers,
  gradientCheck,
  inferArchitecture,
  inputSizeOf,
  isOptimizerName,
  LayerNet,
  Momentum,
  MultiLayerNet,
  modelFromTensors,
  modelToTensors,
  type NDArray,
  Nesterov,
  parseLayers,
  RMSprop,
  Relu,
  restoreCheckpoint,
  SGD,
  Sequential,
  SimpleConvNet,
  SimpleNet,
  TwoLayerNet,
  Trainer,
  weightScale,
} from '../../../src/index.js';
import type { CallSpec, Param } from '../walk.js';

const rows = (): NDArray =>
  array([
    [0.1, 0.2, 0.3, 0.4],
    [0.5, -0.1, 0.2, 0.0],
  ]);
const labels = (): NDArray => array([0, 2]);
const images = (): NDArray => array(Array.from({ length: 2 * 64 }, (_, i) => (i % 7) / 7)).reshape(2, 1, 8, 8);

const sequential = (): Sequential =>
  new Sequential({ inputShape: [4], layers: 'dense5,relu,dense3', seed: 1, dtype: 'float64' });
const twoLayer = (): TwoLayerNet => new TwoLayerNet({ inputSize: 4, hiddenSize: 5, outputSize: 3, seed: 1 });

/** The networks: each constructor's valid options, a fresh network, and a valid batch. */
const NETS: {
  name: string;
  options: () => unknown[];
  construct: (args: unknown[]) => Sequential<object>;
  x: () => NDArray;
  cheapNumerical: boolean;
}[] = [
  {
    name: 'Sequential',
    options: () => [{ inputShape: [4], layers: 'dense5,relu,dense3', seed: 1, dtype: 'float64' }],
    construct: (a) => new Sequential(a[0] as never, a[1] as never),
    x: rows,
    cheapNumerical: true,
  },
  {
    name: 'TwoLayerNet',
    options: () => [{ inputSize: 4, hiddenSize: 5, outputSize: 3, seed: 1 }],
    construct: (a) => new TwoLayerNet(a[0] as never),
    x: rows,
    cheapNumerical: true,
  },
  {
    name: 'MultiLayerNet',
    options: () => [{ inputSize: 4, hiddenSizes: [5], outputSize: 3, useBatchNorm: true, useDropout: true, seed: 1 }],
    construct: (a) => new MultiLayerNet(a[0] as never),
    x: rows,
    cheapNumerical: true,
  },
  {
    name: 'SimpleConvNet',
    options: () => [{ inputDim: [1, 8, 8], filterNum: 2, filterSize: 3, hiddenSize: 4, outputSize: 3, seed: 1 }],
    construct: (a) => new SimpleConvNet(a[0] as never),
    x: images,
    cheapNumerical: true,
  },
  {
    name: 'DeepConvNet',
    options: () => [{ inputDim: [1, 8, 8], hiddenSize: 4, outputSize: 3, seed: 1 }],
    construct: (a) => new DeepConvNet(a[0] as never),
    x: images,
    // About 70000 weights, two forward passes each: its numericalGradient is the one LayerNet method,
    // walked on the other networks.
    cheapNumerical: false,
  },
];

const X: Param = { name: 'x', kinds: ['ndarray'] };
const T: Param = { name: 't', kinds: ['ndarray'] };
/** The book's `train_flg` may be passed as a boolean in place of `{ train }`. */
const FORWARD: Param = { name: 'options', kinds: ['options', 'bool'], optional: true };

function networkSpecs(net: (typeof NETS)[number]): CallSpec[] {
  const fresh = (): Sequential<object> => net.construct(net.options());
  const method = (
    name: string,
    params: Param[],
    valid: () => unknown[],
    fn: (n: Sequential<object>, a: unknown[]) => unknown,
  ): CallSpec => ({
    where: `${net.name}.${name}`,
    call: (a) => fn(fresh(), a),
    valid,
    params,
  });
  const xt = (): unknown[] => [net.x(), labels()];
  const specs: CallSpec[] = [
    {
      where: net.name,
      call: net.construct,
      valid: net.options,
      params: [
        { name: 'options', kinds: ['options'], optional: net.name === 'SimpleConvNet' || net.name === 'DeepConvNet' },
      ],
    },
    method(
      'predict',
      [X, FORWARD],
      () => [net.x()],
      (n, a) => n.predict(a[0] as NDArray, a[1] as never),
    ),
    method('loss', [X, T, FORWARD], xt, (n, a) => n.loss(a[0] as NDArray, a[1] as NDArray, a[2] as never)),
    method('accuracy', [X, T], xt, (n, a) => n.accuracy(a[0] as NDArray, a[1] as NDArray)),
    method('gradient', [X, T], xt, (n, a) => n.gradient(a[0] as NDArray, a[1] as NDArray)),
    method('lossAndGradient', [X, T], xt, (n, a) => n.lossAndGradient(a[0] as NDArray, a[1] as NDArray)),
    method(
      'summary',
      [],
      () => [],
      (n) => n.summary(),
    ),
  ];
  if (net.cheapNumerical) {
    specs.push(
      method('numericalGradient', [X, T], xt, (n, a) => n.numericalGradient(a[0] as NDArray, a[1] as NDArray)),
    );
  }
  return specs;
}

const simpleNetSpecs: CallSpec[] = [
  {
    where: 'SimpleNet',
    call: (a) => new SimpleNet(a[0] as never),
    valid: () => [{ seed: 1 }],
    params: [{ name: 'options', kinds: ['options'], optional: true }],
  },
  ...(
    [
      ['predict', 1],
      ['loss', 2],
      ['gradient', 2],
      ['numericalGradient', 2],
    ] as const
  ).map(
    ([name, arity]): CallSpec => ({
      where: `SimpleNet.${name}`,
      call: (a) => {
        const net = new SimpleNet({ seed: 1 }) as unknown as Record<string, (...args: unknown[]) => unknown>;
        return net[name]!.call(net, ...a);
      },
      valid: () =>
        [
          [0.6, 0.9],
          [0, 0, 1],
        ].slice(0, arity),
      params: [
        { name: 'x', kinds: ['arraylike'] },
        { name: 't', kinds: ['arraylike'] },
      ].slice(0, arity) as Param[],
    }),
  ),
];

const layerNetSpecs: CallSpec[] = [
  {
    where: 'LayerNet',
    call: (a) => new LayerNet(a[0] as never, a[1] as never, a[2] as never, a[3] as never, a[4] as never),
    valid: () => [[new Relu()], 'float64'],
    params: [
      // A list of layer objects: no probe value is one.
      { name: 'layers', kinds: [] },
      { name: 'dtype', kinds: ['string'] },
      { name: 'weightDecayLambda', kinds: ['number'], optional: true },
      { name: 'predictChunk', kinds: ['int'], optional: true },
      { name: 'lastLayer', kinds: ['object'], optional: true },
    ],
  },
  {
    where: 'LayerNet.predict',
    call: (a) => new LayerNet([new Relu()], 'float64').predict(a[0] as NDArray, a[1] as never),
    valid: () => [rows()],
    params: [X, FORWARD],
  },
];

const OPTIMIZERS = { SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam } as const;

function optimizerSpecs(name: keyof typeof OPTIMIZERS): CallSpec[] {
  const Class = OPTIMIZERS[name];
  const fresh = (): InstanceType<(typeof OPTIMIZERS)[typeof name]> => new Class({ lr: 0.1 });
  const params = (): unknown[] => [
    { W: array([1, 2]), x: -7 },
    { W: array([0.5, 0.5]), x: 1.5 },
  ];
  return [
    {
      where: name,
      call: (a) => new Class(a[0] as never),
      valid: () => [{ lr: 0.1 }],
      params: [{ name: 'options', kinds: ['options'], optional: true }],
    },
    {
      where: `${name}.update`,
      call: (a) => fresh().update(a[0] as never, a[1] as never),
      valid: params,
      params: [
        { name: 'params', kinds: ['object'] },
        { name: 'grads', kinds: ['object'] },
      ],
    },
    { where: `${name}.state`, call: () => fresh().state(), valid: () => [], params: [] },
    { where: `${name}.options`, call: () => fresh().options(), valid: () => [], params: [] },
    {
      where: `${name}.loadState`,
      call: (a) => fresh().loadState(a[0] as never),
      valid: () => [fresh().state()],
      params: [{ name: 'state', kinds: ['object'] }],
    },
  ];
}

const trainData = () => ({
  train: {
    x: array([
      [0.1, 0.2, 0.3, 0.4],
      [0.5, -0.1, 0.2, 0],
      [0.3, 0.3, 0.1, 0.9],
      [0.0, 0.7, 0.2, 0.1],
    ]),
    t: array([0, 2, 1, 0]),
  },
});
const trainOptions = () => ({ iterations: 1, batchSize: 2, seed: 1, yieldEvery: 0 });
const trainer = (): Trainer => new Trainer(twoLayer(), trainData(), trainOptions());

const trainerSpecs: CallSpec[] = [
  {
    where: 'Trainer',
    call: (a) => new Trainer(a[0] as never, a[1] as never, a[2] as never),
    valid: () => [twoLayer(), trainData(), trainOptions()],
    params: [
      { name: 'net', kinds: ['object'] },
      { name: 'data', kinds: ['object'] },
      { name: 'options', kinds: ['options'] },
    ],
  },
  { where: 'Trainer.fit', call: () => trainer().fit(), valid: () => [], params: [] },
  { where: 'Trainer.state', call: () => trainer().state(), valid: () => [], params: [] },
  {
    where: 'Trainer.loadState',
    call: (a) => trainer().loadState(a[0] as never),
    valid: () => [trainer().state()],
    params: [{ name: 'state', kinds: ['object'] }],
  },
  {
    where: 'captureCheckpoint',
    call: (a) => captureCheckpoint(a[0] as never, a[1] as never),
    valid: () => [trainer(), { note: 'x' }],
    params: [
      { name: 'trainer', kinds: ['object'] },
      { name: 'metadata', kinds: ['object'], optional: true },
    ],
  },
  {
    where: 'restoreCheckpoint',
    call: (a) => restoreCheckpoint(a[0] as never, a[1] as never),
    valid: () => [trainer(), captureCheckpoint(trainer())],
    params: [
      { name: 'trainer', kinds: ['object'] },
      { name: 'checkpoint', kinds: ['object'] },
    ],
  },
  {
    where: 'formatEpochLine',
    call: (a) => formatEpochLine(a[0] as never, a[1] as never),
    valid: () => [{ epoch: 1, trainAcc: 0.5, testAcc: 0.25 }, { style: 'trainer' }],
    params: [
      { name: 'info', kinds: ['object'] },
      { name: 'options', kinds: ['options'], optional: true },
    ],
  },
];

const mlpArch = () => architectureOf(twoLayer());

const functionSpecs: CallSpec[] = [
  {
    where: 'architectureFromMetadata',
    call: (a) => architectureFromMetadata(a[0] as never),
    valid: () => [modelToTensors(twoLayer()).metadata],
    params: [{ name: 'metadata', kinds: ['object'] }],
  },
  {
    where: 'architectureOf',
    call: (a) => architectureOf(a[0] as never, a[1] as never),
    valid: () => [sequential(), { classes: ['a', 'b', 'c'] }],
    params: [
      { name: 'net', kinds: ['object'] },
      { name: 'data', kinds: ['options'], optional: true },
    ],
  },
  {
    where: 'buildNetwork',
    call: (a) => buildNetwork(a[0] as never, a[1] as never, a[2] as never, a[3] as never),
    valid: () => [mlpArch(), 'float64', 1, { weightDecayLambda: 0.1 }],
    params: [
      { name: 'arch', kinds: ['object'] },
      { name: 'dtype', kinds: ['string'] },
      { name: 'seed', kinds: ['int'], optional: true },
      { name: 'training', kinds: ['options'], optional: true },
    ],
  },
  {
    where: 'describeArchitecture',
    call: (a) => describeArchitecture(a[0] as never),
    valid: () => [mlpArch()],
    params: [{ name: 'arch', kinds: ['object'] }],
  },
  {
    where: 'describeLayer',
    call: (a) => describeLayer(a[0] as never),
    valid: () => [{ type: 'dense', units: 3 }],
    params: [{ name: 'spec', kinds: ['object'] }],
  },
  {
    where: 'formatLayers',
    call: (a) => formatLayers(a[0] as never),
    valid: () => [[{ type: 'dense', units: 3 }, { type: 'relu' }]],
    params: [{ name: 'layers', kinds: [] }],
  },
  {
    where: 'parseLayers',
    call: (a) => parseLayers(a[0] as never),
    valid: () => ['dense3,relu'],
    params: [{ name: 'text', kinds: ['string'] }],
  },
  {
    where: 'gradientCheck',
    call: (a) => gradientCheck(a[0] as never, a[1] as never, a[2] as never),
    valid: () => [twoLayer(), rows(), labels()],
    params: [{ name: 'net', kinds: ['object'] }, X, T],
  },
  {
    where: 'inferArchitecture',
    call: (a) => inferArchitecture(a[0] as never, a[1] as never),
    valid: () => [{ ...twoLayer().params }, 'relu'],
    params: [
      { name: 'tensors', kinds: ['object'] },
      { name: 'activation', kinds: ['string'] },
    ],
  },
  {
    where: 'inputSizeOf',
    call: (a) => inputSizeOf(a[0] as never),
    valid: () => [mlpArch()],
    params: [{ name: 'arch', kinds: ['object'] }],
  },
  {
    where: 'modelFromTensors',
    call: (a) => modelFromTensors(a[0] as never, a[1] as never, a[2] as never),
    valid: () => [modelToTensors(twoLayer()).tensors, mlpArch(), 'float64'],
    params: [
      { name: 'tensors', kinds: ['object'] },
      { name: 'arch', kinds: ['object'] },
      { name: 'dtype', kinds: ['string'], optional: true },
    ],
  },
  {
    where: 'modelToTensors',
    call: (a) => modelToTensors(a[0] as never, a[1] as never),
    valid: () => [sequential(), { classes: ['a', 'b', 'c'] }],
    params: [
      { name: 'net', kinds: ['object'] },
      { name: 'data', kinds: ['options'], optional: true },
    ],
  },
  {
    where: 'weightScale',
    call: (a) => weightScale(a[0] as never, a[1] as never),
    valid: () => ['he', 4],
    params: [
      { name: 'init', kinds: ['number', 'string'] },
      { name: 'fanIn', kinds: ['int'] },
    ],
  },
  {
    where: 'createOptimizer',
    call: (a) => createOptimizer(a[0] as never, a[1] as never),
    valid: () => ['adam', { lr: 0.01 }],
    params: [
      { name: 'name', kinds: ['string'] },
      { name: 'options', kinds: ['options'], optional: true },
    ],
  },
  {
    where: 'isOptimizerName',
    call: (a) => isOptimizerName(a[0]),
    valid: () => ['adam'],
    // A type guard over unknown values: it answers false for anything that is not a name.
    params: [{ name: 'value', kinds: ['any'] }],
  },
];

/** Every network, optimizer and training export with a valid call and its arguments' kinds. */
export const specs: CallSpec[] = [
  ...NETS.flatMap(networkSpecs),
  ...simpleNetSpecs,
  ...layerNetSpecs,
  ...(Object.keys(OPTIMIZERS) as (keyof typeof OPTIMIZERS)[]).flatMap(optimizerSpecs),
  ...trainerSpecs,
  ...functionSpecs,
];
