import { ScratchnetError } from '../errors.js';
import { isFloat } from '../ndarray/dtype.js';
import { NDArray, type ArrayLike } from '../ndarray/ndarray.js';
import { stack } from '../ndarray/manipulate.js';
import { checkFunction, checkKnownOptions, checkNumber, describeKind, toArrayArgument } from '../validate.js';

function checkStep(h: unknown, where: string): void {
  if (typeof h !== 'number' || !(h > 0) || !Number.isFinite(h)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: h must be a small positive number (the book's 1e-4), got ${String(h)}`,
    );
  }
}

/** The book's step for central differences: small, but not so small that rounding swamps it. */
export const NUMERICAL_H = 1e-4;

/** The central difference (f(x + h) − f(x − h)) / 2h at a number x. */
export function numericalDiff(f: (x: number) => number, x: number, h = NUMERICAL_H): number {
  checkFunction(f, 'f', 'numericalDiff');
  checkNumber(x, 'x', 'numericalDiff', true);
  checkStep(h, 'numericalDiff');
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * ∂f/∂x for every element of x (any rank) by central differences. Each element is nudged in place and
 * restored, so `f` may read x directly (as the book's networks do through their weights). x must be
 * a float array: on an integer array x + 1e-4 would round back to x and every gradient would be 0.
 */
export function numericalGradient(f: (x: NDArray) => number, x: NDArray, h = NUMERICAL_H): NDArray {
  checkFunction(f, 'f', 'numericalGradient');
  checkStep(h, 'numericalGradient');
  if (!(x instanceof NDArray)) {
    throw new ScratchnetError('BAD_ARGUMENT', 'numericalGradient: x must be an NDArray (make one with array([...]))');
  }
  if (!isFloat(x.dtype)) {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `numericalGradient: x has dtype ${x.dtype}; it must be float64 or float32, or every nudge of ±${h} is rounded away (use x.astype('float64'))`,
    );
  }
  const grad = NDArray.empty(x.shape, x.dtype);
  const data = x.data;
  for (let i = 0; i < data.length; i++) {
    const saved = data[i]!;
    data[i] = saved + h;
    const fPlus = f(x);
    data[i] = saved - h;
    const fMinus = f(x);
    grad.data[i] = (fPlus - fMinus) / (2 * h);
    data[i] = saved;
  }
  return grad;
}

/** Settings of `gradientDescent`. */
export interface GradientDescentOptions {
  /** Learning rate (default 0.01, as in the book). */
  lr?: number;
  /** Number of steps (default 100). */
  stepNum?: number;
}

/** What `gradientDescent` returns: the end point and the path to it. */
export interface GradientDescentResult {
  /** The final point. */
  x: NDArray;
  /** The point before each step, shape (stepNum, ...x.shape): the book's `x_history`. */
  history: NDArray;
}

/** lr and stepNum from `{ lr, stepNum }` or the book's positional `lr, step_num`. */
function descentSettings(
  options: GradientDescentOptions | number,
  stepNum: number | undefined,
): Required<GradientDescentOptions> {
  const where = 'gradientDescent';
  const settings = typeof options === 'number' ? { lr: options, stepNum } : options;
  checkKnownOptions(settings, ['lr', 'stepNum'], where);
  if (typeof options !== 'number' && stepNum !== undefined) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: stepNum follows a numeric lr (the book's gradient_descent(f, init_x, lr, step_num)) or goes in the options, got ${describeKind(stepNum)} after an options object`,
    );
  }
  const { lr = 0.01, stepNum: steps = 100 } = settings;
  if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: lr must be a positive finite number, got ${String(lr)}`);
  }
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: stepNum must be a non-negative integer, got ${String(steps)}`);
  }
  return { lr, stepNum: steps };
}

/**
 * Repeats x ← x − lr·∇f(x) with the numerical gradient, from `initX` (which is not modified). The
 * settings are `{ lr, stepNum }` or, as in the book's `gradient_descent(f, init_x, lr=0.01,
 * step_num=100)`, two numbers: `gradientDescent(f, initX, 0.1, 100)`.
 */
export function gradientDescent(
  f: (x: NDArray) => number,
  initX: ArrayLike,
  options: GradientDescentOptions | number = {},
  stepNum?: number,
): GradientDescentResult {
  checkFunction(f, 'f', 'gradientDescent');
  const { lr, stepNum: steps } = descentSettings(options, stepNum);
  const x = toArrayArgument(initX, 'initX', 'gradientDescent').copy();
  if (!isFloat(x.dtype)) {
    throw new ScratchnetError('BAD_DTYPE', `gradientDescent: initX has dtype ${x.dtype}; it must be a float array`);
  }
  const history: NDArray[] = [];
  for (let step = 0; step < steps; step++) {
    history.push(x.copy());
    const grad = numericalGradient(f, x);
    for (let i = 0; i < x.size; i++) x.data[i] = x.data[i]! - lr * grad.data[i]!;
  }
  return { x, history: steps === 0 ? NDArray.empty([0, ...x.shape], x.dtype) : stack(history) };
}
