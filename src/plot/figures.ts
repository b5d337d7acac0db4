/**
 * The book's figures, computed with scratchnet itself: the activations of chapter 3, the numerical
 * derivative, gradient and gradient descent of chapter 4, and a grid of MNIST digits. Each returns
 * an SVG document string; `FIGURES` maps the CLI's figure names to them.
 */
import { check } from '../errors.js';
import { arange, array } from '../ndarray/create.js';
import { NDArray } from '../ndarray/ndarray.js';
import { argmax } from '../ndarray/reduce.js';
import { relu, sigmoid, stepFunction } from '../functions/activations.js';
import { gradientDescent, numericalDiff, numericalGradient } from '../gradient/numerical.js';
import { arrowField } from './arrow-field.js';
import { imageGrid } from './image-grid.js';
import { lineChart } from './line-chart.js';
import { MATPLOTLIB_COLORS } from './svg.js';
import { toNumbers, type Numbers } from './values.js';
import { checkArray, checkKnownOptions, named } from '../validate.js';

/** Size options every figure takes (pixels; default 640 × 480, matplotlib's default figure). */
export interface FigureOptions {
  /** Pixels; default 640. */
  width?: number;
  /** Pixels; default 480. */
  height?: number;
}

/** The book's x range for the chapter 3 activations: `np.arange(-5.0, 5.0, 0.1)`. */
function activationX(): NDArray {
  return arange(-5.0, 5.0, 0.1);
}

/** Figure 3-6: the step function, `plt.ylim(-0.1, 1.1)`. */
export function figureStep(options: FigureOptions = {}): string {
  return named('figureStep', () => {
    checkKnownOptions(options, ['width', 'height'], 'figureStep');
    const x = activationX();
    return lineChart({ ...options, title: 'step function', series: [{ x, y: stepFunction(x) }], yLim: [-0.1, 1.1] });
  });
}

/** Figure 3-7: the sigmoid function, `plt.ylim(-0.1, 1.1)`. */
export function figureSigmoid(options: FigureOptions = {}): string {
  return named('figureSigmoid', () => {
    checkKnownOptions(options, ['width', 'height'], 'figureSigmoid');
    const x = activationX();
    return lineChart({ ...options, title: 'sigmoid function', series: [{ x, y: sigmoid(x) }], yLim: [-0.1, 1.1] });
  });
}

/** Figure 3-8: sigmoid (solid) and step function (black dashed, the book's `'k--'`). */
export function figureSigmoidVsStep(options: FigureOptions = {}): string {
  return named('figureSigmoidVsStep', () => {
    checkKnownOptions(options, ['width', 'height'], 'figureSigmoidVsStep');
    const x = activationX();
    return lineChart({
      ...options,
      title: 'sigmoid and step function',
      series: [
        { x, y: sigmoid(x), label: 'sigmoid' },
        { x, y: stepFunction(x), label: 'step function', dash: true, color: '#000000' },
      ],
      yLim: [-0.1, 1.1],
      legend: 'upper left',
    });
  });
}

/** Figure 3-9: ReLU, `plt.ylim(-1.0, 5.5)`. */
export function figureRelu(options: FigureOptions = {}): string {
  return named('figureRelu', () => {
    checkKnownOptions(options, ['width', 'height'], 'figureRelu');
    const x = activationX();
    return lineChart({ ...options, title: 'ReLU function', series: [{ x, y: relu(x) }], yLim: [-1.0, 5.5] });
  });
}

/** The book's `function_1`, 0.01x² + 0.1x. */
function function1(x: number): number {
  return 0.01 * x ** 2 + 0.1 * x;
}

/**
 * Figure 4-7: f(x) = 0.01x² + 0.1x on [0, 20) and its tangent at x = 5, whose slope is the
 * numerical derivative (≈ 0.2, the book's 0.1999999999990898).
 */
export function figureTangent(options: FigureOptions = {}): string {
  return named('figureTangent', () => {
    checkKnownOptions(options, ['width', 'height'], 'figureTangent');
    const xs = Array.from(arange(0.0, 20.0, 0.1).data);
    const at = 5;
    const slope = numericalDiff(function1, at);
    const intercept = function1(at) - slope * at;
    return lineChart({
      ...options,
      title: `numerical derivative at x = ${at}: ${slope}`,
      xLabel: 'x',
      yLabel: 'f(x)',
      series: [
        { x: xs, y: xs.map(function1), label: 'f(x) = 0.01x\u00b2 + 0.1x' },
        { x: xs, y: xs.map((t) => slope * t + intercept), label: `tangent at x = ${at}` },
        { x: [at], y: [function1(at)], line: false, marker: true, color: '#000000' },
      ],
      legend: 'upper left',
    });
  });
}

