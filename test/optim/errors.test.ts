// Bad input is refused with a ScratchnetError whose code and message say what and where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  array,
  createOptimizer,
  isOptimizerName,
  OPTIMIZER_NAMES,
  ScratchnetError,
  Adam,
  Momentum,
  SGD,
  type ErrorCode,
  type OptimizerName,
  type OptimizerOptions,
  type OptimizerState,
  type SGDOptions,
} from '../../src/index.js';

function throwsScratchnet(fn: () => unknown, code: ErrorCode, ...fragments: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ScratchnetError, `not a ScratchnetError: ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments)
      assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
    return true;
  });
}

const LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD',
  momentum: 'Momentum',
  nesterov: 'Nesterov',
  adagrad: 'AdaGrad',
  rmsprop: 'RMSprop',
  adam: 'Adam',
};

test('a learning rate that is zero, negative, NaN or infinite is BAD_ARGUMENT naming lr', () => {
  for (const name of OPTIMIZER_NAMES) {
    for (const lr of [0, -0.01, NaN, Infinity, -Infinity]) {
      throwsScratchnet(() => createOptimizer(name, { lr }), 'BAD_ARGUMENT', LABELS[name], "'lr'", String(lr));
    }
  }
  const sgd = new SGD();
  throwsScratchnet(
    () => {
      sgd.lr = 0;
    },
    'BAD_ARGUMENT',
    'SGD',
    "'lr'",
  );
  assert.equal(sgd.lr, 0.01);
});

test('decay rates outside [0, 1) are BAD_ARGUMENT naming the option', () => {
  throwsScratchnet(() => new Momentum({ momentum: 1 }), 'BAD_ARGUMENT', 'Momentum', "'momentum'", '[0, 1)', '1');
  throwsScratchnet(() => createOptimizer('nesterov', { momentum: -0.1 }), 'BAD_ARGUMENT', 'Nesterov', "'momentum'");
  throwsScratchnet(() => createOptimizer('rmsprop', { decayRate: 1 }), 'BAD_ARGUMENT', 'RMSprop', "'decayRate'");
  throwsScratchnet(() => new Adam({ beta1: 1 }), 'BAD_ARGUMENT', 'Adam', "'beta1'");
  throwsScratchnet(() => new Adam({ beta2: NaN }), 'BAD_ARGUMENT', 'Adam', "'beta2'", 'NaN');
  assert.equal(new Momentum({ momentum: 0 }).momentum, 0);
});

test('an option the optimizer does not take, or one that is not a number, is BAD_ARGUMENT', () => {
  const fromCli: OptimizerOptions = { lr: 0.1, momentum: 0.9 };
  throwsScratchnet(() => createOptimizer('sgd', fromCli), 'BAD_ARGUMENT', 'SGD', "unknown option 'momentum'", "'lr'");
  throwsScratchnet(() => new SGD({ learningRate: 0.1 } as unknown as SGDOptions), 'BAD_ARGUMENT', "'learningRate'");
  throwsScratchnet(() => new SGD({ lr: '0.1' } as unknown as SGDOptions), 'BAD_ARGUMENT', "'lr'", 'number', '"0.1"');
  throwsScratchnet(() => new SGD(null as unknown as SGDOptions), 'BAD_ARGUMENT', 'options must be an object');
});

test('createOptimizer refuses an unknown name, listing the known ones', () => {
  throwsScratchnet(
    () => createOptimizer('adamw' as OptimizerName),
    'BAD_ARGUMENT',
    '"adamw"',
    'sgd, momentum, nesterov, adagrad, rmsprop, adam',
  );
  assert.ok(isOptimizerName('rmsprop'));
  assert.ok(!isOptimizerName('adamw'));
  assert.ok(!isOptimizerName(3));
});

test('a gradient whose shape differs from its parameter is SHAPE_MISMATCH naming it and both shapes', () => {
  for (const name of OPTIMIZER_NAMES) {
    const optimizer = createOptimizer(name);
    throwsScratchnet(
      () =>
        optimizer.update(
          {
            W1: array([
              [1, 2, 3],
              [4, 5, 6],
            ]),
          },
          {
            W1: array([
              [1, 2],
              [3, 4],
              [5, 6],
            ]),
          },
        ),
      'SHAPE_MISMATCH',
      `${LABELS[name]}.update`,
      "'W1'",
      '(3, 2)',
      '(2, 3)',
    );
  }
});

test('a missing gradient, or a gradient with no parameter, is SHAPE_MISMATCH naming it', () => {
  const adam = new Adam();
  const W = array([1, 2]);
  throwsScratchnet(
    () => adam.update({ W, b: array([0]) }, { W: array([1, 1]) }),
    'SHAPE_MISMATCH',
    "no gradient for parameter 'b'",
    '(1,)',
  );
  throwsScratchnet(
    () => adam.update({ W }, { W: array([1, 1]), W2: array([3, 3, 3]) }),
    'SHAPE_MISMATCH',
    "gradient 'W2'",
    '(3,)',
    "parameters: 'W'",
  );
  // A name Object.prototype happens to have is still missing.
  throwsScratchnet(() => adam.update({ toString: W }, {}), 'SHAPE_MISMATCH', "'toString'");
});

test('a refused update changes nothing: parameters, buffers and the iteration count stay as they were', () => {
  const adam = new Adam({ lr: 0.1 });
  const W = array([1, 2]);
  const b = array([3]);
  adam.update({ W, b }, { W: array([1, 1]), b: array([1]) });
  const before = { W: Array.from(W.data), b: Array.from(b.data), state: adam.state() };
  // W comes first and is fine; b's gradient is the wrong shape. W must not have moved.
  throwsScratchnet(() => adam.update({ W, b }, { W: array([1, 1]), b: array([1, 1]) }), 'SHAPE_MISMATCH', "'b'");
  assert.deepEqual(Array.from(W.data), before.W);
  assert.deepEqual(Array.from(b.data), before.b);
  assert.deepEqual(adam.state(), before.state);
});

test('an integer parameter is BAD_DTYPE (updating it in place would truncate every step)', () => {
  throwsScratchnet(
    () => new SGD().update({ W: array([1, 2], { dtype: 'int32' }) }, { W: array([0.5, 0.5]) }),
    'BAD_DTYPE',
    "'W'",
    'int32',
  );
});

test('a parameter whose shape changed since its buffers were made is SHAPE_MISMATCH', () => {
  const momentum = new Momentum();
  momentum.update({ W: array([1, 2]) }, { W: array([1, 1]) });
  throwsScratchnet(
    () => momentum.update({ W: array([1, 2, 3]) }, { W: array([1, 1, 1]) }),
    'SHAPE_MISMATCH',
    "'W'",
    '(2,)',
    '(3,)',
  );
  const loaded = new Momentum();
  loaded.loadState({
    name: 'momentum',
    options: {},
    iteration: 1,
    buffers: { W: { v: { shape: [2, 2], dtype: 'float64', data: [0, 0, 0, 0] } } },
  });
  throwsScratchnet(
    () => loaded.update({ W: array([1, 2]) }, { W: array([1, 1]) }),
    'SHAPE_MISMATCH',
    "'W'",
    '(2, 2)',
    '(2,)',
  );
});

test("loadState refuses another optimizer's state and malformed states, and keeps its own", () => {
  const adam = new Adam();
  adam.update({ W: array([1]) }, { W: array([1]) });
  const good = adam.state();
  const broken = (patch: (s: OptimizerState) => void): OptimizerState => {
    const s = JSON.parse(JSON.stringify(good)) as OptimizerState;
    patch(s);
    return s;
  };
  throwsScratchnet(() => adam.loadState(new Momentum().state()), 'BAD_ARGUMENT', 'Adam.loadState', 'momentum');
  throwsScratchnet(
    () =>
      adam.loadState(
        broken((s) => {
          s.iteration = -1;
        }),
      ),
    'BAD_ARGUMENT',
    'iteration',
  );
  throwsScratchnet(
    () =>
      adam.loadState(
        broken((s) => {
          s.iteration = 1.5;
        }),
      ),
    'BAD_ARGUMENT',
    'iteration',
  );
  throwsScratchnet(
    () =>
      adam.loadState(
        broken((s) => {
          delete s.buffers.W!.v;
        }),
      ),
    'BAD_ARGUMENT',
    "buffers['W']",
    'exactly m, v',
  );
  throwsScratchnet(
    () =>
      adam.loadState(
        broken((s) => {
          s.buffers.W!.m!.data = [1, 2];
        }),
      ),
    'BAD_ARGUMENT',
    "buffers['W'].m.data",
    '1 numbers',
  );
  throwsScratchnet(
    () =>
      adam.loadState(
        broken((s) => {
          s.buffers.W!.m!.data = [NaN];
          s.buffers = JSON.parse(JSON.stringify(s.buffers));
        }),
      ),
    'BAD_ARGUMENT',
    'data[0]',
    'null',
  );
  throwsScratchnet(
    () =>
      adam.loadState(
        broken((s) => {
          s.buffers.W!.v!.shape = [1, 1];
          s.buffers.W!.v!.data = [0];
        }),
      ),
    'BAD_ARGUMENT',
    "buffers['W'].v",
    '(1, 1)',
    '(1,)',
  );
  throwsScratchnet(
    () =>
      adam.loadState(
        broken((s) => {
          (s.buffers.W!.m as { dtype: string }).dtype = 'int32';
        }),
      ),
    'BAD_ARGUMENT',
    'dtype',
    'int32',
  );
  throwsScratchnet(() => adam.loadState(null as unknown as OptimizerState), 'BAD_ARGUMENT', 'state must be an object');
  assert.deepEqual(adam.state(), good);
});

test('params and grads that are not arrays are BAD_ARGUMENT', () => {
  const sgd = new SGD();
  throwsScratchnet(
    () => sgd.update({ W: [1, 2] } as unknown as Record<string, never>, { W: array([1, 1]) }),
    'BAD_ARGUMENT',
    "parameter 'W'",
    'NDArray',
  );
  throwsScratchnet(
    () => sgd.update({ W: array([1, 2]) }, { W: 3 } as unknown as Record<string, never>),
    'BAD_ARGUMENT',
    "gradient 'W'",
    'NDArray',
  );
});
