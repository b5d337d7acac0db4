import { describeLayer } from './layer-spec.js';
import type { BuiltLayer } from './sequential-layers.js';
import type { WeightInit } from './weight-init.js';

/** What the summary's header says about the network as a whole. */
interface SummaryHeader {
  /** One sample's shape. */
  readonly inputShape: readonly number[];
  /** The loss's name. */
  readonly loss: string;
}

/** A shape per sample as Keras prints it, with the batch axis: (None, 30, 24, 24). */
function shapeText(shape: readonly number[]): string {
  return `(None, ${shape.join(', ')})`;
}

function initText(init: WeightInit | undefined): string {
  return init === undefined ? '' : ` init=${init}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The architecture as a table, like Keras's `model.summary()`: one row per layer with its position,
 * compact spec, layer class, output shape (None for the batch) and parameter count, then the total.
 */
export function formatSummary(header: SummaryHeader, built: readonly BuiltLayer[]): string {
  const rows = built.map((b, i) => [
    String(i + 1),
    `${describeLayer(b.spec)}${initText('weightInit' in b.spec ? b.spec.weightInit : undefined)}`,
    b.typeName,
    shapeText(b.outputShape),
    count(b.paramCount),
  ]);
  const head = ['#', 'Layer', 'Type', 'Output shape', 'Params'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 || c === cells.length - 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w, 2 * (widths.length - 1)));
  const total = built.reduce((sum, b) => sum + b.paramCount, 0);
  return [
    `Sequential: input ${shapeText(header.inputShape)}, loss ${header.loss}`,
    rule,
    line(head),
    rule,
    ...rows.map(line),
    rule,
    `Total params: ${count(total)}`,
  ].join('\n');
}
