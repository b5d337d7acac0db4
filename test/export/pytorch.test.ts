// The PyTorch export: model.py's modules and the state dict are read back into a scratchnet network
// (each module mapped to the layer it stands for, each weight from PyTorch's layout back to
// scratchnet's) whose predictions must equal the original's; and the refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeepConvNet,
  exportPytorch,
  type LayerSpec,
  type LossName,
  MultiLayerNet,
  NDArray,
  type SavableNet,
  ScratchnetError,
  Sequential,
  SimpleConvNet,
  TwoLayerNet,
} from '../../src/index.js';
import { expected, maxDifference, randomInput, randomize } from './ort.js';

/** One module line of build_model() as the layer it stands for, with its PyTorch tensors. */
function layerOf(line: string): { spec: LayerSpec; kind: string } {
  const call = /^nn\.(\w+)\((.*)\),$/.exec(line.trim());
  assert.ok(call, `not a module line: ${line}`);
  const [, module, args] = call as unknown as [string, string, string];
  const numbers = [...args.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));
  switch (module) {
    case 'Linear':
      return { spec: { type: 'dense', units: numbers[1]! }, kind: 'linear' };
    case 'Conv2d':
      return {
        spec: { type: 'conv', filters: numbers[1]!, size: numbers[2]!, stride: numbers[3]!, pad: numbers[4]! },
        kind: 'conv',
      };
    case 'MaxPool2d':
      assert.equal(numbers[0], numbers[1], 'square windows');
      return { spec: { type: 'maxpool', size: numbers[0]!, stride: numbers[2]! }, kind: 'none' };
    case 'AvgPool2d':
      return { spec: { type: 'avgpool', size: numbers[0]!, stride: numbers[1]! }, kind: 'none' };
    case 'BatchNorm1d':
    case 'BatchNorm2d':
      assert.equal(numbers[1], 1e-6, 'eps as scratchnet uses it');
      assert.equal(numbers[2], 0.1, "momentum: PyTorch's is the new value's weight");
      return { spec: { type: 'batchnorm' }, kind: 'norm' };
    case 'LeakyReLU':
      return { spec: { type: 'leaky-relu', alpha: numbers[0]! }, kind: 'none' };
    default: {
      const plain: Record<string, LayerSpec['type']> = {
        ReLU: 'relu',
        Sigmoid: 'sigmoid',
        Tanh: 'tanh',
        Flatten: 'flatten',
      };
      assert.ok(plain[module], `unexpected module ${module}`);
      return { spec: { type: plain[module] } as LayerSpec, kind: 'none' };
    }
  }
}

/** PyTorch's (out, in) Linear weight back to scratchnet's (in, out). */
function untranspose(w: NDArray): NDArray {
  const [outputs, inputs] = w.shape as [number, number];
  const out = new Float32Array(inputs * outputs);
  for (let o = 0; o < outputs; o++) for (let i = 0; i < inputs; i++) out[i * outputs + o] = w.data[o * inputs + i]!;
  return new NDArray(out, [inputs, outputs], 'float32');
}

/** The network model.py and the state dict describe, as a scratchnet Sequential. */
function rebuild(original: SavableNet): Sequential {
  const { source, tensors } = exportPytorch(original);
  const body = source.slice(source.indexOf('nn.Sequential(\n') + 15, source.lastIndexOf('    )'));
  let lines = body.split('\n').filter((l) => l.trim() !== '');
  const loss = original.sequentialConfig.loss;
  const head = { 'softmax-cross-entropy': 'nn.Softmax(dim=1),', 'sigmoid-cross-entropy': 'nn.Sigmoid(),', mse: null }[
    loss
  ];
  if (head !== null) {
    assert.equal(lines.at(-1)?.trim(), head, 'the output module');
    lines = lines.slice(0, -1);
  }
  const layers = lines.map(layerOf);
  const net = new Sequential({
    inputShape: original.sequentialConfig.inputShape,
    layers: layers.map((l) => l.spec),
    loss,
    dtype: 'float64',
    seed: 1,
  });
  let weighted = 0;
  let norms = 0;
  const set = (target: NDArray, source: NDArray | undefined, name: string): void => {
    assert.ok(source, `the state dict has ${name}`);
    assert.deepEqual(source.shape, target.shape, `${name} shape`);
    assert.equal(source.dtype, 'float32');
    target.data.set(source.data);
  };
  layers.forEach(({ kind }, i) => {
    if (kind === 'linear' || kind === 'conv') {
      weighted++;
      const weight = tensors[`${i}.weight`];
      set(net.params[`W${weighted}`]!, kind === 'linear' && weight ? untranspose(weight) : weight, `${i}.weight`);
      set(net.params[`b${weighted}`]!, tensors[`${i}.bias`], `${i}.bias`);
    } else if (kind === 'norm') {
      norms++;
      set(net.params[`gamma${norms}`]!, tensors[`${i}.weight`], `${i}.weight`);
      set(net.params[`beta${norms}`]!, tensors[`${i}.bias`], `${i}.bias`);
      const bn = net.layers[i] as unknown as { runningMean: NDArray; runningVar: NDArray };
      set(bn.runningMean, tensors[`${i}.running_mean`], `${i}.running_mean`);
      set(bn.runningVar, tensors[`${i}.running_var`], `${i}.running_var`);
    }
  });
  const used = layers.flatMap(({ kind }, i) =>
    kind === 'linear' || kind === 'conv'
      ? [`${i}.weight`, `${i}.bias`]
      : kind === 'norm'
        ? ['weight', 'bias', 'running_mean', 'running_var'].map((n) => `${i}.${n}`)
        : [],
  );
  assert.deepEqual(Object.keys(tensors).sort(), used.sort(), 'the state dict holds exactly the modules parameters');
  return net;
}

