// The book's chapter-6 comparison (ch06/optimizer_compare_naive.py): 30 steps on
// f(x, y) = x²/20 + y² from (-7, 2), a valley 20 times steeper across than along.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, createOptimizer, type OptimizerName } from '../../src/index.js';
import { PATHS } from './reference-values.js';

const f = (x: number, y: number): number => x ** 2 / 20 + y ** 2;

/** Where each optimizer is after each of `steps` updates, starting from (-7, 2). */
function descend(name: OptimizerName, lr: number, steps = 30): [number, number][] {
  const optimizer = createOptimizer(name, { lr });
  const params = { x: array(-7.0), y: array(2.0) };
  const path: [number, number][] = [];
  for (let i = 0; i < steps; i++) {
    const x = params.x.item();
    const y = params.y.item();
    optimizer.update(params, { x: array(x / 10.0), y: array(2.0 * y) });
    path.push([params.x.item(), params.y.item()]);
  }
  return path;
}

for (const [name, { lr, end }] of Object.entries(PATHS)) {
  test(`${name} (lr ${lr}) ends where numpy ends after 30 steps, near the minimum at the origin`, () => {
    const path = descend(name as OptimizerName, lr);
    const [x, y] = path[path.length - 1]!;
    assert.ok(Math.abs(x - end[0]) <= 1e-12 * Math.max(1, Math.abs(end[0])), `x = ${x}, numpy ${end[0]}`);
    assert.ok(Math.abs(y - end[1]) <= 1e-12 * Math.max(1, Math.abs(end[1])), `y = ${y}, numpy ${end[1]}`);
    // From f = 6.45 at (-7, 2): every one of them gets below 2% of that.
    assert.ok(f(x, y) < f(-7, 2) / 50, `f(${x}, ${y}) = ${f(x, y)}`);
    assert.ok(Math.abs(x) < 1 && Math.abs(y) < 0.35, `(${x}, ${y})`);
  });
}

test('SGD zigzags across the valley (figure 6-3); AdaGrad closes in on y = 0 from one side (figure 6-6)', () => {
  // With lr 0.95 the y-step overshoots: y <- y - 0.95 * 2y = -0.9 * y.
  const sgd = descend('sgd', 0.95);
  for (let i = 1; i < sgd.length; i++) assert.equal(Math.sign(sgd[i]![1]), -Math.sign(sgd[i - 1]![1]), `step ${i + 1}`);
  // AdaGrad divides by the root of the summed squared gradients, so its first big y-step is already
  // scaled down to 1.5 (from 2 to 0.5), and later ones shrink further instead of overshooting.
  const adagrad = descend('adagrad', 1.5);
  for (let i = 1; i < adagrad.length; i++)
    assert.ok(adagrad[i]![1] >= 0 && adagrad[i]![1] < adagrad[i - 1]![1], `step ${i + 1}`);
});
