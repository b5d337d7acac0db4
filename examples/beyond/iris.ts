/**
 * Beyond the book: Fisher's Iris table (150 flowers, 4 measurements in cm, 3 species) from
 * `examples/data/iris.csv`, loaded with `loadCsv`: the species names become classes 0-2, a seeded
 * fifth of the rows is held out for testing, and the features are standardized with the training
 * rows' statistics. A small `Sequential` learns it; then a few test flowers with their predicted species.
 *
 *   node --import tsx examples/beyond/iris.ts
 */
import { fileURLToPath } from 'node:url';
import { Adam, formatEpochLine, loadCsv, Sequential, softmax, Trainer } from '../../src/index.js';

const data = loadCsv(fileURLToPath(new URL('../data/iris.csv', import.meta.url)), {
  label: 'species',
  testFraction: 0.2,
  seed: 1,
  dtype: 'float32',
});
const classes = data.classes ?? [];
console.log(`features: ${data.featureNames?.join(', ')}`);
console.log(`classes: ${classes.join(', ')}`);
console.log(`${data.train.x.shape[0]} training rows, ${data.test.x.shape[0]} test rows`);

const net = new Sequential({ inputShape: [4], layers: 'dense16,relu,dense3', seed: 1 });
console.log(net.summary());

const history = await new Trainer(net, data, {
  epochs: 20,
  batchSize: 10,
  optimizer: new Adam({ lr: 0.01 }),
  sampling: 'shuffle',
  seed: 1,
  onEpochEnd: (info) => console.log(formatEpochLine(info)),
}).fit();
console.log(`test accuracy ${history.testAcc.at(-1)?.toFixed(4)}`);

const SHOWN = 5;
const shown = data.test.x.slice(0, SHOWN);
const probabilities = softmax(net.predict(shown));
const predicted = probabilities.argmax(1);
for (let i = 0; i < SHOWN; i++) {
  const label = predicted.get(i);
  const truth = classes[data.test.t.get(i)];
  const p = probabilities.get(i, label).toFixed(3);
  console.log(`test flower ${i + 1}: predicted ${classes[label]} (probability ${p}), actually ${truth}`);
}
