/**
 * `scratchnet plot <figure>` for the book's chapter 6 studies: runs the experiment (training
 * networks on MNIST for most of them), prints what it measured and draws the figure. Kept apart
 * from plot.ts, which only registers these names and options and hands them over.
 */
import { mkdirSync } from 'node:fs';
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
import type { FloatDType } from '../../ndarray/dtype.js';
import {
  figureActivationHistograms,
  figureBatchNorm,
  figureHyperparameterSearch,
  figureLossComparison,
  figureOptimizerPaths,
  figureOverfitting,
} from '../../plot/figures-ch06.js';
import { writeChart } from '../charts.js';
import { choiceOption, intOption, stringOption, type Io, type OptionSpec, type ParsedArgs } from '../command.js';
import { loadDataset } from '../dataset.js';
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

/** The options these figures add to `scratchnet plot`. */
export const CH06_PLOT_OPTIONS: Record<string, OptionSpec> = {
  seed: {
    type: 'string',
    value: 'n',
    description: 'chapter 6 figures: seeds data order, weights and draws',
    default: '1',
  },
  iterations: {
    type: 'string',
    value: 'n',
    description: 'optimizer-comparison, weight-init: mini-batches',
    default: '2000',
  },
  epochs: {
    type: 'string',
    value: 'n',
    description: 'batchnorm (20), overfitting (201), hyperparameter-search (50): epochs',
  },
  scales: {
    type: 'string',
    value: 'list|all',
    description: "batchnorm: weight scales, e.g. 0.1,0.01, or 'all' for the book's 16",
    default: '1,0.0464,0.00215,0.0001',
  },
  trials: {
    type: 'string',
    value: 'n',
    description: 'hyperparameter-search: trials (the book runs 100)',
    default: '20',
  },
  dtype: {
    type: 'string',
    value: 'float32|float64',
    description: 'chapter 6 MNIST figures: precision',
    default: 'float32',
  },
};

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
function checkOptions(name: string, args: ParsedArgs): void {
  const known = isCh06Figure(name) ? USES[name] : [];
  const checked = isCh06Figure(name)
    ? [...Object.keys(CH06_PLOT_OPTIONS), ...DATA_OPTIONS]
    : Object.keys(CH06_PLOT_OPTIONS);
  for (const option of checked) {
    if (args.values[option] === undefined || known.includes(option)) continue;
    const users = CH06_FIGURE_NAMES.filter((f) => USES[f].includes(option));
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `--${option} does not apply to plot ${name}${users.length > 0 ? ` (it applies to ${users.join(', ')})` : ''}`,
    );
  }
}

/** --scales: 'all' (the book's 16) or positive numbers separated by commas. */
function scalesOption(args: ParsedArgs): number[] {
  const v = args.values.scales;
  if (typeof v !== 'string') return DEFAULT_SCALE_INDICES.map((i) => BOOK_WEIGHT_SCALES[i]!);
  if (v === 'all') return [...BOOK_WEIGHT_SCALES];
  const parts = v.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.some((p, i) => p === '' || !Number.isFinite(values[i]) || values[i]! <= 0)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `--scales must be 'all' or positive numbers separated by commas such as 1,0.01,0.0001, got "${v}"`,
    );
  }
  return values;
}

/** The data set, with the figure's own default sizes where --train-size/--test-size are not given. */
function data(args: ParsedArgs, dtype: FloatDType, trainSize?: number, testSize?: number): DataSplits {
  const sized: ParsedArgs = {
    positionals: args.positionals,
    values: {
      ...args.values,
      ...(args.values['train-size'] === undefined && trainSize !== undefined
        ? { 'train-size': String(trainSize) }
        : {}),
      ...(args.values['test-size'] === undefined && testSize !== undefined ? { 'test-size': String(testSize) } : {}),
    },
  };
  return loadDataset(sized, dtype);
}

const f4 = (v: number): string => v.toFixed(4);

