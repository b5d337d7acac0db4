import { TwoLayerNet } from '../../nets/two-layer-net.js';
import { gradientCheck } from '../../nets/gradient-check.js';
import { defineCommand } from '../command.js';
import { DATASET_OPTIONS, classCount, loadDataset } from '../dataset.js';
import { option } from '../options.js';

/** `scratchnet gradcheck`: backpropagation checked against numerical gradients, as in the book's chapter 5. */
export const gradcheckCommand = defineCommand({
  name: 'gradcheck',
  summary:
    "The book's chapter 5 gradient check: backpropagation against numerical gradients on real MNIST samples, in float64, one line per parameter (mean absolute difference).",
  usage: 'gradcheck [options]',
  options: {
    hidden: option.int({ description: 'hidden layer size', default: 50 }),
    activation: option.choice(['relu', 'sigmoid'] as const, { description: 'activation', default: 'relu' }),
    samples: option.int({ description: 'training samples to check on', default: 3 }),
    seed: option.int({ min: 0, description: 'seed for the initial weights', default: 0 }),
    ...DATASET_OPTIONS,
  },
  details:
    'With ReLU, an input within ±1e-4 of the kink at 0 makes the numerical derivative average two slopes, so a\nparameter can show ~1e-5 on some samples (as in the book); elsewhere expect 1e-9 or less.',
  async run(args, io) {
    const { options } = args;
    const data = loadDataset(options, 'float64');
    const samples = options.samples;
    const x = data.train.x.slice(0, samples);
    const t = data.train.t.slice(0, samples);
    const net = new TwoLayerNet({
      inputSize: x.size / x.shape[0]!,
      hiddenSize: options.hidden,
      outputSize: classCount(data),
      activation: options.activation,
      seed: options.seed,
    });
    for (const [key, { meanAbsDiff, maxRelError }] of Object.entries(gradientCheck(net, x, t))) {
      io.stdout.write(`${key}:${meanAbsDiff.toExponential(6)}  (max relative error ${maxRelError.toExponential(2)})\n`);
    }
  },
});
