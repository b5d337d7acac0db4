/**
 * `eval` and `predict` on CSV tables, for models trained with --layers on a CSV file: the file is read
 * with the model's own feature columns, class names and feature scaling, as saved in its metadata.
 */
import { loadCsv, loadCsvFeatures } from '../data/files.js';
import { ScratchnetError } from '../errors.js';
import { sigmoid, softmax } from '../functions/activations.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Architecture, SequentialArchitecture } from '../nets/architecture.js';
import type { SavableNet } from '../nets/serialize.js';
import type { Io } from './command.js';

/** Whether --dataset (or a predict argument) names a CSV table rather than images. */
export function isCsvPath(path: string): boolean {
  return path.toLowerCase().endsWith('.csv');
}

/** The model's architecture, when it was trained on a table (a --layers network). */
export function tableArchitecture(arch: Architecture, path: string): SequentialArchitecture {
  if (arch.type !== 'sequential') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${path}: a CSV table needs a model trained with scratchnet train --layers, not ${arch.type}`,
    );
  }
  return arch;
}

/** The scores of every row, in chunks so a large file never needs one huge activation matrix. */
function scoresOf(net: SavableNet, x: NDArray): NDArray[] {
  const n = x.shape[0] ?? 0;
  const chunks: NDArray[] = [];
  for (let start = 0; start < n; start += 1000) chunks.push(net.predict(x.slice(start, Math.min(n, start + 1000))));
  return chunks;
}

/** Each row's class probabilities: softmax over several outputs, or [1 − p, p] of one sigmoid output. */
function probabilities(scores: NDArray): number[][] {
  const rows = scores.shape[0] ?? 0;
  const width = scores.shape[1] ?? 1;
  const p = width === 1 ? sigmoid(scores).data : softmax(scores).data;
  return Array.from({ length: rows }, (_, r) =>
    width === 1 ? [1 - p[r]!, p[r]!] : Array.from({ length: width }, (_, c) => p[r * width + c]!),
  );
}

function best(row: readonly number[]): number {
  let k = 0;
  for (let c = 1; c < row.length; c++) if (row[c]! > row[k]!) k = c;
  return k;
}

const className = (arch: SequentialArchitecture, k: number): string => arch.classes?.[k] ?? String(k);

function evalRegression(net: SavableNet, x: NDArray, t: NDArray, io: Io): void {
  const y = scoresOf(net, x).flatMap((chunk) => [...chunk.data]);
  let squares = 0;
  let absolute = 0;
  y.forEach((v, i) => {
    const diff = v - t.data[i]!;
    squares += diff * diff;
    absolute += Math.abs(diff);
  });
  io.stdout.write(`MSE:${squares / y.length}\nMAE:${absolute / y.length}\n`);
}

function evalClasses(net: SavableNet, arch: SequentialArchitecture, x: NDArray, t: NDArray, io: Io): void {
  const predicted = scoresOf(net, x).flatMap((chunk) => probabilities(chunk).map(best));
  const classes = Math.max(arch.classes?.length ?? 0, ...t.data) + (arch.classes === undefined ? 1 : 0);
  const right = new Array<number>(classes).fill(0);
  const total = new Array<number>(classes).fill(0);
  predicted.forEach((k, i) => {
    const label = t.data[i]!;
    total[label] = (total[label] ?? 0) + 1;
    if (k === label) right[label] = (right[label] ?? 0) + 1;
  });
  const correct = right.reduce((a, b) => a + b, 0);
  io.stdout.write(`Accuracy:${(correct / predicted.length).toFixed(4)}\n\nper-class accuracy:\n`);
  const width = Math.max(...Array.from({ length: classes }, (_, k) => className(arch, k).length));
  for (let k = 0; k < classes; k++) {
    const share = total[k] === 0 ? '-' : (right[k]! / total[k]!).toFixed(4);
    io.stdout.write(`  ${className(arch, k).padEnd(width)}  ${share}  (${right[k]}/${total[k]})\n`);
  }
}

/**
 * Evaluates the model on every row of the CSV file `path` (label column `label`, default the last)
 * and prints `Accuracy:` with a per-class table, or `MSE:` and `MAE:` for a regression model. A label
 * the model does not know is a `BAD_ARGUMENT` naming it.
 */
export function evalTable(net: SavableNet, arch: Architecture, path: string, label: string | undefined, io: Io): void {
  const model = tableArchitecture(arch, path);
  const regression = model.loss === 'mse';
  const data = loadCsv(path, {
    testFraction: 0,
    task: regression ? 'regression' : 'classification',
    standardize: false,
    ...(label === undefined ? {} : { label }),
    ...(model.featureNames === undefined ? {} : { features: model.featureNames }),
    ...(model.standardization === undefined ? {} : { standardization: model.standardization }),
    ...(model.classes === undefined || regression ? {} : { classes: model.classes }),
  });
  const rows = data.train.x.shape[0] ?? 0;
  io.stderr.write(`${path}: ${rows} rows\n`);
  if (regression) evalRegression(net, data.train.x, data.train.t, io);
  else evalClasses(net, model, data.train.x, data.train.t, io);
}

/**
 * Prints one line per row of the CSV file `path`: the predicted class name and its probability, or
 * the predicted value of a regression model. Columns the model does not read (a label) are ignored.
 */
export function predictTable(net: SavableNet, arch: Architecture, path: string, io: Io): void {
  const model = tableArchitecture(arch, path);
  const { x, rows } = loadCsvFeatures(path, {
    ...(model.featureNames === undefined ? {} : { features: model.featureNames }),
    ...(model.standardization === undefined ? {} : { standardization: model.standardization }),
  });
  const chunks = scoresOf(net, x);
  if (model.loss === 'mse') {
    const values = chunks.flatMap((chunk) => [...chunk.data]);
    values.forEach((v, i) => io.stdout.write(`${path} row ${rows[i]}: ${v.toFixed(4)}\n`));
    return;
  }
  chunks
    .flatMap(probabilities)
    .forEach((p, i) =>
      io.stdout.write(`${path} row ${rows[i]}: ${className(model, best(p))} (p=${p[best(p)]!.toFixed(4)})\n`),
    );
}
