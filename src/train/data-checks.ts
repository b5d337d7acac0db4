/**
 * The Trainer's checks of the data it is given: that each split is a dataset of matching rows, that
 * the network takes the training rows, and that every input is finite and every target a class the
 * network scores. They run once, in the constructor, so a mistake fails there and not mid-training.
 */
import { check, ScratchnetError } from '../errors.js';
import type { Dataset } from '../data/types.js';
import type { Network } from '../nets/types.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkFinite } from '../validate.js';
import type { TrainerData } from './types.js';

/** The samples in `data[name]`, after checking that it is a non-empty dataset with as many targets as inputs. */
export function rowsOf(name: string, split: Dataset | undefined): number {
  check(
    split !== undefined && split.x instanceof NDArray && split.t instanceof NDArray,
    `Trainer: data.${name} must be a dataset { x, t } of NDArrays`,
  );
  check(
    split.x.ndim >= 1 && split.t.ndim >= 1,
    `Trainer: data.${name}.x and data.${name}.t must have one row per sample, got 0-d arrays`,
  );
  const rows = split.x.shape[0]!;
  if (split.t.shape[0] !== rows) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `Trainer: data.${name}.x has ${rows} samples (shape ${formatShape(split.x.shape)}) but data.${name}.t has ${split.t.shape[0]} (shape ${formatShape(split.t.shape)})`,
    );
  }
  check(rows >= 1, `Trainer: data.${name} is empty`);
  return rows;
}

/**
 * The classes the network scores, from a forward pass of one sample: this also proves that the
 * network takes rows of data.train.x at all, and names the split when it does not.
 */
function classesOf(net: Network, x: NDArray): number {
  let scores: unknown;
  try {
    scores = net.predict(x.slice(0, 1));
  } catch (error) {
    if (!(error instanceof ScratchnetError)) throw error;
    throw new ScratchnetError(
      error.code,
      `Trainer: the network cannot take data.train.x (shape ${formatShape(x.shape)}): ${error.message}`,
    );
  }
  check(
    scores instanceof NDArray && scores.ndim === 2,
    'Trainer: net.predict must return scores of shape (batch, classes)',
  );
  return scores.shape[1]!;
}

/** Labels must be class indices in [0, classes). */
function checkLabels(name: string, t: NDArray, classes: number): void {
  const labels = t.data;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `Trainer: data.${name}.t[${i}] is ${v}, not a class index in [0, ${classes}) (the network scores ${classes} classes)`,
      );
    }
  }
}

/** One output (sigmoid cross-entropy, or a regression): one finite target per sample, (n) or (n, 1). */
function checkSingleOutput(name: string, t: NDArray): void {
  check(
    t.ndim === 1 || (t.ndim === 2 && t.shape[1] === 1),
    `Trainer: data.${name}.t must be one target per sample, (n) or (n, 1), for a network of one output, got shape ${formatShape(t.shape)}`,
  );
  checkFinite(t, `data.${name}.t`, 'Trainer');
}

/**
 * Inputs must be finite and targets must be class indices in [0, classes), as (n) or (n, 1), or
 * one-hot rows of width `classes`: a NaN pixel or a label 10 in a 10-class problem otherwise surfaces iterations later as a
 * NaN loss that looks like divergence. A network of one output takes one real target per sample
 * (its loss checks the values). One pass over the data, once, before training.
 */
function checkSplit(name: string, split: Dataset, classes: number): void {
  checkFinite(split.x, `data.${name}.x`, 'Trainer');
  const t = split.t;
  if (classes === 1) {
    checkSingleOutput(name, t);
    return;
  }
  // A column of labels, (n, 1), is labels (n): the networks read it so (see labelsFor).
  if (t.ndim === 2 && t.shape[1] === 1) {
    checkLabels(name, t, classes);
    return;
  }
  if (t.ndim === 2) {
    if (t.shape[1] !== classes) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Trainer: data.${name}.t has one-hot rows of width ${t.shape[1]}, but the network scores ${classes} classes`,
      );
    }
    checkFinite(t, `data.${name}.t`, 'Trainer');
    return;
  }
  check(
    t.ndim === 1,
    `Trainer: data.${name}.t must be labels (n) or one-hot targets (n, ${classes}), got shape ${formatShape(t.shape)}`,
  );
  checkLabels(name, t, classes);
}

/** Checks every split's values against the classes `net` scores (see `checkSplit`). */
export function checkSplitValues(net: Network, data: TrainerData): void {
  const classes = classesOf(net, data.train.x);
  checkSplit('train', data.train, classes);
  if (data.test !== undefined) checkSplit('test', data.test, classes);
  if (data.validation !== undefined) checkSplit('validation', data.validation, classes);
}
