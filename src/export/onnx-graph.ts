/**
 * The ONNX graph of a network's inference steps: one or two operators per layer, the weights as
 * float32 initializers under the network's own names (W1, b1, gamma1, runningMean1, ...).
 */
import type { Standardization } from '../data/standardize.js';
import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { LossName } from '../nets/sequential.js';
import type { OnnxAttribute, OnnxNode, OnnxTensor } from './onnx-proto.js';
import type { ExportStep } from './plan.js';

/** The name of the graph's one input and one output. */
export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'output';

/** Nodes and initializers collected in order, and the name of the value the next node reads. */
class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  current = INPUT_NAME;
  private count = 0;

  /** Adds `opType` reading the current value and `extra` inputs; its output becomes the current value. */
  node(opType: string, extra: readonly string[] = [], attributes: OnnxAttribute[] = [], output?: string): void {
    const name = `${opType.toLowerCase()}_${++this.count}`;
    const out = output ?? name;
    this.nodes.push({ opType, name, inputs: [this.current, ...extra], outputs: [out], attributes });
    this.current = out;
  }

  /** Adds a float32 constant and returns its name. */
  constant(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, dims, values: Float32Array.from(values) });
    return name;
  }

  /** An NDArray parameter as a float32 constant, whatever its dtype. */
  tensor(name: string, array: NDArray): string {
    return this.constant(name, array.shape, array.astype('float32').data);
  }
}

const ints = (name: string, value: readonly number[]): OnnxAttribute => ({ name, kind: 'ints', value });
const int = (name: string, value: number): OnnxAttribute => ({ name, kind: 'int', value });
const float = (name: string, value: number): OnnxAttribute => ({ name, kind: 'float', value });

/** Gemm takes (batch, features): a layer fed images flattens them first, as scratchnet's Affine does. */
function addDense(g: GraphBuilder, step: Extract<ExportStep, { kind: 'dense' }>): void {
  if (step.inputShape.length > 1) g.node('Flatten', [], [int('axis', 1)]);
  g.node('Gemm', [g.tensor(step.names.W, step.W), g.tensor(step.names.b, step.b)]);
}

function addConv(g: GraphBuilder, step: Extract<ExportStep, { kind: 'conv' }>): void {
  const [, , fh, fw] = step.W.shape as [number, number, number, number];
  const { stride, pad } = step;
  g.node(
    'Conv',
    [g.tensor(step.names.W, step.W), g.tensor(step.names.b, step.b)],
    [ints('kernel_shape', [fh, fw]), ints('strides', [stride, stride]), ints('pads', [pad, pad, pad, pad])],
  );
}

function addBatchNorm(g: GraphBuilder, step: Extract<ExportStep, { kind: 'batchnorm' }>): void {
  const { names } = step;
  const inputs = [
    g.tensor(names.gamma, step.gamma),
    g.tensor(names.beta, step.beta),
    g.tensor(names.runningMean, step.runningMean),
    g.tensor(names.runningVar, step.runningVar),
  ];
  // Inference form: the running averages, never the batch's own statistics.
  g.node('BatchNormalization', inputs, [float('epsilon', step.eps)]);
}

/** The operators of the steps that have no parameters and one attribute at most. */
const ACTIVATIONS = { relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh' } as const;

function addPooling(g: GraphBuilder, step: Extract<ExportStep, { kind: 'maxpool' | 'avgpool' }>): void {
  if (step.kind === 'avgpool') {
    const { size, stride } = step;
    g.node('AveragePool', [], [ints('kernel_shape', [size, size]), ints('strides', [stride, stride])]);
    return;
  }
  const { height, width, stride, pad } = step;
  const attributes = [ints('kernel_shape', [height, width]), ints('strides', [stride, stride])];
  g.node('MaxPool', [], [...attributes, ints('pads', [pad, pad, pad, pad])]);
}

function addStep(g: GraphBuilder, step: ExportStep): void {
  switch (step.kind) {
    case 'dense':
      addDense(g, step);
      break;
    case 'conv':
      addConv(g, step);
      break;
    case 'maxpool':
    case 'avgpool':
      addPooling(g, step);
      break;
    case 'batchnorm':
      addBatchNorm(g, step);
      break;
    case 'relu':
    case 'sigmoid':
    case 'tanh':
      g.node(ACTIVATIONS[step.kind]);
      break;
    case 'leaky-relu':
      g.node('LeakyRelu', [], [float('alpha', step.alpha)]);
      break;
    case 'flatten':
      g.node('Flatten', [], [int('axis', 1)]);
      break;
    case 'dropout':
      // x·(1 − ratio), exactly what scratchnet's Dropout computes at inference.
      g.node('Mul', [g.constant(`dropout${step.position}_scale`, [], [step.scale])]);
      break;
  }
}

/** Sub then Div by the training statistics, so the model takes the table's raw values. */
function addStandardization(g: GraphBuilder, scaling: Standardization, inputShape: readonly number[]): void {
  const size = inputShape.reduce((p, d) => p * d, 1);
  if (scaling.mean.length !== size || scaling.std.length !== size) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `data.standardization must hold ${size} means and standard deviations (one per input feature), got ${scaling.mean.length} and ${scaling.std.length}`,
    );
  }
  const finite = scaling.mean.every(Number.isFinite) && scaling.std.every((s) => Number.isFinite(s) && s > 0);
  if (!finite) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      'data.standardization must hold finite means and positive finite standard deviations',
    );
  }
  g.node('Sub', [g.constant('standardization_mean', inputShape, scaling.mean)]);
  g.node('Div', [g.constant('standardization_std', inputShape, scaling.std)]);
}

/** The operator that turns scores into what the loss predicts: probabilities, or the values themselves. */
function addOutput(g: GraphBuilder, loss: LossName): void {
  if (loss === 'softmax-cross-entropy') g.node('Softmax', [], [int('axis', 1)], OUTPUT_NAME);
  else if (loss === 'sigmoid-cross-entropy') g.node('Sigmoid', [], [], OUTPUT_NAME);
  else g.node('Identity', [], [], OUTPUT_NAME);
}

/** The graph of `steps`: standardization (if any), one group of nodes per step, then the output operator. */
export function buildGraph(
  steps: readonly ExportStep[],
  inputShape: readonly number[],
  loss: LossName,
  scaling: Standardization | undefined,
): { nodes: OnnxNode[]; initializers: OnnxTensor[] } {
  const g = new GraphBuilder();
  if (scaling !== undefined) addStandardization(g, scaling, inputShape);
  for (const step of steps) addStep(g, step);
  addOutput(g, loss);
  return { nodes: g.nodes, initializers: g.initializers };
}
