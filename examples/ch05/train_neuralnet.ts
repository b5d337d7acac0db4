// Book section 5.7.4 (ch05/train_neuralnet.py): the same training as chapter 4 with the ReLU network
// built from layers and trained by backpropagation: 784-50-10, 10000 iterations of batch 100 at lr 0.1, batches drawn with replacement as the book
// does. Prints one `train acc, test acc` line per epoch (600 iterations), like the book.
// Run: node --import tsx examples/ch05/train_neuralnet.ts [--iterations N]
import { SGD, Trainer, TwoLayerNet, formatEpochLine, loadMnist } from '../../src/index.js';

const argIndex = process.argv.indexOf('--iterations');
const itersNum = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 10000;

const data = loadMnist({ normalize: true, oneHotLabel: true });
const network = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, activation: 'relu', seed: 0 });

const trainer = new Trainer(network, data, {
  iterations: itersNum,
  batchSize: 100,
  optimizer: new SGD({ lr: 0.1 }),
  sampling: 'with-replacement',
  seed: 0,
  onEpochEnd: (info) => console.log(formatEpochLine(info, { style: 'book' })),
});
const history = await trainer.fit();
console.log(`final loss ${history.loss[history.loss.length - 1]!.toFixed(4)} after ${history.iterations} iterations`);
