// Book section 6.1.7 (ch06/optimizer_compare_naive.py, figure 6-8): SGD, Momentum, AdaGrad and Adam
// minimising f(x, y) = x²/20 + y² from (-7, 2), 30 updates each, with the book's learning rates
// (0.95, 0.1, 1.5, 0.3). As in the book, the parameters are two plain numbers in an object, which
// each optimizer updates in place. The book's script only draws the paths (`scratchnet plot
// optimizer-paths` does); this prints where each one ends and f there.
// Run: node --import tsx examples/ch06/optimizer_compare_naive.ts
import { AdaGrad, Adam, Momentum, SGD } from '../../src/index.js';
import { print } from '../print.js';

const f = (x: number, y: number): number => x ** 2 / 20.0 + y ** 2;
const df = (x: number, y: number): [number, number] => [x / 10.0, 2.0 * y];

const initPos = [-7.0, 2.0] as const;
const params = { x: initPos[0], y: initPos[1] };
const grads = { x: 0, y: 0 };

const optimizers = {
  SGD: new SGD({ lr: 0.95 }),
  Momentum: new Momentum({ lr: 0.1 }),
  AdaGrad: new AdaGrad({ lr: 1.5 }),
  Adam: new Adam({ lr: 0.3 }),
};

for (const [key, optimizer] of Object.entries(optimizers)) {
  [params.x, params.y] = initPos;
  for (let i = 0; i < 30; i++) {
    [grads.x, grads.y] = df(params.x, params.y);
    optimizer.update(params, grads);
  }
  print(`${key}:`, params.x, params.y, `f=${f(params.x, params.y)}`);
}
