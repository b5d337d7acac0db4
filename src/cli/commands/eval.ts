import { ScratchnetError } from '../../errors.js';
import { makeFolder } from '../output-folder.js';
import { resolve } from 'node:path';
import type { NDArray } from '../../ndarray/ndarray.js';
import { describe as describeArchitecture } from '../../nets/serialize.js';
import { confusionMatrixChart, classAccuracyChart } from '../../plot/index.js';
import { chartLine, writeChart } from '../charts.js';
import { defineCommand } from '../command.js';
import { DATASET_OPTIONS, loadDataset } from '../dataset.js';
import { MODEL_OPTIONS, loadCliModel, outputCount } from '../model.js';
import { option } from '../options.js';
import { evalTable, isCsvPath } from '../table-model.js';

/** Predicted class of every row, in chunks so 10000 rows never need one huge activation matrix. */
export function predictClasses(predict: (x: NDArray) => NDArray, x: NDArray): Int32Array {
  const n = x.shape[0]!;
  const out = new Int32Array(n);
  for (let start = 0; start < n; start += 1000) {
    out.set(predict(x.slice(start, Math.min(n, start + 1000))).argmax(1).data, start);
  }
  return out;
}

/** `scratchnet eval`: a trained network's test accuracy, per class, and its confusion matrix. */
export const evalCommand = defineCommand({
  name: 'eval',
  summary:
    'Accuracy of a trained network on the test set, per class, and its confusion matrix (printed and as charts); on every row of a CSV table: accuracy per class, or MSE and MAE for regression.',
  usage: 'eval --weights <file> [options]',
  options: {
    ...MODEL_OPTIONS,
    dtype: option.choice(['float32', 'float64'] as const, { description: 'element type', default: 'float64' }),
    ...DATASET_OPTIONS,
    label: option.string({ value: 'column', description: 'the label column of a CSV data set (default: the last)' }),
    out: option.string({
      value: 'dir',
      description: 'where to write confusion.svg/.png and per-class.svg/.png',
      default: 'out/eval',
    }),
  },
  details:
    "Examples (the book's chapter 3 network; a --layers model trained on a CSV file, on every row of another):\n" +
    '  scratchnet eval --weights sample_weight.pkl --arch book-ch03\n' +
    '  scratchnet eval --weights out/model.safetensors --dataset plants.csv --label species',
  async run(args, io) {
    const { options } = args;
    const { net, arch, path, guess } = loadCliModel(options, options.dtype);
    if (guess !== null) io.stderr.write(`${path}: architecture: ${guess}\n`);
    if (isCsvPath(options.dataset)) {
      evalTable(net, arch, options.dataset, options.label, io);
      return;
    }
    const { test } = loadDataset(options, options.dtype);
    const predicted = predictClasses((x) => net.predict(x), test.x);
    const labels = test.t.ndim === 2 ? test.t.argmax(1).data : test.t.data;
    const classes = outputCount(net, arch);
    checkLabelsKnown(labels, classes, path);
    const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) {
      confusion[labels[i]!]![predicted[i]!]!++;
      if (predicted[i] === labels[i]) correct++;
    }
    const perClass = confusion.map(
      (row, c) =>
        row[c]! /
        Math.max(
          1,
          row.reduce((a, b) => a + b, 0),
        ),
    );

    io.stderr.write(`${path}: ${describeArchitecture(arch)}, ${predicted.length} test samples\n`);
    // The book prints str(float(accuracy_cnt) / len(x)): Python's shortest repr of the ratio.
    io.stdout.write(`Accuracy:${correct / predicted.length}\n\nper-class accuracy:\n`);
    perClass.forEach((a, c) => io.stdout.write(`  ${c}: ${a.toFixed(4)}\n`));
    const width = Math.max(4, String(Math.max(...confusion.flat())).length + 1);
    io.stdout.write(
      `\nconfusion matrix (rows: true class, columns: predicted):\n${' '.repeat(6)}${confusion.map((_, c) => String(c).padStart(width)).join('')}\n`,
    );
    confusion.forEach((row, c) =>
      io.stdout.write(`  ${String(c).padStart(2)}  ${row.map((v) => String(v).padStart(width)).join('')}\n`),
    );

    const outDir = resolve(options.out);
    makeFolder(outDir);
    const charts = { confusion: confusionMatrixChart(confusion), 'per-class': classAccuracyChart(perClass) };
    for (const [name, svg] of Object.entries(charts)) writeChart(outDir, name, svg);
    io.stdout.write(`\nwrote ${chartLine(outDir, 'confusion')}, ${chartLine(outDir, 'per-class')}\n`);
  },
});

/** Every test label must be one of the model's classes: a label it cannot output is an error naming it. */
function checkLabelsKnown(labels: ArrayLike<number>, classes: number, path: string): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `test sample ${i} has label ${label}, but ${path} has ${classes} classes (0 to ${classes - 1}): is it the model for this data?`,
      );
    }
  }
}
