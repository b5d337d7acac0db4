/** What a finished `scratchnet train` run leaves in its output folder, and the lines that list it. */
import { join } from 'node:path';
import { saveSafetensors, writeFileAtomic } from '../io/node.js';
import { type ModelData, modelToTensors, type SavableNet } from '../nets/serialize.js';
import { filterChart, lineChart, type LineSeries, trainingAccuracyChart, trainingLossChart } from '../plot/index.js';
import type { TrainingHistory } from '../train/types.js';
import { chartFiles, chartLine } from './charts.js';
import type { OutputFile, OutputFolder } from './output-folder.js';
import { networkFor } from './train-network.js';
import type { TrainSettings } from './train-settings.js';

/** A finished run: its settings, trained network and history, and where it writes. */
export interface FinishedRun {
  /** The run's settings (for a resumed run, the checkpoint's). */
  settings: TrainSettings;
  /** The trained network. */
  net: SavableNet;
  /** Class names, feature names and scaling, saved with a --layers model. */
  modelData: ModelData;
  /** The learning rate it trained with (the optimizer's default where none was given). */
  lr: number;
  /** Loss and accuracy, iteration by iteration and epoch by epoch. */
  history: TrainingHistory;
  /** Wall-clock seconds of training in this process. */
  seconds: number;
  /** Sample size and class count the network was built for. */
  features: number;
  /** The number of classes. */
  classes: number;
  /** The output folder (absolute). */
  outDir: string;
}

/**
 * Writes model.safetensors, history.json and the loss and accuracy charts (and, for a convolutional
 * network, its first layer's filters before and after training) into the run's output folder, as a
 * set: all of them or, when one cannot be written, none. Returns the lines that list them, the first
 * one starting with "wrote ".
 */
export function writeTrainOutputs(run: FinishedRun, folder: OutputFolder): string[] {
  const { settings, history, outDir } = run;
  const { tensors, metadata } = modelToTensors(run.net, run.modelData);
  const training = {
    optimizer: settings.optimizer,
    lr: run.lr,
    batchSize: settings.batchSize,
    iterations: history.iterations,
    seed: settings.seed,
    dtype: settings.dtype,
    testAccuracy: history.testAcc.at(-1),
  };
  const historyJson = `${JSON.stringify({ ...history, seconds: run.seconds }, null, 1)}\n`;
  const files: OutputFile[] = [
    {
      name: 'model.safetensors',
      write: (path) => saveSafetensors(path, tensors, { ...metadata, training: JSON.stringify(training) }),
    },
    { name: 'history.json', write: (path) => writeFileAtomic(path, new TextEncoder().encode(historyJson)) },
    ...chartFiles('loss', trainingLossChart(history)),
    ...chartFiles('accuracy', accuracyChart(history)),
  ];
  const filters = settings.model !== 'mlp' && settings.layers === null;
  if (filters) files.push(...filterCharts(run));
  folder.writeSet(files);
  const lines = [
    `wrote ${join(outDir, 'model.safetensors')}`,
    `      ${join(outDir, 'history.json')}`,
    `      ${chartLine(outDir, 'loss')}`,
    `      ${chartLine(outDir, 'accuracy')}`,
  ];
  if (filters) lines.push(`      ${chartLine(outDir, 'filters')}`, `      ${chartLine(outDir, 'filters-initial')}`);
  return lines;
}

/** The accuracy curves; a run without a test split has only training (and validation) accuracy. */
function accuracyChart(history: TrainingHistory): string {
  if (history.testAcc.length === history.trainAcc.length) return trainingAccuracyChart(history);
  const x = history.epochs;
  const series: LineSeries[] = [{ x, y: history.trainAcc, label: 'train acc' }];
  if (history.validationAcc?.length === x.length) {
    series.push({ x, y: history.validationAcc, label: 'val acc', dash: 'dotted' });
  }
  const axes = { xLabel: 'epochs', yLabel: 'accuracy', yLim: [0, 1] as [number, number] };
  return lineChart({ title: 'accuracy', ...axes, legend: 'lower right', series });
}

/**
 * The first layer's filters before and after training, as the book's visualize_filter.py shows
 * them. The same seed rebuilds the initial weights, so this works for resumed runs too.
 */
function filterCharts(run: FinishedRun): OutputFile[] {
  const initial = networkFor(run.settings, run.features, run.classes).params.W1;
  const trained = run.net.params.W1;
  const files: OutputFile[] = [];
  if (initial !== undefined) {
    files.push(
      ...chartFiles('filters-initial', filterChart(initial, { title: 'first-layer filters before training' })),
    );
  }
  if (trained !== undefined) {
    const title = `first-layer filters after ${run.history.iterations} iterations`;
    files.push(...chartFiles('filters', filterChart(trained, { title })));
  }
  return files;
}