/** Draws one chapter 6 figure: runs its experiment, prints the numbers, returns the SVG. */
async function draw(name: Ch06FigureName, args: ParsedArgs, io: Io): Promise<string> {
  const seed = intOption(args, 'seed', 1, 0);
  const dtype = choiceOption(args, 'dtype', ['float32', 'float64'] as const, 'float32');
  const say = (line: string): void => void io.stdout.write(`${line}\n`);
  switch (name) {
    case 'optimizer-paths': {
      const paths = optimizerPaths();
      for (const p of paths) {
        const x = p.x.at(-1)!;
        const y = p.y.at(-1)!;
        say(
          `${p.label} (lr ${p.lr}): (${x.toPrecision(6)}, ${y.toPrecision(6)}) after ${p.x.length - 1} steps, f = ${valleyFunction(x, y).toPrecision(4)}`,
        );
      }
      return figureOptimizerPaths(paths);
    }
    case 'optimizer-comparison':
    case 'weight-init': {
      const iterations = intOption(args, 'iterations', 2000);
      const { train } = data(args, dtype);
      const progress = new Progress(io.stderr, iterations);
      const onIteration = ({ iteration, losses }: { iteration: number; losses: readonly number[] }): void =>
        progress.update(iteration, `loss ${losses.map(f4).join(' ')}`);
      const options = { iterations, seed, dtype, onIteration };
      const result =
        name === 'optimizer-comparison'
          ? await compareOptimizers(train, options)
          : await compareWeightInits(train, options);
      progress.clear();
      for (const c of result.curves)
        say(`${c.label}: smoothed loss ${f4(c.smoothed.at(-1)!)} after ${iterations} iterations`);
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
    case 'activation-histograms': {
      const settings = activationHistograms({ seed });
      for (const s of settings) say(`${s.label}: std per layer ${s.layers.map((l) => l.std.toPrecision(3)).join(' ')}`);
      return figureActivationHistograms(settings);
    }
    case 'batchnorm': {
      const scales = scalesOption(args);
      const epochs = intOption(args, 'epochs', 20);
      const { train } = data(args, dtype, 1000);
      const progress = new Progress(io.stderr, scales.length, 'scale');
      progress.update(0, '');
      const curves = await compareBatchNorm(train, {
        scales,
        epochs,
        seed,
        dtype,
        trainSize: train.x.shape[0]!,
        onScale: (c, i) =>
          progress.update(
            i + 1,
            `W ${c.scale.toPrecision(3)}: ${f4(c.withBatchNorm.at(-1)!)} / ${f4(c.withoutBatchNorm.at(-1)!)}`,
          ),
      });
      progress.clear();
      for (const c of curves) {
        say(
          `W ${c.scale.toPrecision(3)}: train acc ${f4(c.withBatchNorm.at(-1)!)} with batch norm, ${f4(c.withoutBatchNorm.at(-1)!)} without (${epochs} epochs)`,
        );
      }
      return figureBatchNorm(curves);
    }
    case 'overfitting': {
      const epochs = intOption(args, 'epochs', 201);
      const splits = data(args, dtype, 300);
      const runs = 3;
      const progress = new Progress(io.stderr, runs * epochs, 'epoch');
      const results = await overfittingStudy(splits, {
        epochs,
        seed,
        dtype,
        trainSize: splits.train.x.shape[0]!,
        onEpoch: (e) => progress.update(e.run * epochs + e.epoch, `train ${f4(e.trainAcc)} test ${f4(e.testAcc)}`),
      });
      progress.clear();
      for (const r of results) {
        const train = r.trainAcc.at(-1)!;
        const test = r.testAcc.at(-1)!;
        say(`${r.label}: train acc ${f4(train)}, test acc ${f4(test)}, gap ${f4(train - test)} after ${epochs} epochs`);
      }
      return figureOverfitting(results);
    }
    case 'hyperparameter-search': {
      const trials = intOption(args, 'trials', 20);
      const epochs = intOption(args, 'epochs', 50);
      const { train } = data(args, dtype, 500);
      const progress = new Progress(io.stderr, trials, 'trial');
      const result = await hyperparameterSearch(train, {
        trials,
        epochs,
        seed,
        dtype,
        trainSize: train.x.shape[0]!,
        onTrial: (t) =>
          progress.update(
            t.trial,
            `val acc ${t.validationAcc.at(-1)!.toFixed(2)} | lr ${t.lr.toExponential(2)}, weight decay ${t.weightDecay.toExponential(2)}`,
          ),
      });
      progress.clear();
      say(
        `${result.trainSize} training and ${result.validationSize} validation images, ${trials} trials of ${epochs} epochs`,
      );
      result.best.slice(0, 5).forEach((t, i) => {
        say(
          `Best-${i + 1} (val acc ${t.validationAcc.at(-1)!.toFixed(2)}) | lr ${t.lr.toExponential(3)}, weight decay ${t.weightDecay.toExponential(3)}`,
        );
      });
      return figureHyperparameterSearch(result);
    }
  }
}

/**
 * Draws `name` if it is a chapter 6 figure and returns true; returns false for any other figure,
 * after checking that no chapter 6 option was given to it.
 */
export async function runCh06Plot(name: string, args: ParsedArgs, io: Io): Promise<boolean> {
  checkOptions(name, args);
  if (!isCh06Figure(name)) return false;
  // Checked before minutes of training, not after.
  const format = choiceOption(args, 'format', ['svg', 'png', 'both'] as const, 'both');
  const svg = await draw(name, args, io);
  const outDir = resolve(stringOption(args, 'out', 'out/plots'));
  mkdirSync(outDir, { recursive: true });
  const written = writeChart(outDir, name, svg, format);
  io.stdout.write(`wrote ${written.join(' and ')}\n`);
  return true;
}
