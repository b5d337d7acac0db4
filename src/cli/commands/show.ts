import { makeFolder } from '../output-folder.js';
import { dirname, resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import { writeFileAtomic } from '../../io/node.js';
import { defineCommand } from '../command.js';
import { DATASET_OPTIONS, loadDataset } from '../dataset.js';
import { option } from '../options.js';
import { digitToPng, digitToText } from '../png.js';

/** `scratchnet show`: one MNIST digit in the terminal and as a PNG. */
export const showCommand = defineCommand({
  name: 'show',
  summary: 'Show one MNIST digit in the terminal and write it as a PNG (280x280, white on black).',
  usage: 'show <index> [options]',
  positionals: [0, 1],
  options: {
    split: option.choice(['train', 'test'] as const, { description: 'which split', default: 'test' }),
    ...DATASET_OPTIONS,
    out: option.string({ value: 'file', description: 'the PNG to write (default: out/digit-<split>-<index>.png)' }),
  },
  async run(args, io) {
    const indexText = args.positionals[0];
    const index = Number(indexText);
    const { split } = args.options;
    const data = loadDataset(args.options, 'float64')[split];
    const n = data.x.shape[0]!;
    if (indexText === undefined || !Number.isInteger(index) || index < 0 || index >= n) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `give the index of a ${split} image, an integer from 0 to ${n - 1}${indexText === undefined ? '' : `, got "${indexText}"`}`,
      );
    }
    const pixels = data.x.slice(index, index + 1).reshape(784);
    const label = data.t.ndim === 2 ? data.t.slice(index, index + 1).argmax() : data.t.data[index]!;
    const out = resolve(args.options.out ?? `out/digit-${split}-${index}.png`);
    makeFolder(dirname(out));
    writeFileAtomic(out, digitToPng(pixels));
    io.stdout.write(`${digitToText(pixels)}${split} image ${index}: label ${label}\nwrote ${out}\n`);
  },
});
