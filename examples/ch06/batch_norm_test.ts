// Book section 6.3.2 (ch06/batch_norm_test.py, figure 6-18): for each of 16 weight scales from 1 to
// 0.0001, a 784-100-100-100-100-100-10 network with and one without batch normalization trained
// side by side (SGD lr 0.01, batches of 100) on the first 1000 MNIST images for 20 epochs. Prints
// `epoch:N | accuracy without - accuracy with` per epoch like the book; `scratchnet plot batchnorm
// --scales all` draws the 16 panels.
// Run: node --import tsx examples/ch06/batch_norm_test.ts [--epochs N] [--scales 1,0.01,...]
import { BOOK_WEIGHT_SCALES, compareBatchNorm, loadMnist } from '../../src/index.js';
import { listArg, numberArg } from '../args.js';
import { print, pyFloat } from '../print.js';

const maxEpochs = numberArg('epochs', 20);
const weightScaleList = listArg('scales', BOOK_WEIGHT_SCALES);
const { train } = loadMnist({ normalize: true, dtype: 'float32' });

// The book prints each epoch as it goes; here a scale's epochs come together when it is done.
print(`============== 1/${weightScaleList.length} ==============`);
await compareBatchNorm(train, {
  scales: weightScaleList,
  trainSize: 1000,
  epochs: maxEpochs,
  batchSize: 100,
  lr: 0.01,
  seed: 1,
  onScale: (curves, i) => {
    curves.withoutBatchNorm.forEach((acc, epoch) =>
      print(`epoch:${epoch} | ${pyFloat(acc)} - ${pyFloat(curves.withBatchNorm[epoch]!)}`),
    );
    if (i + 1 < weightScaleList.length) print(`============== ${i + 2}/${weightScaleList.length} ==============`);
  },
});
