import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import { loadCheckpoint } from '../../io/checkpoint-files.js';
import { saveSafetensors, writeFileAtomic } from '../../io/node.js';
import { kernels } from '../../ndarray/kernels/registry.js';
import {
  architectureOf,
  buildNetwork,
  describe as describeArchitecture,
  modelToTensors,
  type Architecture,
  type SavableNet,
} from '../../nets/serialize.js';
import { createOptimizer } from '../../optim/factory.js';
import { filterChart, trainingAccuracyChart, trainingLossChart } from '../../plot/index.js';
import { captureCheckpoint, restoreCheckpoint, type Checkpoint } from '../../train/checkpoint.js';
import { formatEpochLine } from '../../train/format.js';
import { Trainer } from '../../train/trainer.js';
import type { TrainingHistory } from '../../train/types.js';
import { writeChart } from '../charts.js';
import { checkpointPath, removeStaleTemporaries, resolveResume, writeCheckpoint } from '../checkpointing.js';
import { optionalInt, stringOption, type Command } from '../command.js';
import { classCount, loadChosenDataset } from '../dataset.js';
import { Progress, formatSeconds } from '../progress.js';
import {
  SETTINGS_KEY,
  SETTINGS_OPTIONS,
  checkResumeConflicts,
  readTrainSettings,
  settingsFromMetadata,
  type TrainSettings,
} from '../train-settings.js';

/** Convolutional networks read each sample as one square grayscale image (MNIST: 784 = 28×28 pixels). */
function squareImage(features: number, model: string): [number, number, number] {
  const side = Math.round(Math.sqrt(features));
  if (side * side !== features) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `--model ${model} needs square grayscale images, but the data has ${features} features per sample`,
    );
  }
  return [1, side, side];
}

/** The network the settings describe, for samples of `features` values and `classes` classes. */
function networkFor(settings: TrainSettings, features: number, classes: number): SavableNet {
  let arch: Architecture;
  switch (settings.model) {
    case 'mlp':
      arch = {
        type: 'mlp',
        inputSize: features,
        hiddenSizes: settings.hiddenSizes,
        outputSize: classes,
        activation: settings.activation,
        useBatchNorm: settings.batchnorm,
        useDropout: settings.dropout > 0,
        dropoutRatio: settings.dropout || 0.5,
      };
      break;
    case 'simple-convnet':
      arch = {
        type: 'simple-convnet',
        inputDim: squareImage(features, settings.model),
        filterNum: 30,
        filterSize: 5,
        pad: 0,
        stride: 1,
        hiddenSize: settings.hiddenSizes[0]!,
        outputSize: classes,
      };
      break;
    case 'deep-convnet':
      arch = {
        type: 'deep-convnet',
        inputDim: squareImage(features, settings.model),
        hiddenSize: settings.hiddenSizes[0]!,
        outputSize: classes,
        dropoutRatio: settings.dropout,
      };
      break;
  }
  const weightInit =
    settings.weightInit === 'sigmoid' ? 'xavier' : settings.weightInit === 'relu' ? 'he' : settings.weightInit;
  return buildNetwork(arch, settings.dtype, settings.seed, { weightInit, weightDecayLambda: settings.weightDecay });
}