/** The book's `function_2`, x0² + x1². */
function function2(x: NDArray): number {
  let s = 0;
  for (const v of x.data) s += v * v;
  return s;
}

/** The grid of figure 4-9: `np.arange(-2, 2.5, 0.25)` on both axes, flattened as by `meshgrid`. */
export function gradientFieldData(): {
  /** Tail x0 of each arrow. */
  x: number[];
  /** Tail x1 of each arrow. */
  y: number[];
  /** The negative gradient's x0 component at the tail. */
  u: number[];
  /** The negative gradient's x1 component at the tail. */
  v: number[];
} {
  const axis = Array.from(arange(-2, 2.5, 0.25).data);
  const x: number[] = [];
  const y: number[] = [];
  const u: number[] = [];
  const v: number[] = [];
  for (const x1 of axis) {
    for (const x0 of axis) {
      const grad = numericalGradient(function2, array([x0, x1]));
      x.push(x0);
      y.push(x1);
      u.push(-grad.data[0]!);
      v.push(-grad.data[1]!);
    }
  }
  return { x, y, u, v };
}

/** Figure 4-9: the negative gradient of x0² + x1² as arrows, all pointing at the minimum (0, 0). */
export function figureGradientField(options: FigureOptions = {}): string {
  return named('figureGradientField', () => {
    checkKnownOptions(options, ['width', 'height'], 'figureGradientField');
    return arrowField({
      ...options,
      ...gradientFieldData(),
      title: 'negative gradient of x0\u00b2 + x1\u00b2',
      xLabel: 'x0',
      yLabel: 'x1',
      xLim: [-2, 2],
      yLim: [-2, 2],
      grid: true,
      color: '#666666',
    });
  });
}

/**
 * The points of figure 4-10: gradient descent on x0² + x1² from (−3, 4) with lr 0.1 for 20 steps,
 * the start and the point after every step (21 points; the book's `x_history` stops at 20).
 */
export function gradientDescentPath(): {
  /** x0 of the start and of the point after each step. */
  x: number[];
  /** x1 of the start and of the point after each step. */
  y: number[];
} {
  const { x: last, history } = gradientDescent(function2, [-3.0, 4.0], { lr: 0.1, stepNum: 20 });
  const points = [...history.data, ...last.data];
  return { x: points.filter((_, i) => i % 2 === 0), y: points.filter((_, i) => i % 2 === 1) };
}

/** Figure 4-10: the gradient-descent path as points, on dashed blue axes (`'--b'`). */
export function figureGradientDescent(options: FigureOptions = {}): string {
  return named('figureGradientDescent', () => {
    checkKnownOptions(options, ['width', 'height'], 'figureGradientDescent');
    const path = gradientDescentPath();
    return lineChart({
      ...options,
      title: 'gradient descent on x0\u00b2 + x1\u00b2 (lr 0.1, 20 steps)',
      xLabel: 'X0',
      yLabel: 'X1',
      series: [
        { x: [-5, 5], y: [0, 0], dash: true, color: '#0000ff' },
        { x: [0, 0], y: [-5, 5], dash: true, color: '#0000ff' },
        { x: path.x, y: path.y, line: false, marker: true },
      ],
      xLim: [-3.5, 3.5],
      yLim: [-4.5, 4.5],
      legend: false,
    });
  });
}

/** Options of `figureMnistGrid`. */
export interface MnistGridOptions {
  /** How many images to show, from the first (default the smaller of N and 50). */
  count?: number;
  /** Images per row (default 10). */
  columns?: number;
  /** Predicted classes: each caption then shows the prediction, green when right, red with the true label when wrong. */
  predictions?: NDArray | Numbers;
  /** Names for class indices (default the digits themselves). */
  classNames?: readonly string[];
  /** Written over the grid; default 'MNIST digits and their labels', or 'predictions (true label when wrong)' with `predictions`. */
  title?: string;
  /** Pixels per image side (default 84). */
  cellSize?: number;
  /** `'gray'` (default, white on black) or `'gray_r'` (black on white). */
  colormap?: 'gray' | 'gray_r';
}

/** Class indices from labels given as indices (N) or one-hot rows (N, C). */
function classIndices(labels: NDArray | Numbers, name: string): number[] {
  if (labels instanceof NDArray && labels.ndim === 2) return Array.from(argmax(labels, 1).data);
  return toNumbers(labels, name, 'figureMnistGrid');
}

