// Book section 6.5.3 (ch06/hyperparameter_optimization.py, figure 6-24): random search over the
// learning rate (10^U(-6, -2)) and weight decay (10^U(-8, -4)) of a 784-[100x6]-10 network, each
// trial trained 50 epochs on 400 of the first 500 MNIST images and scored on the other 100 (a
// shuffled 20% validation split). Prints each trial, then the best 20 as the book does;
// `scratchnet plot hyperparameter-search` draws their curves.
// Run: node --import tsx examples/ch06/hyperparameter_optimization.ts [--trials N] [--epochs N]
import { hyperparameterSearch, loadMnist } from '../../src/index.js';
import { numberArg } from '../args.js';
import { print, pyFloat } from '../print.js';

const optimizationTrial = numberArg('trials', 100);
const epochs = numberArg('epochs', 50);
const { train } = loadMnist({ normalize: true, dtype: 'float32' });

const key = (lr: number, weightDecay: number): string => `lr:${pyFloat(lr)}, weight decay:${pyFloat(weightDecay)}`;
const final = (accuracies: readonly number[]): number => accuracies[accuracies.length - 1]!;

const result = await hyperparameterSearch(train, {
  trials: optimizationTrial,
  epochs,
  trainSize: 500,
  validationRatio: 0.2,
  seed: 1,
  onTrial: (t) => print(`val acc:${pyFloat(final(t.validationAcc))} | ${key(t.lr, t.weightDecay)}`),
});

print('=========== Hyper-Parameter Optimization Result ===========');
result.best
  .slice(0, 20)
  .forEach((t, i) => print(`Best-${i + 1}(val acc:${pyFloat(final(t.validationAcc))}) | ${key(t.lr, t.weightDecay)}`));
