import { makeFolder } from '../output-folder.js';
import { basename, resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import { FIGURES, figureMnistGrid, filterChart } from '../../plot/index.js';
import { pngSkippedNote, writeChart } from '../charts.js';
import { defineCommand } from '../command.js';
import { DATASET_OPTIONS, loadDataset, type DatasetOptionValues } from '../dataset.js';
import { loadCliModel } from '../model.js';
import { option } from '../options.js';
import { CH06_FIGURE_NAMES, CH06_PLOT_OPTIONS, PLOT_FORMATS, ch06PlotDetails, runCh06Plot } from './plot-ch06.js';

const NAMES = [...Object.keys(FIGURES), 'mnist', 'filters', ...CH06_FIGURE_NAMES];

/** The first-layer filters of the convolutional model that --weights names. */
function filtersFigure(weights: string | undefined): string {
  const { net, path } = loadCliModel({ weights, arch: undefined, activation: 'relu' }, 'float64');
  const W1 = net.params.W1;
  if (W1 === undefined || W1.ndim !== 4) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `plot filters needs a convolutional model (train --model simple-convnet or deep-convnet); ${path} is a fully connected network`,
    );
  }
  return filterChart(W1, { title: `first-layer filters of ${basename(path)}` });
}

/** The first `count` test digits with their labels. */
function mnistFigure(options: DatasetOptionValues, count: number): string {
  const { test } = loadDataset(options, 'float64');
  const n = Math.min(count, test.x.shape[0] ?? 0);
  return figureMnistGrid(test.x.slice(0, n), test.t.slice(0, n));
}

/** `scratchnet plot`: draws one of the book's figures (training networks for the chapter 6 studies). */
export const plotCommand = defineCommand({
  name: 'plot',
  summary: `Draw one of the book's figures as SVG and PNG: ${NAMES.join(', ')}.`,
  usage: 'plot <figure> [options]',
  positionals: [0, 1],
  options: {
    format: option.choice(PLOT_FORMATS, { description: 'what to write', default: 'both' }),
    count: option.int({ description: 'digits in the mnist grid', default: 40 }),
    weights: option.string({
      value: 'file',
      description: 'filters: a convolutional model (train --model simple-convnet|deep-convnet) or its checkpoint',
    }),
    ...DATASET_OPTIONS,
    ...CH06_PLOT_OPTIONS,
    out: option.string({ value: 'dir', description: 'where to write <figure>.svg/.png', default: 'out/plots' }),
  },
  details: ch06PlotDetails(),
  async run(args, io) {
    const name = args.positionals[0];
    if (name === undefined || !NAMES.includes(name)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `name a figure: ${NAMES.join(', ')}${name === undefined ? '' : ` (got "${name}")`}`,
      );
    }
    if (await runCh06Plot(name, args, io)) return;
    const { options } = args;
    const draw = FIGURES[name];
    const svg =
      name === 'filters'
        ? filtersFigure(options.weights)
        : name === 'mnist'
          ? mnistFigure(options, options.count)
          : draw === undefined
            ? ''
            : draw();
    const outDir = resolve(options.out);
    makeFolder(outDir);
    const written = writeChart(outDir, name, svg, options.format);
    io.stdout.write(`wrote ${written.join(' and ')}\n`);
    const note = options.format === 'both' ? pngSkippedNote() : null;
    if (note !== null) io.stderr.write(`${note}\n`);
  },
});