export const trainCommand: Command = {
  name: 'train',
  summary:
    "Train a network on MNIST (or any MNIST-format data). Defaults are the book's chapter 5 run: 784-50-10, ReLU, SGD lr 0.1, batch 100, 10000 iterations.",
  usage: 'train [options]',
  options: {
    ...SETTINGS_OPTIONS,
    out: { type: 'string', value: 'dir', description: 'where to write the model, history and charts', default: 'out' },
    'checkpoint-every': {
      type: 'string',
      value: 'n',
      description:
        'write a checkpoint to <out>/checkpoint every n iterations (atomically; a diverged network is never written)',
    },
    resume: {
      type: 'string',
      value: 'dir',
      description:
        "continue the run whose checkpoint is in <dir> (its --out), with that run's settings; ends as the uninterrupted run would",
    },
  },
  details:
    'Examples:\n  scratchnet train\n  scratchnet train --hidden 100,100 --optimizer adam --lr 0.001 --epochs 5 --weight-init he\n' +
    '  scratchnet train --model simple-convnet --optimizer adam --lr 0.001 --epochs 20 --sampling shuffle\n' +
    '  scratchnet train --epochs 20 --checkpoint-every 600 --out run1    # then, after an interruption:\n  scratchnet train --resume run1',
  async run(args, io) {
    let settings: TrainSettings;
    let resumed: Checkpoint | null = null;
    let outDir: string;
    const resumePath = args.values.resume;
    if (typeof resumePath === 'string') {
      const { file, outDir: runDir } = resolveResume(resolve(resumePath));
      resumed = loadCheckpoint(file);
      settings = settingsFromMetadata(resumed.metadata, file);
      checkResumeConflicts(args, settings);
      outDir = resolve(stringOption(args, 'out', runDir));
    } else {
      settings = readTrainSettings(args);
      outDir = resolve(stringOption(args, 'out', 'out'));
    }
    const checkpointEvery =
      optionalInt(args, 'checkpoint-every') ?? Number(resumed?.metadata['scratchnet.checkpointEvery'] ?? 0);
    const checkpointFile = checkpointPath(outDir);

    const loadStart = performance.now();
    const data = loadChosenDataset(settings, settings.dtype);
    const features = data.train.x.size / data.train.x.shape[0]!;
    const classes = classCount(data);
    const net = networkFor(settings, features, classes);
    const optimizer = createOptimizer(settings.optimizer, settings.lr === null ? {} : { lr: settings.lr });
    const length = settings.epochs === null ? `${settings.iterations} iterations` : `${settings.epochs} epochs`;
    io.stderr.write(
      `training ${describeArchitecture(architectureOf(net))} on ${data.train.x.shape[0]} samples (${settings.dtype}), ` +
        `${settings.optimizer} lr ${optimizer.lr}, batch ${settings.batchSize}, ${length} ` +
        `(data loaded in ${formatSeconds((performance.now() - loadStart) / 1000)}; kernels ${kernels().name})\n`,
    );

    // The metadata every checkpoint carries: the settings to resume with, and the architecture so that
    // `scratchnet eval --weights <checkpoint>` reads it as a model.
    const metadata = {
      ...modelToTensors(net).metadata,
      [SETTINGS_KEY]: JSON.stringify(settings),
      'scratchnet.checkpointEvery': String(checkpointEvery),
    };
    let lastCheckpoint = resumed?.trainer.iteration ?? null;
    let progress: Progress | null = null;
    const trainer: Trainer = new Trainer(net, data, {
      ...(settings.epochs === null ? { iterations: settings.iterations! } : { epochs: settings.epochs }),
      batchSize: settings.batchSize,
      optimizer,
      sampling: settings.sampling,
      seed: settings.seed,
      ...(settings.evalSamples === null ? {} : { evalSampleSize: settings.evalSamples }),
      onBatchEnd: ({ iteration, loss }) => progress?.update(iteration, `loss ${loss.toFixed(4)}`),
      onEpochEnd: (info) => {
        progress?.clear();
        io.stdout.write(`${formatEpochLine(info)}\n`);
      },
      ...(checkpointEvery > 0
        ? {
            checkpointEvery,
            onCheckpoint: ({ iteration }: { iteration: number }) => {
              writeCheckpoint(checkpointFile, captureCheckpoint(trainer, metadata), io.stderr);
              lastCheckpoint = iteration;
            },
          }
        : {}),
    });
    if (resumed !== null) {
      try {
        restoreCheckpoint(trainer, resumed);
      } catch (error) {
        if (error instanceof ScratchnetError)
          throw new ScratchnetError(
            error.code,
            `the checkpoint does not fit the run its settings describe (was the data set changed?): ${error.message}`,
          );
        throw error;
      }
      io.stderr.write(
        `resuming at iteration ${resumed.trainer.iteration} of ${trainer.totalIterations} from ${checkpointPath(outDir)}\n`,
      );
    }
    removeStaleTemporaries(checkpointFile);
    const startIteration = resumed?.trainer.iteration ?? 0;
    progress = new Progress(io.stderr, trainer.totalIterations, 'iteration', startIteration);
    const started = performance.now();
    let history: TrainingHistory;
    try {
      history = await trainer.fit();
    } catch (error) {
      if (error instanceof ScratchnetError && error.code === 'NAN_LOSS') {
        progress.clear();
        const kept =
          lastCheckpoint === null
            ? ' No checkpoint was written (--checkpoint-every n keeps one).'
            : ` The last good checkpoint (iteration ${lastCheckpoint}) is kept in ${checkpointFile}.`;
        throw new ScratchnetError('NAN_LOSS', `${error.message}${kept}`);
      }
      throw error;
    }
    progress.clear();
    const seconds = (performance.now() - started) / 1000;
    const done = history.iterations - startIteration;

    mkdirSync(outDir, { recursive: true });
    const { tensors, metadata: modelMetadata } = modelToTensors(net);
    const finalTest = history.testAcc[history.testAcc.length - 1]!;
    const paths = {
      model: join(outDir, 'model.safetensors'),
      history: join(outDir, 'history.json'),
      lossPng: join(outDir, 'loss.png'),
      accuracyPng: join(outDir, 'accuracy.png'),
    };
    saveSafetensors(paths.model, tensors, {
      ...modelMetadata,
      training: JSON.stringify({
        optimizer: settings.optimizer,
        lr: optimizer.lr,
        batchSize: settings.batchSize,
        iterations: history.iterations,
        seed: settings.seed,
        dtype: settings.dtype,
        testAccuracy: finalTest,
      }),
    });
    writeFileAtomic(paths.history, new TextEncoder().encode(`${JSON.stringify({ ...history, seconds }, null, 1)}\n`));
    writeChart(outDir, 'loss', trainingLossChart(history));
    writeChart(outDir, 'accuracy', trainingAccuracyChart(history));
    let filterLines = '';
    if (settings.model !== 'mlp') {
      // The first layer's filters before and after training, as the book's visualize_filter.py shows
      // them. The same seed rebuilds the initial weights, so this works for resumed runs too.
      const initial = networkFor(settings, features, classes).params.W1!;
      writeChart(outDir, 'filters-initial', filterChart(initial, { title: 'first-layer filters before training' }));
      writeChart(
        outDir,
        'filters',
        filterChart(net.params.W1!, { title: `first-layer filters after ${history.iterations} iterations` }),
      );
      filterLines = `      ${join(outDir, 'filters.png')}, filters-initial.png (and .svg)\n`;
    }

    io.stdout.write(
      `done: ${done} iterations in ${formatSeconds(seconds)} (${(done / seconds).toFixed(0)} it/s)${startIteration > 0 ? `, resumed at iteration ${startIteration}` : ''}, ` +
        `final test accuracy ${finalTest.toFixed(4)}${history.stoppedEarly ? ` (${history.stoppedEarly})` : ''}\n` +
        `wrote ${paths.model}\n      ${paths.history}\n      ${paths.lossPng} (and .svg)\n      ${paths.accuracyPng} (and .svg)\n` +
        filterLines +
        (checkpointEvery > 0 ? `      ${checkpointFile} (every ${checkpointEvery} iterations)\n` : ''),
    );
  },
};
