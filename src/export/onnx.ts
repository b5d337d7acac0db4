/**
 * ONNX export of the networks scratchnet saves: the bytes of a model file that ONNX Runtime (or any
 * ONNX tool) runs with the same predictions as `predict`. Browser-safe: it only builds bytes.
 */
import { ScratchnetError } from '../errors.js';
import { Sequential } from '../nets/sequential.js';
import { architectureOf, type ModelData, type SavableNet } from '../nets/serialize.js';
import { checkKnownOptions, describeKind, named } from '../validate.js';
import { buildGraph, INPUT_NAME, OUTPUT_NAME } from './onnx-graph.js';
import { encodeModel, type OnnxModel } from './onnx-proto.js';
import { planOf } from './plan.js';
import { SCRATCHNET_VERSION } from './version.js';

/** Options of `exportOnnx` and `saveOnnx`. */
export interface OnnxExportOptions {
  /** The ONNX operator set to target, 13 to 21 (default 17). */
  opset?: number;
  /**
   * What the training data taught the model: class names (metadata `scratchnet.classes`), the
   * feature scaling of a table (applied by the model's first nodes, so it takes raw values) and the
   * feature names. Left out, a model saved by scratchnet has none.
   */
  data?: ModelData;
}

/** The operator sets the export is tested against. */
export const ONNX_OPSETS = { min: 13, max: 21, default: 17 } as const;

function checkOpset(opset: unknown, where: string): number {
  if (opset === undefined) return ONNX_OPSETS.default;
  if (typeof opset !== 'number' || !Number.isInteger(opset) || opset < ONNX_OPSETS.min || opset > ONNX_OPSETS.max) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: options.opset must be an integer from ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max}, got ${describeKind(opset)}`,
    );
  }
  return opset;
}

/** The IR version that came with the operator set: 8 up to opset 18, 9 after. */
function irVersionFor(opset: number): number {
  return opset <= 18 ? 8 : 9;
}

/** The ONNX model of `net`, before encoding: what `exportOnnx` writes. */
export function onnxModelOf(net: SavableNet, options: OnnxExportOptions, where: string): OnnxModel {
  if (!(net instanceof Sequential)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: net must be a Sequential, TwoLayerNet, MultiLayerNet, SimpleConvNet or DeepConvNet, got ${describeKind(net)}`,
    );
  }
  checkKnownOptions(options, ['opset', 'data'], where);
  const opset = checkOpset(options.opset, where);
  const data = options.data ?? {};
  const arch = architectureOf(net, data);
  const { inputShape, loss } = net.sequentialConfig;
  const graph = buildGraph(planOf(net, where), inputShape, loss, data.standardization);
  const metadata: Record<string, string> = { 'scratchnet.architecture': JSON.stringify(arch) };
  if (data.classes !== undefined) metadata['scratchnet.classes'] = JSON.stringify(data.classes);
  return {
    irVersion: irVersionFor(opset),
    opset,
    producerName: 'scratchnet',
    producerVersion: SCRATCHNET_VERSION,
    graphName: 'scratchnet',
    ...graph,
    inputs: [{ name: INPUT_NAME, dims: ['batch', ...inputShape] }],
    outputs: [{ name: OUTPUT_NAME, dims: ['batch', ...net.outputShape] }],
    metadata,
  };
}

/**
 * The bytes of an ONNX model computing what `net.predict` computes, followed by the loss's output:
 * class probabilities (Softmax) for softmax cross-entropy, the probability of class 1 (Sigmoid) for
 * sigmoid cross-entropy, the values themselves for mean squared error. One input `input` of shape
 * [batch, ...the network's input shape] ([batch, 784] for the book's MLPs, [batch, 1, 28, 28] for its
 * convnets), one output `output`; float32 weights whatever the network's dtype. Batch norm uses its
 * running averages, dropout its inference scaling. The metadata holds the architecture
 * (`scratchnet.architecture`, as `architectureOf` gives it) and the class names
 * (`scratchnet.classes`). Works in browsers (nothing touches the file system).
 *
 * Throws `BAD_ARGUMENT` for a net scratchnet cannot save, an unknown option, an opset outside 13..21
 * or data that does not fit, and `UNSUPPORTED` naming the layer (position and spec) for a layer the
 * export cannot express.
 *
 * @example
 * const bytes = exportOnnx(net, { data: { classes: ['cat', 'dog'] } });
 */
export function exportOnnx(net: SavableNet, options: OnnxExportOptions = {}): Uint8Array {
  return named('exportOnnx', () => encodeModel(onnxModelOf(net, options, 'exportOnnx')));
}
