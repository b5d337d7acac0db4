/**
 * PyTorch export: the network as a `torch.nn.Sequential` of standard modules (model.py) and its
 * weights under PyTorch's state-dict names and layouts (model.safetensors). Browser-safe: it only
 * builds text and arrays.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { describe as describeArchitecture, type ModelData, type SavableNet } from '../nets/serialize.js';
import { architectureOf } from '../nets/serialize.js';
import { Sequential, type LossName } from '../nets/sequential.js';
import { checkKnownOptions, describeKind, named } from '../validate.js';
import { type ExportStep, planOf, stepLabel } from './plan.js';
import { SCRATCHNET_VERSION } from './version.js';

/** Options of `exportPytorch`. */
export interface PytorchExportOptions {
  /** Class names and the feature scaling of a table model, written into model.py as constants. */
  data?: ModelData;
}

/** What `exportPytorch` gives: the module's Python source and its state dict. */
export interface PytorchExport {
  /** model.py: `build_model()` returning the `torch.nn.Sequential`, and the model's constants. */
  source: string;
  /** The state dict by PyTorch's names (`0.weight`, `0.bias`, `1.running_mean`, ...), float32. */
  tensors: Record<string, NDArray>;
}

/** A float32 copy of `a`, every value times `scale`. */
function float32(a: NDArray, scale = 1): NDArray {
  const data = Float32Array.from(a.data as ArrayLike<number>, (v) => v * scale);
  return new NDArray(data, [...a.shape], 'float32');
}

/** scratchnet's (inputs, outputs) weights as PyTorch's Linear wants them: (outputs, inputs), float32. */
function linearWeight(W: NDArray, scale: number): NDArray {
  const [inputs, outputs] = W.shape as [number, number];
  const out = new Float32Array(inputs * outputs);
  for (let i = 0; i < inputs; i++)
    for (let o = 0; o < outputs; o++) out[o * inputs + i] = W.data[i * outputs + o]! * scale;
  return new NDArray(out, [outputs, inputs], 'float32');
}

/** A Python number literal. */
const py = (v: number): string => (Number.isInteger(v) ? `${v}` : String(v));

/** The modules collected so far and the dropout scaling not yet folded into a weighted layer. */
class ModuleList {
  readonly lines: string[] = [];
  readonly tensors: Record<string, NDArray> = {};
  /** The kept share of dropout layers met since the last weighted layer, and the first of them. */
  pending: { scale: number; step: ExportStep } | null = null;
  /** The last dense or conv module, while only layers that commute with a positive scaling follow it. */
  lastWeighted: number | null = null;

  add(code: string, tensors: Record<string, NDArray> = {}): void {
    const index = this.lines.length;
    for (const [name, t] of Object.entries(tensors)) this.tensors[`${index}.${name}`] = t;
    this.lines.push(code);
  }

  /** A dense or conv module: the scaling of later dropouts may still be folded into it. */
  addWeighted(code: string, tensors: Record<string, NDArray>): void {
    this.lastWeighted = this.lines.length;
    this.add(code, tensors);
  }

  /**
   * Folds the pending scale backwards into the last dense or conv module (weights and bias: ReLU,
   * pooling and flatten commute with a positive factor); false when there is none to fold into.
   */
  foldBackwards(): boolean {
    if (this.pending === null) return true;
    if (this.lastWeighted === null) return false;
    for (const name of ['weight', 'bias']) {
      const t = this.tensors[`${this.lastWeighted}.${name}`];
      if (t !== undefined) for (let i = 0; i < t.size; i++) t.data[i] = t.data[i]! * this.pending.scale;
    }
    this.pending = null;
    return true;
  }

  /** The pending scale, taken: dense and conv layers multiply it into their weights. */
  takeScale(): number {
    const scale = this.pending?.scale ?? 1;
    this.pending = null;
    return scale;
  }
}

