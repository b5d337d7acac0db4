/**
 * Beyond the book: regression. 200 noisy samples of y = sin(x) on [-3, 3] (noise std 0.1, seeded), a
 * `Sequential` with one linear output and `loss: 'mse'` (the book's identity output of ch03), then a few
 * predictions against the true sine and the mean squared error on a noise-free grid.
 *
 *   node --import tsx examples/beyond/sine-regression.ts
 */
import { Adam, array, Random, Sequential, Trainer } from '../../src/index.js';

const SAMPLES = 200;
const NOISE = 0.1;
const SHOWN_EPOCHS = [1, 2, 5, 10, 20, 50, 100, 150];

const rng = new Random(1);
const xs = Array.from({ length: SAMPLES }, () => -3 + 6 * rng.random());
const train = {
  x: array(xs.map((v) => [v])),
  t: array(xs.map((v) => [Math.sin(v) + NOISE * rng.normal()])),
};
// The test points measure the fit against the function itself, not against more noise.
const gridX = Array.from({ length: 61 }, (_, i) => -3 + i / 10);
const grid = array(gridX.map((v) => [v]));
const test = { x: grid, t: array(gridX.map((v) => [Math.sin(v)])) };

const net = new Sequential({
  inputShape: [1],
  layers: 'dense32,tanh,dense32,tanh,dense1',
  loss: 'mse',
  weightInit: 'xavier',
  dtype: 'float64',
  seed: 1,
});
console.log(net.summary());

await new Trainer(
  net,
  { train, test },
  {
    epochs: 150,
    batchSize: 20,
    optimizer: new Adam({ lr: 0.01 }),
    sampling: 'shuffle',
    seed: 1,
    // The loss is the book's ½·Σ(y − t)², so the noise alone keeps it near ½·0.1² = 0.005. The Trainer's
    // "accuracy" of an mse network is R²: 1 for a perfect fit, 0 for always predicting the mean.
    onEpochEnd: (info) => {
      if (!SHOWN_EPOCHS.includes(info.epoch)) return;
      console.log(`epoch ${info.epoch}: loss ${info.loss.toFixed(5)}, R² on the grid ${info.testAcc.toFixed(4)}`);
    },
  },
).fit();

const y = net.predict(grid);
for (const i of [0, 10, 20, 30, 40, 50, 60]) {
  const x = grid.get(i, 0);
  console.log(
    `x ${x.toFixed(1).padStart(4)}: predicted ${y.get(i, 0).toFixed(4).padStart(7)}, sin ${Math.sin(x).toFixed(4).padStart(7)}`,
  );
}
const mse = y.sub(test.t).square().mean();
console.log(`test MSE ${mse.toFixed(5)} (the noise alone has variance ${(NOISE * NOISE).toFixed(5)})`);
