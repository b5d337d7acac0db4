/**
 * Beyond the book: a convolutional network of your own design on MNIST, written as a compact layer spec.
 * Two 5x5 convolutions with pooling, then a dense layer: small enough to train an epoch on two CPU cores
 * in a few minutes. Prints the summary, then the accuracies after every epoch.
 *
 *   node --import tsx examples/beyond/custom-convnet.ts [--epochs 2] [--train-size 60000] [--test-size 10000]
 *     [--layers conv32x3p1,relu,conv32x3p1,relu,pool2,conv64x3p1,relu,pool2,dense128,relu,dropout0.5,dense10]
 */
import { Adam, formatEpochLine, loadMnist, Sequential, Trainer } from '../../src/index.js';
import { numberArg } from '../args.js';

const DEFAULT_LAYERS = 'conv16x5,relu,pool2,conv32x5,relu,pool2,dense64,relu,dense10';

/** `--layers <spec>`: another architecture in the compact spec, or the default one. */
function layersArg(): string {
  const i = process.argv.indexOf('--layers');
  if (i < 0) return DEFAULT_LAYERS;
  const spec = process.argv[i + 1];
  if (spec === undefined) {
    console.error('--layers needs a compact layer spec, e.g. conv16x5,relu,pool2,dense64,relu,dense10');
    process.exit(2);
  }
  return spec;
}

const epochs = numberArg('epochs', 2);
const trainSize = numberArg('train-size', 60000);
const testSize = numberArg('test-size', 10000);

const mnist = loadMnist({ dtype: 'float32' });
const data = {
  train: { x: mnist.train.x.slice(0, trainSize), t: mnist.train.t.slice(0, trainSize) },
  test: { x: mnist.test.x.slice(0, testSize), t: mnist.test.t.slice(0, testSize) },
};

const net = new Sequential({ inputShape: [1, 28, 28], layers: layersArg(), dtype: 'float32', seed: 1 });
console.log(net.summary());
console.log(`training on ${data.train.x.shape[0]} images, testing on ${data.test.x.shape[0]}`);

const history = await new Trainer(net, data, {
  epochs,
  batchSize: 100,
  optimizer: new Adam({ lr: 0.001 }),
  sampling: 'shuffle',
  seed: 1,
  // Accuracy on the whole training set would cost as much as a third of an epoch; 10000 samples show the trend.
  evalSampleSize: 10000,
  onEpochEnd: (info) => console.log(`${formatEpochLine(info)} (${(info.elapsedMs / 1000).toFixed(0)} s)`),
}).fit();
console.log(`test accuracy ${history.testAcc.at(-1)}`);