function assertSame(original: SavableNet, label: string): void {
  randomize(original, 4);
  const rebuilt = rebuild(original);
  const x = randomInput(original.sequentialConfig.inputShape, 4, 5);
  const diff = maxDifference(
    expected(rebuilt, x).data as ArrayLike<number>,
    expected(original, x).data as ArrayLike<number>,
  );
  assert.ok(diff < 1e-5, `${label}: the PyTorch modules compute something else (by ${diff})`);
}

const seq = (inputShape: number[], layers: string, loss: LossName = 'softmax-cross-entropy'): Sequential =>
  new Sequential({ inputShape, layers, loss, seed: 1, dtype: 'float64' });

test('PyTorch: every layer kind maps to a module computing the same, weights in PyTorch layout', () => {
  assertSame(seq([7], 'dense6,bn,leakyrelu0.2,dropout0.3,dense5,sigmoid,dense4,tanh,dense3'), 'flat');
  assertSame(seq([2, 9, 9], 'conv4x3p1,bn,relu,pool2,conv3x2s2p1,avgpool2s1,flatten,dense3'), 'images');
  assertSame(seq([2, 9, 9], 'conv4x3,relu,dense3'), 'dense on images gets a Flatten');
  assertSame(seq([5], 'dense4,relu,dense1', 'sigmoid-cross-entropy'), 'binary');
  assertSame(seq([5], 'dense4,relu,dense2', 'mse'), 'regression');
});

test('PyTorch: dropout scaling is folded through ReLU and pooling into the next weights', () => {
  assertSame(seq([1, 8, 8], 'conv3x3,dropout0.5,relu,pool2,dropout0.2,conv2x2,relu,dropout0.4,dense3'), 'folded');
  assertSame(seq([4], 'dense3,relu,dense2,relu,dropout0.3'), 'a last dropout folds into the layer before');
  assertSame(seq([4], 'dense3,relu,dropout0.5,tanh,dense2'), 'a dropout before tanh folds backwards');
  assertSame(seq([4], 'dense3,dropout0.5,relu,dropout0.5,bn,dense2'), 'two dropouts before batch norm fold backwards');
  const { source } = exportPytorch(seq([4], 'dense3,dropout0.5,dense2'));
  assert.doesNotMatch(source, /Dropout/);
});

test("PyTorch: the book's networks", () => {
  assertSame(new TwoLayerNet({ inputSize: 12, hiddenSize: 6, outputSize: 4, seed: 1 }), 'TwoLayerNet');
  assertSame(
    new MultiLayerNet({
      inputSize: 12,
      hiddenSizes: [8, 6],
      outputSize: 4,
      useBatchNorm: true,
      useDropout: true,
      seed: 1,
    }),
    'MultiLayerNet',
  );
  assertSame(
    new SimpleConvNet({ inputDim: [1, 10, 10], filterNum: 3, filterSize: 3, hiddenSize: 5, outputSize: 4, seed: 1 }),
    'SimpleConvNet',
  );
  assertSame(new DeepConvNet({ inputDim: [1, 16, 16], hiddenSize: 8, outputSize: 4, seed: 1 }), 'DeepConvNet');
});

test('PyTorch: model.py names the state dict, the classes and the feature scaling', () => {
  const net = seq([2], 'dense3,relu,dense2');
  const { source, tensors } = exportPytorch(net, {
    data: { classes: ['no', 'yes'], featureNames: ['a', 'b'], standardization: { mean: [1, 2], std: [3, 4] } },
  });
  assert.deepEqual(Object.keys(tensors), ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.deepEqual(tensors['0.weight']?.shape, [3, 2]);
  assert.match(source, /^CLASSES = \["no","yes"\]$/m);
  assert.match(source, /^FEATURE_MEAN = \[1,2\]$/m);
  assert.match(source, /^FEATURE_STD = \[3,4\]$/m);
  assert.match(source, /^INPUT_SHAPE = \(2,\)/m);
  assert.match(source, /model\.load_state_dict\(load_file\("model\.safetensors"\)\)/);
});

test('PyTorch: a dropout whose scaling cannot be folded is UNSUPPORTED, naming the layer', () => {
  const refuses = (layers: string, pattern: RegExp): void =>
    assert.throws(
      () => exportPytorch(seq([4], layers)),
      (e: unknown) => e instanceof ScratchnetError && e.code === 'UNSUPPORTED' && pattern.test(e.message),
    );
  refuses(
    'dense3,tanh,dropout0.5,tanh,dense2',
    /^exportPytorch: layer 3 \(dropout0.5\): .*: layer 4 \(tanh\) comes before/,
  );
  refuses('dense3,sigmoid,dropout,bn,dense2', /layer 3 \(dropout\): .*: layer 4 \(bn\) comes before/);
  refuses('dropout0.5,sigmoid,dense2', /layer 1 \(dropout0.5\): .*: layer 2 \(sigmoid\) comes before/);
  refuses('dense3,relu,dense2,tanh,dropout0.1', /layer 5 \(dropout0.1\): .*none follows/);
  assert.throws(() => exportPytorch(null as never), { code: 'BAD_ARGUMENT' });
  assert.throws(
    () => exportPytorch(seq([4], 'dense2'), { opset: 17 } as never),
    /exportPytorch: unknown option "opset"/,
  );
});
