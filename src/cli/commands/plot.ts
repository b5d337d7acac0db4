import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import { FIGURES, figureMnistGrid } from '../../plot/index.js';
import { writeChart } from '../charts.js';
import { choiceOption, intOption, stringOption, type Command } from '../command.js';
import { DATASET_OPTIONS, loadDataset } from '../dataset.js';
import { CH06_FIGURE_NAMES, CH06_PLOT_OPTIONS, ch06PlotDetails, runCh06Plot } from './plot-ch06.js';

const NAMES = [...Object.keys(FIGURES), 'mnist', ...CH06_FIGURE_NAMES];

export const plotCommand: Command = {
  name: 'plot',
  summary: `Draw one of the book's figures as SVG and PNG: ${NAMES.join(', ')}.`,
  usage: 'plot <figure> [options]',
  options: {
    format: { type: 'string', value: 'svg|png|both', description: 'what to write', default: 'both' },
    count: { type: 'string', value: 'n', description: 'digits in the mnist grid', default: '40' },
    ...DATASET_OPTIONS,
    ...CH06_PLOT_OPTIONS,
    out: { type: 'string', value: 'dir', description: 'where to write <figure>.svg/.png', default: 'out/plots' },
  },
  details: ch06PlotDetails(),
  async run(args, io) {
    const name = args.positionals[0];
    if (name === undefined || !NAMES.includes(name)) {
      throw new ScratchnetError('BAD_ARGUMENT', `name a figure: ${NAMES.join(', ')}${name === undefined ? '' : ` (got "${name}")`}`);
    }
    if (await runCh06Plot(name, args, io)) return;
    let svg: string;
    if (name === 'mnist') {
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
