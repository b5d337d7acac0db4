import { check, ScratchnetError } from '../errors.js';
import { checkKnownOptions } from '../validate.js';
import type { EpochEndInfo } from './types.js';

/** `info` must hold the numbers the line shows (NaN stands for a split that was not measured). */
function checkInfo(info: unknown): asserts info is EpochLineInfo {
  const fields = info as Record<string, unknown> | null;
  const ok =
    typeof info === 'object' &&
    info !== null &&
    ['epoch', 'trainAcc', 'testAcc'].every((k) => typeof fields![k] === 'number') &&
    (fields!.validationAcc === undefined || typeof fields!.validationAcc === 'number');
  if (!ok) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      'formatEpochLine: info must be { epoch, trainAcc, testAcc, validationAcc? } of numbers (an EpochEndInfo)',
    );
  }
}

/**
 * The layouts `formatEpochLine` writes:
 * - `'plain'`: `epoch 1: train acc 0.9032, test acc 0.9065` (default)
 * - `'book'`: `train acc, test acc | 0.9032, 0.9065`, as chapters 4 and 5's train_neuralnet.py print
 * - `'trainer'`: `=== epoch:1, train acc:0.9032, test acc:0.9065 ===`, as the book's common/trainer.py prints
 */
export type EpochLineStyle = 'plain' | 'book' | 'trainer';

/** Options of `formatEpochLine`. */
export interface FormatEpochLineOptions {
  /** The line's layout (default `'plain'`). */
  style?: EpochLineStyle;
  /** Digits after the decimal point for accuracies (default 4). */
  digits?: number;
}

/** The fields `formatEpochLine` reads; an `EpochEndInfo` has them all. */
export type EpochLineInfo = Pick<EpochEndInfo, 'epoch' | 'trainAcc' | 'testAcc' | 'validationAcc'>;

function formatEpoch(epoch: number): string {
  // A final evaluation mid-epoch (an `iterations` run) has a fractional epoch; two decimals suffice.
  return Number.isInteger(epoch) ? String(epoch) : String(Math.round(epoch * 100) / 100);
}

/**
 * One progress line for an evaluation, e.g. for `onEpochEnd: (info) => console.log(formatEpochLine(info))`.
 * The validation accuracy is appended when present.
 *
 * ```ts
 * formatEpochLine({ epoch: 1, trainAcc: 0.90321, testAcc: 0.9065 });                    // 'epoch 1: train acc 0.9032, test acc 0.9065'
 * formatEpochLine({ epoch: 1, trainAcc: 0.90321, testAcc: 0.9065 }, { style: 'book' }); // 'train acc, test acc | 0.9032, 0.9065'
 * ```
 */
export function formatEpochLine(info: EpochLineInfo, options: FormatEpochLineOptions = {}): string {
  checkInfo(info);
  checkKnownOptions(options, ['style', 'digits'], 'formatEpochLine');
  const style = options.style ?? 'plain';
  const digits = options.digits ?? 4;
  check(
    Number.isInteger(digits) && digits >= 0 && digits <= 100,
    `formatEpochLine: digits must be an integer in [0, 100], got ${digits}`,
  );
  // Without a test split there is no test accuracy: a dash rather than "NaN".
  const acc = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(digits));
  const hasValidation = info.validationAcc !== undefined;
  switch (style) {
    case 'plain':
      return (
        `epoch ${formatEpoch(info.epoch)}: train acc ${acc(info.trainAcc)}, test acc ${acc(info.testAcc)}` +
        (hasValidation ? `, validation acc ${acc(info.validationAcc!)}` : '')
      );
    case 'book':
      return hasValidation
        ? `train acc, test acc, validation acc | ${acc(info.trainAcc)}, ${acc(info.testAcc)}, ${acc(info.validationAcc!)}`
        : `train acc, test acc | ${acc(info.trainAcc)}, ${acc(info.testAcc)}`;
    case 'trainer':
      return (
        `=== epoch:${formatEpoch(info.epoch)}, train acc:${acc(info.trainAcc)}, test acc:${acc(info.testAcc)}` +
        (hasValidation ? `, validation acc:${acc(info.validationAcc!)}` : '') +
        ' ==='
      );
    default:
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `formatEpochLine: style must be 'plain', 'book' or 'trainer', got ${JSON.stringify(style)}`,
      );
  }
}
