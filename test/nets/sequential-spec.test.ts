// The compact layer spec: exact round trips, unknown names refused, and a property test over random
// specs: either a network whose predict gives the shape summary() promised, or an error naming a layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatLayers, type LayerSpec, parseLayers, Random, ScratchnetError, Sequential } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

test('parseLayers reads every compact form, and formatLayers gives the text back exactly', () => {
  const text =
    'conv30x5,relu,pool2,dense100,relu,dense10,conv16x3p1,conv32x3s2,conv8x3s2p1,pool2s2,avgpool2,avgpool3s1,bn,dropout0.5,dropout,tanh,sigmoid,leakyrelu0.01,leakyrelu,flatten';
  const layers = parseLayers(text);
  assert.deepEqual(layers.slice(0, 3), [
    { type: 'conv', filters: 30, size: 5 },
    { type: 'relu' },
    { type: 'maxpool', size: 2 },
  ]);
  assert.deepEqual(layers[6], { type: 'conv', filters: 16, size: 3, pad: 1 });
  assert.deepEqual(layers[7], { type: 'conv', filters: 32, size: 3, stride: 2 });
  assert.deepEqual(layers[9], { type: 'maxpool', size: 2, stride: 2 });
  assert.deepEqual(layers[12], { type: 'batchnorm' });
  assert.deepEqual(layers[13], { type: 'dropout', ratio: 0.5 });
  assert.deepEqual(layers[17], { type: 'leaky-relu', alpha: 0.01 });
  assert.equal(formatLayers(layers), text);
  assert.deepEqual(parseLayers(' dense3 , relu '), [{ type: 'dense', units: 3 }, { type: 'relu' }]);
});

test('parseLayers names an unknown token, its position and the known layers', () => {
  throwsWith(
    () => parseLayers('dense10,relu,softmax'),
    'BAD_ARGUMENT',
    /"softmax"/,
    /position 3/,
    /dense<units>/,
    /leakyrelu/,
  );
  throwsWith(() => parseLayers('conv3x3p1s2'), 'BAD_ARGUMENT', /"conv3x3p1s2"/, /position 1/);
  throwsWith(() => parseLayers('dense10,,dense2'), 'BAD_ARGUMENT', /""/, /position 2/);
  throwsWith(() => parseLayers(''), 'BAD_ARGUMENT', /parseLayers/);
});

test('formatLayers refuses what the compact form cannot carry', () => {
  throwsWith(
    () => formatLayers([{ type: 'dense', units: 3, weightInit: 'xavier' }]),
    'BAD_ARGUMENT',
    /layer 1 \(dense3\)/,
    /weightInit/,
  );
  throwsWith(() => formatLayers([{ type: 'softmax' } as unknown as LayerSpec]), 'BAD_ARGUMENT', /layer 1/, /"softmax"/);
});

const small = (max: number) => fc.integer({ min: 1, max });
const layerArb: fc.Arbitrary<LayerSpec> = fc.oneof(
  small(6).map((units) => ({ type: 'dense' as const, units })),
  fc
    .record({
      filters: small(3),
      size: small(4),
      stride: fc.option(small(2), { nil: undefined }),
      pad: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    })
    .map(({ stride, pad, ...rest }) => ({
      type: 'conv' as const,
      ...rest,
      ...(stride === undefined ? {} : { stride }),
      ...(pad === undefined ? {} : { pad }),
    })),
  fc
    .record({
      type: fc.constantFrom('maxpool' as const, 'avgpool' as const),
      size: small(3),
      stride: fc.option(small(2), { nil: undefined }),
    })
    .map(({ stride, ...rest }) => ({ ...rest, ...(stride === undefined ? {} : { stride }) })),
  fc.constantFrom<LayerSpec>(
    { type: 'flatten' },
    { type: 'relu' },
    { type: 'sigmoid' },
    { type: 'tanh' },
    { type: 'batchnorm' },
  ),
  fc
    .option(fc.constantFrom(0.01, 0.2, 0.05), { nil: undefined })
    .map((alpha) => ({ type: 'leaky-relu' as const, ...(alpha === undefined ? {} : { alpha }) })),
  fc
    .option(fc.constantFrom(0.5, 0.25, 0.1), { nil: undefined })
    .map((ratio) => ({ type: 'dropout' as const, ...(ratio === undefined ? {} : { ratio }) })),
);
const inputArb = fc.oneof(
  fc.tuple(small(5)).map((s) => [...s]),
  fc.tuple(small(2), small(6), small(6)).map((s) => [...s]),
);

test('property: random specs round-trip, and build a network whose predict matches summary(), or fail naming a layer', () => {
  const seen = { built: 0, refused: 0 };
  fc.assert(
    fc.property(inputArb, fc.array(layerArb, { minLength: 1, maxLength: 6 }), small(4), (inputShape, body, outputs) => {
      const layers = [...body, { type: 'dense' as const, units: outputs + 1 }];
      const text = formatLayers(layers);
      assert.deepEqual(parseLayers(text), layers);
      assert.equal(formatLayers(parseLayers(text)), text);
      let net: Sequential;
      try {
        net = new Sequential({ inputShape, layers: text, seed: 1 });
      } catch (error) {
        assert.ok(error instanceof ScratchnetError, String(error));
        assert.equal(error.code, 'SHAPE_MISMATCH', error.message);
        assert.match(error.message, /layer \d+ \(/);
        assert.match(error.message, /\(\d+(, \d+)*,?\)/);
        seen.refused++;
        return;
      }
      const x = new Random(2).randn([3, ...inputShape], { dtype: 'float32' });
      const y = net.predict(x, { train: true });
      assert.deepEqual(y.shape, [3, outputs + 1]);
      assert.deepEqual(net.predict(x).shape, [3, outputs + 1]);
      seen.built++;
      const lastRow = net.summary().split('\n').at(-3) ?? '';
      assert.match(
        lastRow,
        new RegExp(`^\\s*${layers.length}\\s+dense${outputs + 1}\\s+Affine\\s+\\(None, ${outputs + 1}\\)`),
      );
    }),
    { numRuns: 200, seed: 42 },
  );
  assert.ok(seen.built > 20 && seen.refused > 20, JSON.stringify(seen));
});
