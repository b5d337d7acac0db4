/**
 * Chapter 6's first comparison (ch06/optimizer_compare_naive.py, figure 6-8): SGD, Momentum,
 * AdaGrad and Adam minimising f(x, y) = x²/20 + y² from (−7, 2). The valley is 20 times steeper
 * across (y) than along (x), which is what tells the optimizers apart: SGD zigzags across it,
 * Momentum rolls past the minimum and back, AdaGrad damps the steep direction, Adam does a bit of both.
 */
import { check } from '../errors.js';
import { array } from '../ndarray/create.js';
import { createOptimizer } from '../optim/factory.js';
import { isOptimizerName, type OptimizerName } from '../optim/types.js';
import { checkKnownOptions, checkNumber, named } from '../validate.js';

/** The book's function, f(x, y) = x²/20 + y². */
export function valleyFunction(x: number, y: number): number {
  return named('valleyFunction', () => {
    checkNumber(x, 'x', 'valleyFunction');
    checkNumber(y, 'y', 'valleyFunction');
    return x ** 2 / 20 + y ** 2;
  });
}

/** Its gradient, the book's `df`: (x/10, 2y). */
export function valleyGradient(x: number, y: number): [number, number] {
  return named('valleyGradient', () => {
    checkNumber(x, 'x', 'valleyGradient');
    checkNumber(y, 'y', 'valleyGradient');
    return [x / 10, 2 * y];
  });
}

/** One optimizer of the comparison: which one, its name in the figure, its learning rate. */
export interface PathOptimizer {
  /** Which optimizer class runs. */
  name: OptimizerName;
  /** Its name in the figure (e.g. 'AdaGrad'). */
  label: string;
  /** The learning rate. */
  lr: number;
}

/** The book's four optimizers and learning rates, each tuned to look its best on this function. */
export const BOOK_PATH_OPTIMIZERS: readonly PathOptimizer[] = Object.freeze([
  { name: 'sgd', label: 'SGD', lr: 0.95 },
  { name: 'momentum', label: 'Momentum', lr: 0.1 },
  { name: 'adagrad', label: 'AdaGrad', lr: 1.5 },
  { name: 'adam', label: 'Adam', lr: 0.3 },
]);

/** Options of `optimizerPaths`. */
export interface OptimizerPathsOptions {
  /** Updates per optimizer (default 30, the book's). */
  steps?: number;
  /** Where every path starts (default (−7, 2), the book's `init_pos`). */
  start?: readonly [number, number];
  /** Which optimizers, with which learning rates (default `BOOK_PATH_OPTIMIZERS`). */
  optimizers?: readonly PathOptimizer[];
}

/** Where one optimizer went: `x[0], y[0]` is the start, `x[k], y[k]` the point after update k. */
export interface OptimizerPath extends PathOptimizer {
  /** x of the start and of the point after each update (`steps + 1` values). */
  x: number[];
  /** y of the start and of the point after each update (`steps + 1` values). */
  y: number[];
}

/**
 * Runs each optimizer on `valleyFunction` with scratchnet's own optimizer classes (the parameters
 * are two 0-d arrays, as the book's are two Python floats) and returns its path: `steps + 1` points,
 * the start and the point after every update. The book's `x_history` records the point before each
 * update and so stops one short of the last.
 *
 * @example
 * const [sgd] = optimizerPaths();
 * sgd.x.at(-1); // -0.3503929957523197, as numpy gives
 */
export function optimizerPaths(options: OptimizerPathsOptions = {}): OptimizerPath[] {
  return named('optimizerPaths', () => {
    checkKnownOptions(options, ['steps', 'start', 'optimizers'], 'optimizerPaths');
    const { steps = 30, start = [-7, 2], optimizers = BOOK_PATH_OPTIMIZERS } = options;
    check(
      Number.isInteger(steps) && steps >= 0 && steps <= 1e6,
      `optimizerPaths: steps must be an integer from 0 to 1e6, got ${steps}`,
    );
    check(
      Array.isArray(start) && start.length === 2 && start.every(Number.isFinite),
      'optimizerPaths: start must be two finite numbers [x, y]',
    );
    return optimizers.map(({ name, label, lr }) => {
      check(isOptimizerName(name), `optimizerPaths: unknown optimizer ${JSON.stringify(name)}`);
      const optimizer = createOptimizer(name, { lr });
      const params = { x: array(start[0]), y: array(start[1]) };
      const xs = [start[0]];
      const ys = [start[1]];
      for (let i = 0; i < steps; i++) {
        const [gx, gy] = valleyGradient(params.x.item(), params.y.item());
        optimizer.update(params, { x: array(gx), y: array(gy) });
        xs.push(params.x.item());
        ys.push(params.y.item());
      }
      return { name, label, lr, x: xs, y: ys };
    });
  });
}
