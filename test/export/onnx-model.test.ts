// The exported file itself: header, input and output, metadata, node list, initializers; and what
// the export refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SCRATCHNET_VERSION } from '../../src/export/version.js';
import type { BuiltLayer } from '../../src/nets/sequential-layers.js';
import {
  architectureFromMetadata,
  exportOnnx,
  MultiLayerNet,
  type Layer,
  ScratchnetError,
  Sequential,
  type SequentialConfig,
  SimpleConvNet,
} from '../../src/index.js';
import { readOnnx } from './onnx-read.js';

test('the header: IR 8, opset 17 by default, producer scratchnet and its version', () => {
  const model = readOnnx(exportOnnx(new Sequential<SequentialConfig>({ inputShape: [4], layers: 'dense3', seed: 1 })));
  assert.equal(model.irVersion, 8);
  assert.deepEqual(model.opsets, [{ domain: '', version: 17 }]);
  assert.equal(model.producerName, 'scratchnet');
  assert.equal(model.producerVersion, SCRATCHNET_VERSION);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(SCRATCHNET_VERSION, pkg.version, 'the version written into models is the package version');
  const later = readOnnx(
    exportOnnx(new Sequential<SequentialConfig>({ inputShape: [4], layers: 'dense3', seed: 1 }), { opset: 21 }),
  );
  assert.deepEqual([later.irVersion, later.opsets[0]?.version], [9, 21]);
});

test('one input `input` [batch, ...inputShape], one output `output` [batch, classes]', () => {
  const mlp = readOnnx(exportOnnx(new MultiLayerNet({ inputSize: 784, hiddenSizes: [50], outputSize: 10, seed: 1 })));
  assert.deepEqual(mlp.inputs, [{ name: 'input', dims: ['batch', 784] }]);
  assert.deepEqual(mlp.outputs, [{ name: 'output', dims: ['batch', 10] }]);
  const conv = readOnnx(exportOnnx(new SimpleConvNet({ filterNum: 2, hiddenSize: 4, seed: 1 })));
  assert.deepEqual(conv.inputs, [{ name: 'input', dims: ['batch', 1, 28, 28] }]);
});

test('nodes and float32 initializers under the network names, whatever the dtype', () => {
  const net = new MultiLayerNet({
    inputSize: 6,
    hiddenSizes: [5],
    outputSize: 3,
    useBatchNorm: true,
    useDropout: true,
    dtype: 'float64',
    seed: 1,
  });
  const model = readOnnx(exportOnnx(net));
  assert.deepEqual(
    model.nodes.map((n) => n.opType),
    ['Gemm', 'BatchNormalization', 'Relu', 'Mul', 'Gemm', 'Softmax'],
  );
  assert.deepEqual(model.nodes[1]?.attributes, ['epsilon']);
  assert.deepEqual(model.nodes.at(-1)?.outputs, ['output']);
  assert.deepEqual(model.nodes[0]?.inputs, ['input', 'W1', 'b1']);
  const initializers = Object.fromEntries(model.initializers.map((t) => [t.name, t]));
  assert.deepEqual(initializers.W1, { name: 'W1', dims: [6, 5], dataType: 1, bytes: 6 * 5 * 4 });
  assert.deepEqual(initializers.runningVar1?.dims, [5]);
  assert.deepEqual(initializers.dropout4_scale, { name: 'dropout4_scale', dims: [], dataType: 1, bytes: 4 });
});

test('metadata: the architecture scratchnet reads back, and the class names', () => {
  const net = new Sequential<SequentialConfig>({ inputShape: [3], layers: 'dense4,relu,dense2', seed: 1 });
  const data = {
    classes: ['no', 'yes'],
    featureNames: ['a', 'b', 'c'],
    standardization: { mean: [0, 1, 2], std: [1, 2, 3] },
  };
  const model = readOnnx(exportOnnx(net, { data }));
  assert.deepEqual(JSON.parse(model.metadata['scratchnet.classes'] ?? 'null'), ['no', 'yes']);
  const arch = architectureFromMetadata({ architecture: model.metadata['scratchnet.architecture'] ?? '' });
  assert.ok(arch?.type === 'sequential');
  assert.deepEqual(arch.classes, ['no', 'yes']);
  assert.deepEqual(arch.standardization, data.standardization);
  assert.deepEqual(
    model.nodes.slice(0, 2).map((n) => [n.opType, n.inputs]),
    [
      ['Sub', ['input', 'standardization_mean']],
      ['Div', ['sub_1', 'standardization_std']],
    ],
  );
  assert.equal(readOnnx(exportOnnx(net)).metadata['scratchnet.classes'], undefined);
});

test('refusals: a net scratchnet cannot save, an opset outside 13..21, unknown options, scaling that does not fit', () => {
  const net = new Sequential<SequentialConfig>({ inputShape: [3], layers: 'dense2', seed: 1 });
  const refuses = (f: () => unknown, code: string, pattern: RegExp): void =>
    assert.throws(f, (e: unknown) => e instanceof ScratchnetError && e.code === code && pattern.test(e.message));
  refuses(() => exportOnnx({} as never), 'BAD_ARGUMENT', /^exportOnnx: net must be a Sequential/);
  for (const opset of [12, 22, 17.5, '17']) {
    refuses(
      () => exportOnnx(net, { opset: opset as never }),
      'BAD_ARGUMENT',
      /exportOnnx: options.opset must be an integer from 13 to 21/,
    );
  }
  refuses(() => exportOnnx(net, { opsets: 17 } as never), 'BAD_ARGUMENT', /exportOnnx: unknown option "opsets"/);
  refuses(
    () => exportOnnx(net, { data: { standardization: { mean: [0], std: [1] } } }),
    'BAD_ARGUMENT',
    /exportOnnx: .*3 means and standard deviations/,
  );
  refuses(
    () => exportOnnx(net, { data: { standardization: { mean: [0, 0, 0], std: [1, 0, 1] } } }),
    'BAD_ARGUMENT',
    /exportOnnx: data.standardization must hold finite means and positive finite standard deviations/,
  );
});

test('a layer the export cannot express is UNSUPPORTED, naming its position, spec and class', () => {
  const net = new Sequential<SequentialConfig>({ inputShape: [3], layers: 'dense4,relu,dense2', seed: 1 });
  const built = net.built as BuiltLayer[];
  const odd: Layer = { name: 'Odd', forward: (x) => x, backward: (d) => d };
  built[1] = { ...built[1]!, layer: odd, typeName: 'OddLayer' };
  assert.throws(
    () => exportOnnx(net),
    (e: unknown) =>
      e instanceof ScratchnetError &&
      e.code === 'UNSUPPORTED' &&
      /exportOnnx: layer 2 \(relu\): the layer OddLayer/.test(e.message),
  );
});
