// Book section 6.1.7 (ch06/optimizer_compare_naive.py, figure 6-8): SGD, Momentum, AdaGrad and Adam
// minimising f(x, y) = x²/20 + y² from (-7, 2), 30 updates each, with the book's learning rates
// (0.95, 0.1, 1.5, 0.3). The book's script only draws the paths (`scratchnet plot optimizer-paths`
// does); this prints where each one ends and f there.
// Run: node --import tsx examples/ch06/optimizer_compare_naive.ts
import { optimizerPaths, valleyFunction } from '../../src/index.js';
import { print } from '../print.js';

for (const path of optimizerPaths({ steps: 30 })) {
  const x = path.x[path.x.length - 1]!;
  const y = path.y[path.y.length - 1]!;
  print(`${path.label}:`, x, y, `f=${valleyFunction(x, y)}`);
}