/**
 * PyTorch's eval-mode Dropout passes values through unchanged, while scratchnet's multiplies them by
 * 1 − ratio: the factor moves forward, through layers that commute with a positive scaling (ReLU,
 * leaky ReLU, pooling, flatten), into the next dense or conv layer's weights; where a layer that does
 * not commute comes first (`step`), it moves backwards into the previous dense or conv layer instead.
 */
function foldBefore(list: ModuleList, step: ExportStep, where: string): void {
  const dropout = list.pending?.step;
  if (dropout === undefined || list.foldBackwards()) {
    list.lastWeighted = null;
    return;
  }
  throw new ScratchnetError(
    'UNSUPPORTED',
    `${where}: ${stepLabel(dropout)}: PyTorch's Dropout does not scale at inference, and this one's scaling cannot be folded into a dense or conv layer's weights: ${stepLabel(step)} comes before the next one, and a sigmoid, tanh or batch norm (or the input) comes between the previous one and it`,
  );
}

function addNorm(list: ModuleList, step: Extract<ExportStep, { kind: 'batchnorm' }>): void {
  const module = step.perChannel ? 'BatchNorm2d' : 'BatchNorm1d';
  // 1 − 0.9 is 0.09999999999999998 in binary floating point: written as the 0.1 it stands for.
  const momentum = Number((1 - step.momentum).toPrecision(12));
  const args = `${step.gamma.size}, eps=${py(step.eps)}, momentum=${py(momentum)}`;
  list.add(`nn.${module}(${args})`, {
    weight: float32(step.gamma),
    bias: float32(step.beta),
    running_mean: float32(step.runningMean),
    running_var: float32(step.runningVar),
  });
}

function addStep(list: ModuleList, step: ExportStep, where: string): void {
  switch (step.kind) {
    case 'dense': {
      const [inputs, outputs] = step.W.shape as [number, number];
      if (step.inputShape.length > 1) list.add('nn.Flatten()');
      const scale = list.takeScale();
      list.addWeighted(`nn.Linear(${inputs}, ${outputs})`, {
        weight: linearWeight(step.W, scale),
        bias: float32(step.b),
      });
      break;
    }
    case 'conv': {
      const [filters, channels, size] = step.W.shape as [number, number, number];
      const args = `${channels}, ${filters}, kernel_size=${size}, stride=${step.stride}, padding=${step.pad}`;
      const scale = list.takeScale();
      list.addWeighted(`nn.Conv2d(${args})`, { weight: float32(step.W, scale), bias: float32(step.b) });
      break;
    }
    case 'maxpool':
      list.add(`nn.MaxPool2d(kernel_size=(${step.height}, ${step.width}), stride=${step.stride}, padding=${step.pad})`);
      break;
    case 'avgpool':
      list.add(`nn.AvgPool2d(kernel_size=${step.size}, stride=${step.stride})`);
      break;
    case 'batchnorm':
      foldBefore(list, step, where);
      addNorm(list, step);
      break;
    case 'relu':
      list.add('nn.ReLU()');
      break;
    case 'leaky-relu':
      list.add(`nn.LeakyReLU(${py(step.alpha)})`);
      break;
    case 'sigmoid':
    case 'tanh':
      foldBefore(list, step, where);
      list.add(step.kind === 'sigmoid' ? 'nn.Sigmoid()' : 'nn.Tanh()');
      break;
    case 'flatten':
      list.add('nn.Flatten()');
      break;
    case 'dropout':
      list.pending = { scale: (list.pending?.scale ?? 1) * step.scale, step: list.pending?.step ?? step };
      break;
  }
}

function addOutput(list: ModuleList, loss: LossName, where: string): void {
  const dropout = list.pending?.step;
  if (dropout !== undefined && !list.foldBackwards()) {
    throw new ScratchnetError(
      'UNSUPPORTED',
      `${where}: ${stepLabel(dropout)}: PyTorch's Dropout does not scale at inference, and this one's scaling cannot be folded into a dense or conv layer's weights: none follows, and a sigmoid, tanh or batch norm (or the input) comes between the previous one and it`,
    );
  }
  if (loss === 'softmax-cross-entropy') list.add('nn.Softmax(dim=1)');
  else if (loss === 'sigmoid-cross-entropy') list.add('nn.Sigmoid()');
}

