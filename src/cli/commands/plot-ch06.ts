/**
 * `scratchnet plot <figure>` for the book's chapter 6 studies: runs the experiment (training
 * networks on MNIST for most of them), prints what it measured and draws the figure. Kept apart
 * from plot.ts, which only registers these names and options and hands them over.
 */
import { makeFolder } from '../output-folder.js';
import { resolve } from 'node:path';
import type { DataSplits } from '../../data/types.js';
import { ScratchnetError } from '../../errors.js';
import {
  BOOK_WEIGHT_SCALES,
  activationHistograms,
  compareBatchNorm,
  compareOptimizers,
  compareWeightInits,
  hyperparameterSearch,
  optimizerPaths,
  overfittingStudy,
  valleyFunction,
} from '../../experiments/index.js';
import {
  figureActivationHistograms,
  figureBatchNorm,
  figureHyperparameterSearch,
  figureLossComparison,
  figureOptimizerPaths,
  figureOverfitting,
} from '../../plot/figures-ch06.js';
import { pngSkippedNote, writeChart } from '../charts.js';
import type { Io, ParsedArgs } from '../command.js';
import { loadDataset, type DatasetOptionValues } from '../dataset.js';
import { badValue, option, type OptionValues } from '../options.js';
import { Progress } from '../progress.js';

/** The chapter 6 figures, with what each shows (for help texts). */
export const CH06_FIGURES = {
  'optimizer-paths': 'SGD, Momentum, AdaGrad and Adam on x\u00b2/20 + y\u00b2 from (-7, 2), 30 steps (figure 6-8)',
  'optimizer-comparison': 'the four optimizers training 784-[100x4]-10 on MNIST, smoothed loss (figure 6-9; trains)',
  'weight-init': 'std 0.01, Xavier and He initial weights under SGD on MNIST, smoothed loss (figure 6-15; trains)',
  'activation-histograms':
    "histograms of five layers' outputs for six activation/weight-scale settings (figures 6-10 to 6-14)",
  batchnorm: 'training accuracy with and without batch normalization for several weight scales (figure 6-18; trains)',
  overfitting:
    'train and test accuracy on 300 images: no regularisation, weight decay 0.1, dropout 0.15 (figures 6-20 to 6-23; trains)',
  'hyperparameter-search':
    "random search for learning rate and weight decay, the best trials' validation curves (figure 6-24; trains)",
} as const;

/** A chapter 6 figure's name. */
export type Ch06FigureName = keyof typeof CH06_FIGURES;

/** The names, in the book's order. */
export const CH06_FIGURE_NAMES = Object.keys(CH06_FIGURES) as Ch06FigureName[];

/** The weight scales `batchnorm` uses by default: 4 of the book's 16 (1, 0.0464, 0.00215, 0.0001), about a quarter of the time. */
const DEFAULT_SCALE_INDICES = [0, 5, 10, 15];

/** --scales: 'all' (the book's 16) or positive numbers separated by commas. */
function parseScales(text: string, name: string): number[] {
  if (text === 'all') return [...BOOK_WEIGHT_SCALES];
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.some((p, i) => p === '' || !Number.isFinite(values[i]) || (values[i] ?? 0) <= 0))
    throw badValue(name, "'all' or positive numbers separated by commas such as 1,0.01,0.0001", text);
  return values;
}

/** Scales as they are typed: three significant digits, as the book prints them. */
function formatScales(scales: number[]): string {
  return scales.map((s) => String(Number(s.toPrecision(3)))).join(',');
}

/** The options these figures add to `scratchnet plot`. */
export const CH06_PLOT_OPTIONS = {
  seed: option.int({ min: 0, description: 'chapter 6 figures: seeds data order, weights and draws', default: 1 }),
  iterations: option.int({ description: 'optimizer-comparison, weight-init: mini-batches', default: 2000 }),
  epochs: option.int({ description: 'batchnorm (20), overfitting (201), hyperparameter-search (50): epochs' }),
  scales: option.custom<number[]>(
    {
      value: 'list|all',
      description: "batchnorm: weight scales, e.g. 0.1,0.01, or 'all' for the book's 16",
      default: DEFAULT_SCALE_INDICES.map((i) => BOOK_WEIGHT_SCALES[i] ?? 1),
    },
    parseScales,
    formatScales,
  ),
  trials: option.int({ description: 'hyperparameter-search: trials (the book runs 100)', default: 20 }),
  dtype: option.choice(['float32', 'float64'] as const, {
    description: 'chapter 6 MNIST figures: precision',
    default: 'float32',
  }),
};

/** The output formats `scratchnet plot --format` allows. */
export const PLOT_FORMATS = ['svg', 'png', 'both'] as const;

/** What the chapter 6 figures read of `scratchnet plot`'s options. */
export type Ch06PlotArgs = ParsedArgs<
  OptionValues<typeof CH06_PLOT_OPTIONS> & DatasetOptionValues & { format: (typeof PLOT_FORMATS)[number]; out: string }
>;

