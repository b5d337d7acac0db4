/**
 * Checking the Train page's architecture field as the reader types: the compact layer spec is parsed
 * and built as a Sequential on MNIST's input, giving either the summary's rows or the layer at fault.
 */
import { parseLayers, ScratchnetError, Sequential, type LayerSpec } from '../../../src/core.js';

/** MNIST's classes: the last layer must give one score per digit. */
export const MNIST_CLASSES = 10;

/** One row of the summary table: a layer, what it outputs per sample, and its parameter count. */
export interface SummaryRow {
  /** Position in the spec, from 1. */
  readonly position: number;
  /** The layer's token as the spec writes it (e.g. `conv8x5`). */
  readonly token: string;
  /** The layer's class (Convolution, Relu, ...). */
  readonly type: string;
  /** The output shape per sample, e.g. [8, 24, 24]. */
  readonly outputShape: readonly number[];
  /** Parameters of the layer. */
  readonly params: number;
}

/** The spec checked: the summary of the network it builds, or the layer at fault and why. */
export type SpecCheck =
  | { ok: true; inputShape: number[]; rows: SummaryRow[]; totalParams: number }
  | { ok: false; tokens: string[]; position: number | null; message: string };

/** Whether a spec of these layers takes images: it starts with a convolution or a pooling layer. */
export function takesImages(layers: readonly LayerSpec[]): boolean {
  const first = layers[0]?.type;
  return first === 'conv' || first === 'maxpool' || first === 'avgpool';
}

/** One MNIST sample's shape for a spec: (1, 28, 28) images for convnets, 784 flat pixels otherwise. */
export function inputShapeFor(layers: readonly LayerSpec[]): number[] {
  return takesImages(layers) ? [1, 28, 28] : [784];
}

/** The layer a library message names: "at position 3" (parseLayers) or "layer 3 (...)" (Sequential). */
function positionIn(message: string): number | null {
  const match = /at position (\d+)|layer (\d+)/.exec(message);
  const text = match?.[1] ?? match?.[2];
  return text === undefined ? null : Number(text);
}

/**
 * The library's reason without the function and layer it names first (`Sequential: layer 4 (pool5)`,
 * `parseLayers: `): the page shows the layer itself, next to the reason.
 */
function reasonIn(message: string): string {
  return message.replace(/^(Sequential|parseLayers): (layer \d+ \([^)]*\):? ?)?/, '');
}

/** The tokens of `text` as the reader wrote them, trimmed. */
export function specTokens(text: string): string[] {
  return text.split(',').map((token) => token.trim());
}

/** Parses and builds `text` for MNIST; every failure names the layer where the library says which. */
export function checkSpec(text: string): SpecCheck {
  const tokens = specTokens(text);
  try {
    const layers = parseLayers(text);
    const inputShape = inputShapeFor(layers);
    // Seeded, so checking spends no entropy and builds the same weights each time.
    const net = new Sequential({ inputShape, layers, seed: 1 });
    const rows = net.built.map((b, i) => ({
      position: i + 1,
      token: tokens[i] ?? '',
      type: b.typeName,
      outputShape: b.outputShape,
      params: b.paramCount,
    }));
    const out = net.outputShape;
    if (out.length !== 1 || out[0] !== MNIST_CLASSES) {
      const message = `the last layer gives (${out.join(', ')}) scores per image; MNIST needs ${MNIST_CLASSES}`;
      return { ok: false, tokens, position: rows.length, message };
    }
    return { ok: true, inputShape, rows, totalParams: rows.reduce((sum, r) => sum + r.params, 0) };
  } catch (error) {
    if (!(error instanceof ScratchnetError)) throw error;
    return { ok: false, tokens, position: positionIn(error.message), message: reasonIn(error.message) };
  }
}
