import { describe as describeArchitecture } from '../../nets/serialize.js';
import { defineCommand } from '../command.js';
import { MODEL_OPTIONS, loadCliModel } from '../model.js';

/** `scratchnet summary`: the architecture table of a saved model. */
export const summaryCommand = defineCommand({
  name: 'summary',
  summary:
    "The architecture of a saved model: the table of its layers, output shapes and parameters (like Keras's summary()).",
  usage: 'summary --weights <file>',
  options: MODEL_OPTIONS,
  details: 'Example:\n  scratchnet summary --weights out/model.safetensors',
  async run(args, io) {
    const { net, arch, path, guess } = loadCliModel(args.options, 'float64');
    if (guess !== null) io.stderr.write(`${path}: architecture: ${guess}\n`);
    io.stdout.write(`${path}: ${describeArchitecture(arch)}\n`);
    // Every network scratchnet saves is a Sequential (the book's networks are presets of it).
    io.stdout.write(`${net.summary()}\n`);
    if (arch.type === 'sequential' && arch.classes !== undefined) {
      io.stdout.write(`classes: ${arch.classes.join(', ')}\n`);
    }
  },
});