/** The chapter 6 part of `scratchnet plot --help`. */
export function ch06PlotDetails(): string {
  const width = Math.max(...CH06_FIGURE_NAMES.map((n) => n.length)) + 2;
  return [
    'Chapter 6 figures (they print what they measured; the MNIST ones train for seconds to minutes):',
    ...CH06_FIGURE_NAMES.map((n) => `  ${n.padEnd(width)}${CH06_FIGURES[n]}`),
    '',
    'Default data sizes as in the book: batchnorm the first 1000 training images, overfitting 300 (and the',
    'whole test set), hyperparameter-search 500 (400 train, 100 validation); --train-size/--test-size change them.',
    '',
    'Examples:',
    '  scratchnet plot optimizer-paths',
    '  scratchnet plot batchnorm --scales all',
    '  scratchnet plot hyperparameter-search --trials 100 --seed 2',
  ].join('\n');
}

/** Which options each figure reads; any other chapter 6 or data option is refused by name. */
const USES: Record<Ch06FigureName, readonly string[]> = {
  'optimizer-paths': [],
  'optimizer-comparison': ['seed', 'iterations', 'dtype', 'dataset', 'train-size'],
  'weight-init': ['seed', 'iterations', 'dtype', 'dataset', 'train-size'],
  'activation-histograms': ['seed'],
  batchnorm: ['seed', 'epochs', 'scales', 'dtype', 'dataset', 'train-size'],
  overfitting: ['seed', 'epochs', 'dtype', 'dataset', 'train-size', 'test-size'],
  'hyperparameter-search': ['seed', 'epochs', 'trials', 'dtype', 'dataset', 'train-size'],
};

const DATA_OPTIONS = ['dataset', 'train-size', 'test-size'];

function isCh06Figure(name: string): name is Ch06FigureName {
  return Object.hasOwn(CH06_FIGURES, name);
}

/** Refuses an option the figure does not read, naming the figures that do. */
function checkOptions(name: string, args: Ch06PlotArgs): void {
  const known = isCh06Figure(name) ? USES[name] : [];
  const checked = isCh06Figure(name)
    ? [...Object.keys(CH06_PLOT_OPTIONS), ...DATA_OPTIONS]
    : Object.keys(CH06_PLOT_OPTIONS);
  for (const option of checked) {
    if (args.given[option] === undefined || known.includes(option)) continue;
    const users = CH06_FIGURE_NAMES.filter((f) => USES[f].includes(option));
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `--${option} does not apply to plot ${name}${users.length > 0 ? ` (it applies to ${users.join(', ')})` : ''}`,
    );
  }
}

/** What every figure's experiment is given: the parsed options, the progress stream and a printer. */
interface FigureRun {
  /** The parsed options of `scratchnet plot`. */
  options: Ch06PlotArgs['options'];
  /** Where progress bars go. */
  io: Io;
  /** Prints one line of results on stdout. */
  say(line: string): void;
  /** The data set, with the figure's own default sizes where --train-size/--test-size are not given. */
  data(trainSize?: number, testSize?: number): DataSplits;
}

const f4 = (v: number): string => v.toFixed(4);

/** The last value of a curve (NaN for an empty one). */
const last = (values: readonly number[]): number => values.at(-1) ?? Number.NaN;

function optimizerPathsFigure({ say }: FigureRun): string {
  const paths = optimizerPaths();
  for (const p of paths) {
    const x = last(p.x);
    const y = last(p.y);
    say(
      `${p.label} (lr ${p.lr}): (${x.toPrecision(6)}, ${y.toPrecision(6)}) after ${p.x.length - 1} steps, f = ${valleyFunction(x, y).toPrecision(4)}`,
    );
  }
  return figureOptimizerPaths(paths);
}

/** optimizer-comparison and weight-init: smoothed loss curves of four or three networks trained side by side. */
async function lossComparisonFigure(name: 'optimizer-comparison' | 'weight-init', run: FigureRun): Promise<string> {
  const { iterations, seed, dtype } = run.options;
  const { train } = run.data();
  const progress = new Progress(run.io.stderr, iterations);
  const onIteration = ({ iteration, losses }: { iteration: number; losses: readonly number[] }): void =>
    progress.update(iteration, `loss ${losses.map(f4).join(' ')}`);
  const options = { iterations, seed, dtype, onIteration };
  const result =
    name === 'optimizer-comparison'
      ? await compareOptimizers(train, options)
      : await compareWeightInits(train, options);
  progress.clear();
  for (const c of result.curves)
    run.say(`${c.label}: smoothed loss ${f4(last(c.smoothed))} after ${iterations} iterations`);
  return name === 'optimizer-comparison'
    ? figureLossComparison(result, {
        title: `optimizers on MNIST: 784-[100\u00d74]-10 ReLU, batch 128, ${iterations} iterations`,
        yLim: [0, 1],
      })
    : figureLossComparison(result, {
        title: `weight initialisation on MNIST: 784-[100\u00d74]-10 ReLU, SGD lr 0.01, ${iterations} iterations`,
        yLim: [0, 2.5],
      });
}

