import { TwoLayerNet } from '../../nets/two-layer-net.js';
import { gradientCheck } from '../../nets/gradient-check.js';
import { choiceOption, intOption, type Command } from '../command.js';
import { DATASET_OPTIONS, classCount, loadDataset } from '../dataset.js';

export const gradcheckCommand: Command = {
  name: 'gradcheck',
  summary:
    "The book's chapter 5 gradient check: backpropagation against numerical gradients on real MNIST samples, in float64, one line per parameter (mean absolute difference).",
  usage: 'gradcheck [options]',
  options: {
    hidden: { type: 'string', value: 'n', description: 'hidden layer size', default: '50' },
    activation: { type: 'string', value: 'relu|sigmoid', description: 'activation', default: 'relu' },
    samples: { type: 'string', value: 'n', description: 'training samples to check on', default: '3' },
    seed: { type: 'string', value: 'n', description: 'seed for the initial weights', default: '0' },
    ...DATASET_OPTIONS,
  },
  details:
    'With ReLU, an input within ±1e-4 of the kink at 0 makes the numerical derivative average two slopes, so a\nparameter can show ~1e-5 on some samples (as in the book); elsewhere expect 1e-9 or less.',
  async run(args, io) {
    const data = loadDataset(args, 'float64');
    const samples = intOption(args, 'samples', 3);
    const x = data.train.x.slice(0, samples);
    const t = data.train.t.slice(0, samples);
    const net = new TwoLayerNet({
      inputSize: x.size / x.shape[0]!,
      hiddenSize: intOption(args, 'hidden', 50),
      outputSize: classCount(data),
      activation: choiceOption(args, 'activation', ['relu', 'sigmoid'] as const, 'relu'),
      seed: intOption(args, 'seed', 0, 0),
    });
    for (const [key, { meanAbsDiff, maxRelError }] of Object.entries(gradientCheck(net, x, t))) {
      io.stdout.write(`${key}:${meanAbsDiff.toExponential(6)}  (max relative error ${maxRelError.toExponential(2)})\n`);
    }
  },
};
