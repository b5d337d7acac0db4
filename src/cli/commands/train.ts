import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import type { FloatDType } from '../../ndarray/dtype.js';
import { MultiLayerNet } from '../../nets/multi-layer-net.js';
import { describe as describeArchitecture, architectureOf, modelToTensors } from '../../nets/serialize.js';
import type { WeightInit } from '../../nets/weight-init.js';
import { createOptimizer } from '../../optim/factory.js';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../optim/index.js';
import { Trainer } from '../../train/trainer.js';
import { formatEpochLine } from '../../train/format.js';
import { saveSafetensors, writeFileAtomic } from '../../io/node.js';
import { trainingAccuracyChart, trainingLossChart } from '../../plot/index.js';
import { writeChart } from '../charts.js';
import {
  choiceOption, floatOption, intListOption, intOption, optionalInt, stringOption, type Command, type ParsedArgs,
} from '../command.js';
import { DATASET_OPTIONS, classCount, loadDataset } from '../dataset.js';
import { Progress, formatSeconds } from '../progress.js';
import { kernels } from '../../ndarray/kernels/registry.js';

function parseWeightInit(args: ParsedArgs): WeightInit {
  const v = stringOption(args, 'weight-init', '0.01');
  if (v === 'he' || v === 'xavier') return v;
  const std = Number(v);
  if (!(std > 0) || !Number.isFinite(std)) throw new ScratchnetError('BAD_ARGUMENT', `--weight-init must be 'he', 'xavier' or a positive standard deviation, got "${v}"`);
  return std;
}