function constants(net: Sequential<object>, data: ModelData): string[] {
  const shape = net.sequentialConfig.inputShape;
  const lines = [
    `INPUT_SHAPE = (${shape.join(', ')}${shape.length === 1 ? ',' : ''})  # one sample; batches add a first axis`,
  ];
  lines.push(`CLASSES = ${data.classes === undefined ? 'None' : JSON.stringify(data.classes)}`);
  if (data.featureNames !== undefined) lines.push(`FEATURE_NAMES = ${JSON.stringify(data.featureNames)}`);
  if (data.standardization !== undefined) {
    lines.push('# The model takes standardized features: (x - FEATURE_MEAN) / FEATURE_STD, column by column.');
    lines.push(`FEATURE_MEAN = ${JSON.stringify(data.standardization.mean)}`);
    lines.push(`FEATURE_STD = ${JSON.stringify(data.standardization.std)}`);
  }
  return lines;
}

function pythonSource(net: Sequential<object>, data: ModelData, modules: readonly string[]): string {
  const arch = describeArchitecture(architectureOf(net as SavableNet, data));
  return [
    `"""${arch}: exported by scratchnet ${SCRATCHNET_VERSION}.`,
    '',
    'Load the weights saved beside this file:',
    '',
    '    from safetensors.torch import load_file',
    '    model = build_model()',
    '    model.load_state_dict(load_file("model.safetensors"))',
    '    model.eval()',
    '"""',
    'from torch import nn',
    '',
    ...constants(net, data),
    '',
    '',
    'def build_model() -> nn.Sequential:',
    '    return nn.Sequential(',
    ...modules.map((m) => `        ${m},`),
    '    )',
    '',
  ].join('\n');
}

/**
 * The network as PyTorch code and weights: `source` is a model.py whose `build_model()` returns a
 * `torch.nn.Sequential` of standard modules (Linear, Conv2d, MaxPool2d, AvgPool2d, ReLU, Sigmoid,
 * Tanh, LeakyReLU, BatchNorm1d/2d, Flatten, then Softmax for a classifier or Sigmoid for a binary
 * one), and `tensors` its state dict by PyTorch's names (`0.weight`, `0.bias`, `1.running_mean`, ...)
 * and layouts (a Linear weight is W transposed), float32. Dropout is left out and its inference
 * scaling (× (1 − ratio)) multiplied into the next dense or conv layer's weights, or where a sigmoid,
 * tanh or batch norm (or the end) comes first, into the previous one's weights and bias; so the
 * module in eval mode computes what `predict` does. `data` adds class names and feature scaling as constants.
 *
 * Throws `BAD_ARGUMENT` for a net scratchnet cannot save or an unknown option, and `UNSUPPORTED`
 * naming the layer for a dropout whose scaling cannot be folded: a sigmoid, tanh or batch norm (or
 * the end) before the next dense or conv layer, and one of those (or the start) after the previous.
 *
 * @example
 * const { source, tensors } = exportPytorch(net);
 */
export function exportPytorch(net: SavableNet, options: PytorchExportOptions = {}): PytorchExport {
  return named('exportPytorch', () => {
    if (!(net instanceof Sequential)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `exportPytorch: net must be a Sequential, TwoLayerNet, MultiLayerNet, SimpleConvNet or DeepConvNet, got ${describeKind(net)}`,
      );
    }
    checkKnownOptions(options, ['data'], 'exportPytorch');
    const data = options.data ?? {};
    architectureOf(net, data); // checks data before any work
    const list = new ModuleList();
    const steps = planOf(net, 'exportPytorch');
    for (const step of steps) addStep(list, step, 'exportPytorch');
    addOutput(list, net.sequentialConfig.loss, 'exportPytorch');
    return { source: pythonSource(net, data, list.lines), tensors: list.tensors };
  });
}
