import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import { FIGURES, figureMnistGrid, filterChart } from '../../plot/index.js';
import { writeChart } from '../charts.js';
import { choiceOption, intOption, stringOption, type Command } from '../command.js';
import { DATASET_OPTIONS, loadDataset } from '../dataset.js';
import { loadModel } from '../model.js';
import { CH06_FIGURE_NAMES, CH06_PLOT_OPTIONS, ch06PlotDetails, runCh06Plot } from './plot-ch06.js';

const NAMES = [...Object.keys(FIGURES), 'mnist', 'filters', ...CH06_FIGURE_NAMES];

export const plotCommand: Command = {
  name: 'plot',
  summary: `Draw one of the book's figures as SVG and PNG: ${NAMES.join(', ')}.`,
  usage: 'plot <figure> [options]',
  options: {
    format: { type: 'string', value: 'svg|png|both', description: 'what to write', default: 'both' },
    count: { type: 'string', value: 'n', description: 'digits in the mnist grid', default: '40' },
    weights: {
      type: 'string',
      value: 'file',
      description: 'filters: a convolutional model (train --model simple-convnet|deep-convnet) or its checkpoint',
    },
    ...DATASET_OPTIONS,
    ...CH06_PLOT_OPTIONS,
    out: { type: 'string', value: 'dir', description: 'where to write <figure>.svg/.png', default: 'out/plots' },
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
    let svg: string;
    if (name === 'filters') {
      const { net, path } = loadModel(args, 'float64');
      const W1 = net.params.W1;
      if (W1 === undefined || W1.ndim !== 4) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `plot filters needs a convolutional model (train --model simple-convnet or deep-convnet); ${path} is a fully connected network`,
        );
      }
      svg = filterChart(W1, { title: `first-layer filters of ${basename(path)}` });
    } else if (name === 'mnist') {
      const { test } = loadDataset(args, 'float64');
      const count = Math.min(intOption(args, 'count', 40), test.x.shape[0]!);
      svg = figureMnistGrid(test.x.slice(0, count), test.t.slice(0, count));
    } else {
      svg = FIGURES[name]!();
    }
    const format = choiceOption(args, 'format', ['svg', 'png', 'both'] as const, 'both');
    const outDir = resolve(stringOption(args, 'out', 'out/plots'));
    mkdirSync(outDir, { recursive: true });
    const written = writeChart(outDir, name, svg, format);
    io.stdout.write(`wrote ${written.join(' and ')}\n`);
  },
};