/** A grid of MNIST digits (shape (N, 784), (N, 28, 28) or (N, 1, 28, 28)) captioned with their labels. */
export function figureMnistGrid(images: NDArray, labels: NDArray | Numbers, options: MnistGridOptions = {}): string {
  return named('figureMnistGrid', () => {
    checkArray(images, 'images', 'figureMnistGrid');
    checkKnownOptions(
      options,
      ['count', 'columns', 'predictions', 'classNames', 'title', 'cellSize', 'colormap'],
      'figureMnistGrid',
    );
    const n = images.shape[0] ?? 0;
    const count = Math.min(n, options.count ?? 50);
    check(
      Number.isInteger(count) && count > 0,
      `figureMnistGrid: count must be a positive integer and images must not be empty, got count ${options.count} for ${n} images`,
    );
    const truth = classIndices(labels, 'labels');
    check(truth.length >= count, `figureMnistGrid: ${truth.length} labels for ${count} images`);
    const predicted =
      options.predictions === undefined ? undefined : classIndices(options.predictions, 'options.predictions');
    check(
      predicted === undefined || predicted.length >= count,
      `figureMnistGrid: ${predicted?.length} predictions for ${count} images`,
    );
    const name = (c: number): string => options.classNames?.[c] ?? String(c);
    const rowSize = images.size / Math.max(n, 1);
    const shown = new NDArray(
      images.data.subarray(0, count * rowSize),
      [count, ...images.shape.slice(1)],
      images.dtype,
    );
    const captions: string[] = [];
    const colors: (string | undefined)[] = [];
    for (let i = 0; i < count; i++) {
      if (predicted === undefined) {
        captions.push(name(truth[i]!));
        colors.push(undefined);
      } else if (predicted[i] === truth[i]) {
        captions.push(name(predicted[i]!));
        colors.push(MATPLOTLIB_COLORS[2]);
      } else {
        captions.push(`${name(predicted[i]!)} (${name(truth[i]!)})`);
        colors.push(MATPLOTLIB_COLORS[3]);
      }
    }
    const title =
      options.title ??
      (predicted === undefined ? 'MNIST digits and their labels' : 'predictions (true label when wrong)');
    return imageGrid({
      images: shown,
      captions,
      captionColors: colors,
      columns: options.columns ?? Math.min(count, 10),
      title,
      cellSize: options.cellSize,
      colormap: options.colormap,
    });
  });
}

/** The names `scratchnet plot <figure>` accepts for the book's figures (besides `mnist`). */
export type BookFigureName =
  | 'step'
  | 'sigmoid'
  | 'relu'
  | 'sigmoid-vs-step'
  | 'tangent'
  | 'gradient-field'
  | 'gradient-descent';

/** A function drawing one of the book's figures. */
export type FigureFunction = (options?: FigureOptions) => string;

/**
 * The book's figures that need no data, by CLI name; `mnist` needs images: use `figureMnistGrid`.
 * Indexing with a known name gives the function; with any other string, possibly undefined (so a
 * name from the command line can be looked up directly).
 */
export const FIGURES: { readonly [K in BookFigureName]: FigureFunction } & {
  readonly [name: string]: FigureFunction | undefined;
} = Object.freeze({
  step: figureStep,
  sigmoid: figureSigmoid,
  relu: figureRelu,
  'sigmoid-vs-step': figureSigmoidVsStep,
  tangent: figureTangent,
  'gradient-field': figureGradientField,
  'gradient-descent': figureGradientDescent,
});

/** One line per figure, for help texts: what it shows and where it is in the book. */
export const FIGURE_DESCRIPTIONS: Readonly<Record<BookFigureName | 'mnist', string>> = Object.freeze({
  step: 'the step function (figure 3-6)',
  sigmoid: 'the sigmoid function (figure 3-7)',
  relu: 'the ReLU function (figure 3-9)',
  'sigmoid-vs-step': 'sigmoid and step function together (figure 3-8)',
  tangent: 'numerical derivative of 0.01x\u00b2 + 0.1x at x = 5 with its tangent (figure 4-7)',
  'gradient-field': 'the negative gradient of x0\u00b2 + x1\u00b2 as arrows (figure 4-9)',
  'gradient-descent': 'gradient descent from (-3, 4), lr 0.1, 20 steps (figure 4-10)',
  mnist: 'a grid of MNIST digits with their labels (needs the data set)',
});