function activationHistogramsFigure({ options, say }: FigureRun): string {
  const settings = activationHistograms({ seed: options.seed });
  for (const s of settings) say(`${s.label}: std per layer ${s.layers.map((l) => l.std.toPrecision(3)).join(' ')}`);
  return figureActivationHistograms(settings);
}

async function batchNormFigure(run: FigureRun): Promise<string> {
  const { scales, seed, dtype } = run.options;
  const epochs = run.options.epochs ?? 20;
  const { train } = run.data(1000);
  const progress = new Progress(run.io.stderr, scales.length, 'scale');
  progress.update(0, '');
  const curves = await compareBatchNorm(train, {
    scales,
    epochs,
    seed,
    dtype,
    trainSize: train.x.shape[0] ?? 0,
    onScale: (c, i) =>
      progress.update(
        i + 1,
        `W ${c.scale.toPrecision(3)}: ${f4(last(c.withBatchNorm))} / ${f4(last(c.withoutBatchNorm))}`,
      ),
  });
  progress.clear();
  for (const c of curves) {
    run.say(
      `W ${c.scale.toPrecision(3)}: train acc ${f4(last(c.withBatchNorm))} with batch norm, ${f4(last(c.withoutBatchNorm))} without (${epochs} epochs)`,
    );
  }
  return figureBatchNorm(curves);
}

async function overfittingFigure(run: FigureRun): Promise<string> {
  const { seed, dtype } = run.options;
  const epochs = run.options.epochs ?? 201;
  const splits = run.data(300);
  const runs = 3;
  const progress = new Progress(run.io.stderr, runs * epochs, 'epoch');
  const results = await overfittingStudy(splits, {
    epochs,
    seed,
    dtype,
    trainSize: splits.train.x.shape[0] ?? 0,
    onEpoch: (e) => progress.update(e.run * epochs + e.epoch, `train ${f4(e.trainAcc)} test ${f4(e.testAcc)}`),
  });
  progress.clear();
  for (const r of results) {
    const train = last(r.trainAcc);
    const test = last(r.testAcc);
    run.say(`${r.label}: train acc ${f4(train)}, test acc ${f4(test)}, gap ${f4(train - test)} after ${epochs} epochs`);
  }
  return figureOverfitting(results);
}

async function hyperparameterSearchFigure(run: FigureRun): Promise<string> {
  const { trials, seed, dtype } = run.options;
  const epochs = run.options.epochs ?? 50;
  const { train } = run.data(500);
  const progress = new Progress(run.io.stderr, trials, 'trial');
  const result = await hyperparameterSearch(train, {
    trials,
    epochs,
    seed,
    dtype,
    trainSize: train.x.shape[0] ?? 0,
    onTrial: (t) =>
      progress.update(
        t.trial,
        `val acc ${last(t.validationAcc).toFixed(2)} | lr ${t.lr.toExponential(2)}, weight decay ${t.weightDecay.toExponential(2)}`,
      ),
  });
  progress.clear();
  run.say(
    `${result.trainSize} training and ${result.validationSize} validation images, ${trials} trials of ${epochs} epochs`,
  );
  result.best.slice(0, 5).forEach((t, i) => {
    run.say(
      `Best-${i + 1} (val acc ${last(t.validationAcc).toFixed(2)}) | lr ${t.lr.toExponential(3)}, weight decay ${t.weightDecay.toExponential(3)}`,
    );
  });
  return figureHyperparameterSearch(result);
}

/** How each figure runs its experiment, prints the numbers and draws its SVG. */
const FIGURES: Record<Ch06FigureName, (run: FigureRun) => string | Promise<string>> = {
  'optimizer-paths': optimizerPathsFigure,
  'optimizer-comparison': (run) => lossComparisonFigure('optimizer-comparison', run),
  'weight-init': (run) => lossComparisonFigure('weight-init', run),
  'activation-histograms': activationHistogramsFigure,
  batchnorm: batchNormFigure,
  overfitting: overfittingFigure,
  'hyperparameter-search': hyperparameterSearchFigure,
};

/**
 * Draws `name` if it is a chapter 6 figure and returns true; returns false for any other figure,
 * after checking that no chapter 6 option was given to it.
 */
export async function runCh06Plot(name: string, args: Ch06PlotArgs, io: Io): Promise<boolean> {
  checkOptions(name, args);
  if (!isCh06Figure(name)) return false;
  const { options } = args;
  const run: FigureRun = {
    options,
    io,
    say: (line) => void io.stdout.write(`${line}\n`),
    data: (trainSize, testSize) =>
      loadDataset(
        {
          dataset: options.dataset,
          'train-size': options['train-size'] ?? trainSize,
          'test-size': options['test-size'] ?? testSize,
        },
        options.dtype,
      ),
  };
  const svg = await FIGURES[name](run);
  const outDir = resolve(options.out);
  makeFolder(outDir);
  const written = writeChart(outDir, name, svg, options.format);
  io.stdout.write(`wrote ${written.join(' and ')}\n`);
  const note = options.format === 'both' ? pngSkippedNote() : null;
  if (note !== null) io.stderr.write(`${note}\n`);
  return true;
}
