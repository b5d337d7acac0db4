import { preprocessDigit } from '../../data/digit.js';
import { softmax } from '../../functions/activations.js';
import { ScratchnetError } from '../../errors.js';
import { describe as describeArchitecture, inputSizeOf } from '../../nets/serialize.js';
import { defineCommand } from '../command.js';
import { MODEL_OPTIONS, loadCliModel } from '../model.js';
import { option } from '../options.js';
import { digitToText, readPng } from '../png.js';
import { isCsvPath, predictTable } from '../table-model.js';

/** `scratchnet predict`: classifies pictures of digits with a trained network. */
export const predictCommand = defineCommand({
  name: 'predict',
  summary:
    'Classify the rows of a CSV table (with a model trained on one: class name and probability per row), or pictures of digits. Any size, grayscale or colour, dark-on-light or light-on-dark: each is preprocessed like the MNIST digits (fit into 20x20, centred by mass in 28x28).',
  usage: 'predict --weights <file> <image.png>... | <table.csv>',
  positionals: [0, Infinity],
  options: {
    ...MODEL_OPTIONS,
    show: option.flag({ description: 'also print the 28x28 input the network sees' }),
  },
  async run(args, io) {
    if (args.positionals.length === 0)
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        'give one or more PNG images to classify (see scratchnet predict --help)',
      );
    const { net, arch, path, guess } = loadCliModel(args.options, 'float64');
    if (guess !== null) io.stderr.write(`${path}: architecture: ${guess}\n`);
    const tables = args.positionals.filter(isCsvPath);
    for (const table of tables) predictTable(net, arch, table, io);
    if (tables.length === args.positionals.length) return;
    if (inputSizeOf(arch) !== 784)
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `predict needs a network with 784 inputs (28x28 images), this one has ${inputSizeOf(arch)}`,
      );
    io.stderr.write(`${describeArchitecture(arch)}\n`);
    // One unreadable picture does not stop the others: each is reported, and the exit code says so.
    const images = args.positionals.filter((p) => !isCsvPath(p));
    const failed: string[] = [];
    for (const path of images) {
      try {
        io.stdout.write(classifyImage(net, path, args.options.show));
      } catch (error) {
        if (!(error instanceof ScratchnetError)) throw error;
        failed.push(path);
        io.stderr.write(`scratchnet predict: ${error.message}\n`);
      }
    }
    if (failed.length > 0) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${failed.length} of ${images.length} images could not be classified: ${failed.join(', ')}`,
      );
    }
  },
});

/** The line `path: digit (p=...)  0:p0 1:p1 ...` (after the 28x28 input, with `show`). */
function classifyImage(net: ReturnType<typeof loadCliModel>['net'], path: string, show: boolean): string {
  const x = preprocessDigit(readPng(path), path);
  const probabilities = softmax(net.predict(x)).data;
  let best = 0;
  for (let c = 1; c < probabilities.length; c++) if (probabilities[c]! > probabilities[best]!) best = c;
  const list = [...probabilities].map((p, c) => `${c}:${p.toFixed(3)}`).join(' ');
  return `${show ? digitToText(x) : ''}${path}: ${best} (p=${probabilities[best]!.toFixed(4)})  ${list}\n`;
}
