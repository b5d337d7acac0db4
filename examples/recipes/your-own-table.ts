/**
 * Recipe: train on a table of your own. `data/fruit.csv` holds 90 fruits (weight in g, diameter in
 * cm, sugar in %) of three kinds; the first 60 rows train a MultiLayerNet, the last 30 test it.
 *
 *   node --import tsx examples/recipes/your-own-table.ts
 */
import { readFileSync } from 'node:fs';
import { Adam, array, MultiLayerNet, Trainer } from '../../src/index.js';

const CLASSES = ['plum', 'apple', 'lemon'];

// A header line, then numeric columns and the class name last.
const lines = readFileSync(new URL('data/fruit.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1);
const features = lines.map((line) => line.split(',').slice(0, -1).map(Number));
const labels = lines.map((line) => CLASSES.indexOf(line.split(',').at(-1) ?? ''));

const x = array(features);
const t = array(labels, { dtype: 'int32' });
const trainX = x.slice(0, 60);
const testX = x.slice(60);

// Standardise with the training rows' statistics only: grams and percent differ by two orders of
// magnitude, and the test rows must be scaled exactly as the network saw its training rows.
const mean = trainX.mean(0);
const std = trainX.std(0);
const scale = (rows: typeof x) => rows.sub(mean).div(std);

const data = {
  train: { x: scale(trainX), t: t.slice(0, 60) },
  test: { x: scale(testX), t: t.slice(60) },
};
const net = new MultiLayerNet({ inputSize: 3, hiddenSizes: [16], outputSize: CLASSES.length, seed: 1 });
const history = await new Trainer(net, data, {
  epochs: 50,
  batchSize: 10,
  optimizer: new Adam({ lr: 0.01 }),
  sampling: 'shuffle',
  seed: 1,
}).fit();

console.log(`train accuracy ${history.trainAcc.at(-1)}`);
console.log(`test accuracy ${history.testAcc.at(-1)}`);
