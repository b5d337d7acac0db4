import { resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import { loadCheckpoint } from '../../io/checkpoint-files.js';
import { modelTensors } from '../../io/checkpoint.js';
import { kernels } from '../../ndarray/kernels/registry.js';
import { Sequential } from '../../nets/sequential.js';
import {
  architectureOf,
  describe as describeArchitecture,
  type ModelData,
  modelToTensors,
  type SavableNet,
} from '../../nets/serialize.js';
import { createOptimizer } from '../../optim/factory.js';
import { captureCheckpoint, restoreCheckpoint, type Checkpoint } from '../../train/checkpoint.js';
import { formatEpochLine } from '../../train/format.js';
import { Trainer } from '../../train/trainer.js';
import type { TrainerData, TrainingHistory } from '../../train/types.js';
import { checkpointPath, removeStaleTemporaries, resolveResume, writeCheckpoint } from '../checkpointing.js';
import { defineCommand, type Io, type ParsedArgs } from '../command.js';
import { option, type OptionValues } from '../options.js';
import { Progress, formatSeconds } from '../progress.js';
import { classCountOf, loadTrainingData } from '../train-data.js';
import { checkFiniteWeights } from '../model.js';
import { OutputFolder } from '../output-folder.js';
import { writeTrainOutputs } from '../train-outputs.js';
import { networkFor } from '../train-network.js';
import {
  SETTINGS_KEY,
  SETTINGS_OPTIONS,
  checkResumeConflicts,
  readTrainSettings,
  settingsFromMetadata,
  type TrainSettings,
} from '../train-settings.js';

const TRAIN_OPTIONS = {
  ...SETTINGS_OPTIONS,
  out: option.string({ value: 'dir', description: 'where to write the model, history and charts', default: 'out' }),
  'checkpoint-every': option.int({
    description:
      'write a checkpoint to <out>/checkpoint every n iterations (atomically; a diverged network is never written)',
  }),
  resume: option.string({
    value: 'dir',
    description:
      "continue the run whose checkpoint is in <dir> (its --out), with that run's settings; ends as the uninterrupted run would",
  }),
};

type TrainArgs = ParsedArgs<OptionValues<typeof TRAIN_OPTIONS>>;

/** The checkpoint metadata entry that keeps --checkpoint-every, so that a resumed run goes on writing them. */
const CHECKPOINT_EVERY_KEY = 'scratchnet.checkpointEvery';

/** The --checkpoint-every a resumed run was started with (0 when it wrote none, or for a new run). */
function savedCheckpointEvery(resumed: Checkpoint | null, file: string): number {
  const text = resumed?.metadata[CHECKPOINT_EVERY_KEY];
  if (text === undefined) return 0;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new ScratchnetError(
      'BAD_FILE',
      `${file}: the checkpoint's "${CHECKPOINT_EVERY_KEY}" must be an integer >= 0, got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

/** What a run trains and where it writes: from the command line, or from the checkpoint it resumes. */
interface RunPlan {
  settings: TrainSettings;
  /** The checkpoint the run resumes from, or null for a new run. */
  resumed: Checkpoint | null;
  /** The file `resumed` was read from ('' for a new run). */
  resumedFrom: string;
  outDir: string;
  /** Iterations between checkpoints; 0 for none. */
  checkpointEvery: number;
  checkpointFile: string;
}

/** The run the command line asks for: a new one, or the one --resume names (refusing conflicting options). */
function planRun(args: TrainArgs): RunPlan {
  const { options, given } = args;
  let settings: TrainSettings;
  let resumed: Checkpoint | null = null;
  let resumedFrom = '';
  let outDir: string;
  if (options.resume !== undefined) {
    const { file, outDir: runDir } = resolveResume(resolve(options.resume));
    resumed = loadCheckpoint(file);
    checkFiniteWeights(modelTensors(resumed.tensors), file);
    resumedFrom = file;
    settings = settingsFromMetadata(resumed.metadata, file);
    checkResumeConflicts(args, settings);
    outDir = resolve(given.out === undefined ? runDir : options.out);
  } else {
    settings = readTrainSettings(args);
    outDir = resolve(options.out);
  }
  const checkpointEvery = options['checkpoint-every'] ?? savedCheckpointEvery(resumed, resumedFrom);
  return { settings, resumed, resumedFrom, outDir, checkpointEvery, checkpointFile: checkpointPath(outDir) };
}

/** The data, the freshly built network and its optimizer. */
interface RunParts {
  data: TrainerData;
  /** Class names, feature names and scaling, saved with a --layers model. */
  modelData: ModelData;
  /** Values per sample. */
  features: number;
  classes: number;
  net: SavableNet;
  optimizer: ReturnType<typeof createOptimizer>;
}

/** Loads the data and builds the network and optimizer, announcing the run on stderr. */
function prepareRun(settings: TrainSettings, io: Io): RunParts {
  const loadStart = performance.now();
  const { data, model: modelData } = loadTrainingData(settings);
  const samples = data.train.x.shape[0] ?? 0;
  const features = data.train.x.size / samples;
  const classes = classCountOf(data, settings);
  const net = networkFor(settings, features, classes, data.train.x.shape.slice(1));
  if (net instanceof Sequential) io.stdout.write(`${net.summary()}\n`);
  const optimizer = createOptimizer(settings.optimizer, settings.lr === null ? {} : { lr: settings.lr });
  const length = settings.epochs === null ? `${settings.iterations} iterations` : `${settings.epochs} epochs`;
  io.stderr.write(
    `training ${describeArchitecture(architectureOf(net))} on ${samples} samples (${settings.dtype}), ` +
      `${settings.optimizer} lr ${optimizer.lr}, batch ${settings.batchSize}, ${length} ` +
      `(data loaded in ${formatSeconds((performance.now() - loadStart) / 1000)}; kernels ${kernels().name})\n`,
  );
  return { data, modelData, features, classes, net, optimizer };
}

/** What the trainer's callbacks report to: the progress bar, and the iteration of the last checkpoint written. */
interface RunState {
  progress: Progress | null;
  lastCheckpoint: number | null;
}

/** The run's trainer: progress on stderr, one line per epoch on stdout, checkpoints as planned. */
function createTrainer(plan: RunPlan, parts: RunParts, state: RunState, io: Io): Trainer {
  const { settings, checkpointEvery, checkpointFile } = plan;
  // The metadata every checkpoint carries: the settings to resume with, and the architecture so that
  // `scratchnet eval --weights <checkpoint>` reads it as a model.
  const metadata = {
    ...modelToTensors(parts.net, parts.modelData).metadata,
    [SETTINGS_KEY]: JSON.stringify(settings),
    [CHECKPOINT_EVERY_KEY]: String(checkpointEvery),
  };
  const length = settings.epochs === null ? { iterations: settings.iterations ?? 0 } : { epochs: settings.epochs };
  const trainer: Trainer = new Trainer(parts.net, parts.data, {
    ...length,
    batchSize: settings.batchSize,
    optimizer: parts.optimizer,
    sampling: settings.sampling,
    seed: settings.seed,
    ...(settings.evalSamples === null ? {} : { evalSampleSize: settings.evalSamples }),
    onBatchEnd: ({ iteration, loss }) => state.progress?.update(iteration, `loss ${loss.toFixed(4)}`),
    onEpochEnd: (info) => {
      state.progress?.clear();
      io.stdout.write(`${formatEpochLine(info)}\n`);
    },
    ...(checkpointEvery > 0
      ? {
          checkpointEvery,
          onCheckpoint: ({ iteration }: { iteration: number }) => {
            writeCheckpoint(checkpointFile, captureCheckpoint(trainer, metadata), io.stderr);
            state.lastCheckpoint = iteration;
          },
        }
      : {}),
  });
  return trainer;
}

/** Puts the trainer where the checkpoint left off; a checkpoint that does not fit says why. */
function restoreRun(trainer: Trainer, resumed: Checkpoint, plan: RunPlan, io: Io): void {
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
    `resuming at iteration ${resumed.trainer.iteration} of ${trainer.totalIterations} from ${plan.resumedFrom}` +
      (plan.resumedFrom === plan.checkpointFile ? '\n' : `; new checkpoints go to ${plan.checkpointFile}\n`),
  );
}

/** Trains to the end; a diverged loss says which checkpoint, if any, is still good. */
async function fitWithProgress(
  trainer: Trainer,
  progress: Progress,
  state: RunState,
  plan: RunPlan,
): Promise<TrainingHistory> {
  try {
    return await trainer.fit();
  } catch (error) {
    if (error instanceof ScratchnetError && error.code === 'NAN_LOSS') {
      progress.clear();
      const kept =
        state.lastCheckpoint === null
          ? ' No checkpoint was written (--checkpoint-every n keeps one).'
          : ` The last good checkpoint (iteration ${state.lastCheckpoint}) is kept in ${plan.checkpointFile}.`;
      throw new ScratchnetError('NAN_LOSS', `${error.message}${kept}`);
    }
    throw error;
  } finally {
    progress.clear();
  }
}

/** The closing summary: speed, final accuracy, and what was written. */
function summary(history: TrainingHistory, seconds: number, startIteration: number): string {
  const done = history.iterations - startIteration;
  const resumedAt = startIteration > 0 ? `, resumed at iteration ${startIteration}` : '';
  const stopped = history.stoppedEarly ? ` (${history.stoppedEarly})` : '';
  const finalTest = history.testAcc.at(-1);
  const final = finalTest === undefined ? 'no test split' : `final test accuracy ${finalTest.toFixed(4)}`;
  return (
    `done: ${done} iterations in ${formatSeconds(seconds)} (${(done / seconds).toFixed(0)} it/s)${resumedAt}, ` +
    `${final}${stopped}`
  );
}

/** `scratchnet train`: trains a network, checkpointing and resuming on request, and writes the model and charts. */
export const trainCommand = defineCommand({
  name: 'train',
  summary:
    "Train a network on MNIST, MNIST-format data or your own (CSV, npz, image folders); any stack of layers with --layers. Defaults are the book's chapter 5 run: 784-50-10, ReLU, SGD lr 0.1, batch 100, 10000 iterations.",
  usage: 'train [options]',
  options: TRAIN_OPTIONS,
  details:
    'Examples:\n  scratchnet train\n  scratchnet train --hidden 100,100 --optimizer adam --lr 0.001 --epochs 5 --weight-init he\n' +
    '  scratchnet train --model simple-convnet --optimizer adam --lr 0.001 --epochs 20 --sampling shuffle\n' +
    "  scratchnet train --layers 'conv16x3p1,relu,pool2,dense100,relu,dense10' --optimizer adam --lr 0.001 --epochs 5\n" +
    '  scratchnet train --layers dense16,relu,dense3 --dataset plants.csv --label species --optimizer adam --epochs 50\n' +
    '  scratchnet train --layers dense32,tanh,dense1 --loss mse --dataset measurements.csv --optimizer adam --epochs 50\n' +
    '  scratchnet train --epochs 20 --checkpoint-every 600 --out run1    # then, after an interruption:\n  scratchnet train --resume run1',
  async run(args, io) {
    const plan = planRun(args);
    // Before the data is loaded: an unusable --out must fail now, not after hours of training.
    const folder = OutputFolder.open(plan.outDir);
    const parts = prepareRun(plan.settings, io);
    const state: RunState = { progress: null, lastCheckpoint: plan.resumed?.trainer.iteration ?? null };
    const trainer = createTrainer(plan, parts, state, io);
    if (plan.resumed !== null) restoreRun(trainer, plan.resumed, plan, io);
    removeStaleTemporaries(plan.checkpointFile);
    const startIteration = plan.resumed?.trainer.iteration ?? 0;
    const progress = new Progress(io.stderr, trainer.totalIterations, 'iteration', startIteration);
    state.progress = progress;
    const started = performance.now();
    const history = await fitWithProgress(trainer, progress, state, plan);
    const seconds = (performance.now() - started) / 1000;

    const { settings, outDir, checkpointEvery, checkpointFile } = plan;
    const { net, optimizer, features, classes, modelData } = parts;
    const run = { settings, net, modelData, lr: optimizer.lr, history, seconds, features, classes, outDir };
    const written = writeTrainOutputs(run, folder);
    if (checkpointEvery > 0) written.push(`      ${checkpointFile} (every ${checkpointEvery} iterations)`);
    io.stdout.write(`${summary(history, seconds, startIteration)}\n${written.join('\n')}\n`);
  },
});