export const trainCommand: Command = {
  name: 'train',
  summary: "Train a network on MNIST (or any MNIST-format data). Defaults are the book's chapter 5 run: 784-50-10, ReLU, SGD lr 0.1, batch 100, 10000 iterations.",
  usage: 'train [options]',
  options: {
    hidden: { type: 'string', value: 'sizes', description: 'hidden layer sizes, comma-separated', default: '50' },
    activation: { type: 'string', value: 'relu|sigmoid', description: 'activation of the hidden layers', default: 'relu' },
    optimizer: { type: 'string', value: 'name', description: OPTIMIZER_NAMES.join('|'), default: 'sgd' },
    lr: { type: 'string', value: 'rate', description: "learning rate (default: 0.1 for sgd, else the optimizer's book default)" },
    'batch-size': { type: 'string', value: 'n', description: 'samples per mini-batch', default: '100' },
    epochs: { type: 'string', value: 'n', description: 'passes over the training set (instead of --iterations)' },
    iterations: { type: 'string', value: 'n', description: 'optimizer steps', default: '10000' },
    'weight-init': { type: 'string', value: 'he|xavier|std', description: 'initial weight scale', default: '0.01' },
    'weight-decay': { type: 'string', value: 'lambda', description: 'L2 weight decay', default: '0' },
    dropout: { type: 'string', value: 'ratio', description: 'dropout ratio after each hidden layer (0 = none)', default: '0' },
    batchnorm: { type: 'boolean', description: 'batch normalisation after each hidden affine layer' },
    sampling: { type: 'string', value: 'mode', description: "'with-replacement' (the book's) or 'shuffle'", default: 'with-replacement' },
    'eval-samples': { type: 'string', value: 'n', description: 'evaluate accuracy on the first n samples of each split (default: all)' },
    seed: { type: 'string', value: 'n', description: 'seed for weights and batches', default: '0' },
    dtype: { type: 'string', value: 'float32|float64', description: 'element type', default: 'float32' },
    ...DATASET_OPTIONS,
    out: { type: 'string', value: 'dir', description: 'where to write the model, history and charts', default: 'out' },
  },
  details: 'Examples:\n  scratchnet train\n  scratchnet train --hidden 100,100 --optimizer adam --lr 0.001 --epochs 5 --weight-init he',
  async run(args, io) {
    const hiddenSizes = intListOption(args, 'hidden', [50]);
    const activation = choiceOption(args, 'activation', ['relu', 'sigmoid'] as const, 'relu');
    const optimizerName = choiceOption(args, 'optimizer', OPTIMIZER_NAMES as readonly OptimizerName[], 'sgd');
    const lr = floatOption(args, 'lr', optimizerName === 'sgd' ? 0.1 : undefined, (x) => x > 0, 'a positive number');
    const batchSize = intOption(args, 'batch-size', 100);
    const epochs = optionalInt(args, 'epochs');
    if (epochs !== undefined && typeof args.values.iterations === 'string') {
      throw new ScratchnetError('BAD_ARGUMENT', 'give --epochs or --iterations, not both');
    }
    const iterations = epochs === undefined ? intOption(args, 'iterations', 10000) : undefined;
    const weightInit = parseWeightInit(args);
    const weightDecayLambda = floatOption(args, 'weight-decay', 0, (x) => x >= 0, 'a number >= 0')!;
    const dropout = floatOption(args, 'dropout', 0, (x) => x >= 0 && x < 1, 'a ratio in [0, 1)')!;
    const sampling = choiceOption(args, 'sampling', ['with-replacement', 'shuffle'] as const, 'with-replacement');
    const evalSampleSize = optionalInt(args, 'eval-samples');
    const seed = intOption(args, 'seed', 0, 0);
    const dtype = choiceOption(args, 'dtype', ['float32', 'float64'] as const, 'float32') as FloatDType;
    const outDir = resolve(stringOption(args, 'out', 'out'));

    const loadStart = performance.now();
    const data = loadDataset(args, dtype);
    const net = new MultiLayerNet({
      inputSize: data.train.x.size / data.train.x.shape[0]!, hiddenSizes, outputSize: classCount(data), activation, weightInit,
      weightDecayLambda, useDropout: dropout > 0, dropoutRatio: dropout || 0.5, useBatchNorm: args.values.batchnorm === true, dtype, seed,
    });
    const optimizer = createOptimizer(optimizerName, lr === undefined ? {} : { lr });
    io.stderr.write(
      `training ${describeArchitecture(architectureOf(net))} on ${data.train.x.shape[0]} samples (${dtype}), ` +
        `${optimizerName} lr ${optimizer.lr}, batch ${batchSize}, ${epochs === undefined ? `${iterations} iterations` : `${epochs} epochs`} ` +
        `(data loaded in ${formatSeconds((performance.now() - loadStart) / 1000)}; kernels ${kernels().name})\n`,
    );

    // Created once the Trainer knows the total; the callbacks only run after that.
    let progress: Progress | null = null;
    const trainer = new Trainer(net, data, {
      ...(epochs === undefined ? { iterations: iterations! } : { epochs }), batchSize, optimizer, sampling, seed,
      ...(evalSampleSize === undefined ? {} : { evalSampleSize }),
      onBatchEnd: ({ iteration, loss }) => progress?.update(iteration, `loss ${loss.toFixed(4)}`),
      onEpochEnd: (info) => {
        progress?.clear();
        io.stdout.write(`${formatEpochLine(info)}\n`);
      },
    });
    progress = new Progress(io.stderr, trainer.totalIterations);
    const started = performance.now();
    const history = await trainer.fit();
    progress.clear();
    const seconds = (performance.now() - started) / 1000;

    mkdirSync(outDir, { recursive: true });
    const { tensors, metadata } = modelToTensors(net);
    const finalTest = history.testAcc[history.testAcc.length - 1]!;
    const paths = {
      model: join(outDir, 'model.safetensors'),
      history: join(outDir, 'history.json'),
      lossPng: join(outDir, 'loss.png'),
      accuracyPng: join(outDir, 'accuracy.png'),
    };
    saveSafetensors(paths.model, tensors, {
      ...metadata,
      training: JSON.stringify({ optimizer: optimizerName, lr: optimizer.lr, batchSize, iterations: history.iterations, seed, dtype, testAccuracy: finalTest }),
    });
    writeFileAtomic(paths.history, new TextEncoder().encode(`${JSON.stringify({ ...history, seconds }, null, 1)}\n`));
    writeChart(outDir, 'loss', trainingLossChart(history));
    writeChart(outDir, 'accuracy', trainingAccuracyChart(history));

    io.stdout.write(
      `done: ${history.iterations} iterations in ${formatSeconds(seconds)} (${(history.iterations / seconds).toFixed(0)} it/s), ` +
        `final test accuracy ${finalTest.toFixed(4)}${history.stoppedEarly ? ` (${history.stoppedEarly})` : ''}\n` +
        `wrote ${paths.model}\n      ${paths.history}\n      ${paths.lossPng} (and .svg)\n      ${paths.accuracyPng} (and .svg)\n`,
    );
  },
};
