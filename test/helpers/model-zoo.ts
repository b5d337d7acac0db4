// One small trained network of every type scratchnet saves, with inputs to predict on: what the
// model-file round trips compare, in Node and (bundled) in Chromium, so it imports only the core.
import {
  DeepConvNet,
  MultiLayerNet,
  NDArray,
  Random,
  Sequential,
  SGD,
  SimpleConvNet,
  TwoLayerNet,
  type FloatDType,
  type ModelData,
  type SavableNet,
  type SequentialConfig,
} from '../../src/core.js';

/** A network of the zoo, the data saved with it, and inputs of its shape. */
export interface ZooModel {
  readonly name: string;
  readonly net: SavableNet;
  readonly data: ModelData;
  readonly x: NDArray;
}

const CLASSES = 3;
const BATCH = 6;

/**
 * A few SGD steps on random data, so that the weights are no longer the initial ones and batch
 * norm's running averages have moved off 0 and 1 (and dropout has drawn masks).
 */
function train(net: SavableNet, x: NDArray, random: Random): void {
  const t = new NDArray(
    Int32Array.from({ length: BATCH }, () => random.int(CLASSES)),
    [BATCH],
    'int32',
  );
  const optimizer = new SGD({ lr: 0.1 });
  for (let step = 0; step < 3; step++) optimizer.update(net.params, net.lossAndGradient(x, t).grads);
}

function entry(name: string, net: SavableNet, shape: readonly number[], data: ModelData = {}): ZooModel {
  const random = new Random(name.length * 7 + 1);
  const dtype = net.params.W1?.dtype === 'float32' ? 'float32' : 'float64';
  const x = random.randn([BATCH, ...shape], { dtype });
  train(net, x, random);
  return { name, net, data, x };
}

function multiLayerNet(dtype: FloatDType): ZooModel {
  const net = new MultiLayerNet({
    inputSize: 5,
    hiddenSizes: [7, 6],
    outputSize: CLASSES,
    useBatchNorm: true,
    useDropout: true,
    dropoutRatio: 0.3,
    dtype,
    seed: 2,
  });
  return entry(`MultiLayerNet ${dtype} (batch norm, dropout)`, net, [5]);
}

/** Every network type: the book's four and Sequential for images and for tables. */
export function modelZoo(): ZooModel[] {
  return [
    entry('TwoLayerNet', new TwoLayerNet({ inputSize: 5, hiddenSize: 4, outputSize: CLASSES, seed: 1 }), [5]),
    multiLayerNet('float32'),
    multiLayerNet('float64'),
    entry(
      'SimpleConvNet',
      new SimpleConvNet({
        inputDim: [1, 8, 8],
        filterNum: 3,
        filterSize: 3,
        pad: 1,
        stride: 1,
        hiddenSize: 6,
        outputSize: CLASSES,
        dtype: 'float32',
        seed: 3,
      }),
      [1, 8, 8],
    ),
    entry(
      'DeepConvNet',
      new DeepConvNet({ inputDim: [1, 16, 16], hiddenSize: 6, outputSize: CLASSES, dtype: 'float32', seed: 4 }),
      [1, 16, 16],
    ),
    entry(
      'Sequential conv',
      new Sequential<SequentialConfig>({
        inputShape: [2, 6, 6],
        layers: 'conv4x3p1,relu,pool2,flatten,dense5,relu,dense3',
        seed: 5,
      }),
      [2, 6, 6],
    ),
    entry(
      'Sequential table',
      new Sequential<SequentialConfig>({
        inputShape: [4],
        layers: 'dense6,relu,bn,dropout0.2,dense3',
        dtype: 'float64',
        seed: 6,
      }),
      [4],
      {
        classes: ['setosa', 'versicolor', 'virginica'],
        featureNames: ['sepal length', 'sepal width', 'petal length', 'petal width'],
        standardization: { mean: [5.8, 3.1, 3.8, 1.2], std: [0.8, 0.4, 1.8, 0.8] },
      },
    ),
  ];
}

/** Whether two prediction arrays are the same numbers bit for bit, in the same dtype and shape. */
export function sameBits(a: NDArray, b: NDArray): boolean {
  if (a.dtype !== b.dtype || a.shape.join(',') !== b.shape.join(',')) return false;
  for (let i = 0; i < a.size; i++) if (!Object.is(a.data[i], b.data[i])) return false;
  return true;
}
