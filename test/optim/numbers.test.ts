// Plain-number parameters, as the book's chapter 6 optimizer_compare_naive.py passes them
// (params = {'x': -7.0, 'y': 2.0}): updated in the object, exactly as 0-d arrays would be.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AdaGrad,
  Adam,
  array,
  Momentum,
  type NDArray,
  Nesterov,
  type Optimizer,
  RMSprop,
  SGD,
} from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const MAKERS: Record<string, () => Optimizer> = {
  SGD: () => new SGD({ lr: 0.95 }),
  Momentum: () => new Momentum({ lr: 0.1 }),
  Nesterov: () => new Nesterov({ lr: 0.1 }),
  AdaGrad: () => new AdaGrad({ lr: 1.5 }),
  RMSprop: () => new RMSprop({ lr: 0.1 }),
  Adam: () => new Adam({ lr: 0.3 }),
};

/** The book's df of f(x, y) = x²/20 + y². */
const df = (x: number, y: number): [number, number] => [x / 10, 2 * y];

for (const [name, make] of Object.entries(MAKERS)) {
  test(`${name}: number parameters change in the object, exactly as 0-d and 1-element arrays do`, () => {
    const numbers = { x: -7, y: 2 };
    const zeroD = { x: array(-7), y: array(2) };
    const oneElement = { x: array([-7]), y: array([2]) };
    const [a, b, c] = [make(), make(), make()];
    for (let i = 0; i < 30; i++) {
      const [gx, gy] = df(numbers.x, numbers.y);
      a.update(numbers, { x: gx, y: gy });
      const [hx, hy] = df(zeroD.x.item(), zeroD.y.item());
      b.update(zeroD, { x: array(hx), y: array(hy) });
      const [kx, ky] = df(oneElement.x.item(), oneElement.y.item());
      c.update(oneElement, { x: array([kx]), y: array([ky]) });
    }
    assert.equal(typeof numbers.x, 'number');
    assert.notEqual(numbers.x, -7);
    assert.equal(numbers.x, zeroD.x.item());
    assert.equal(numbers.y, zeroD.y.item());
    assert.equal(numbers.x, oneElement.x.item());
    assert.equal(numbers.y, oneElement.y.item());
  });

  test(`${name}: numbers and arrays in one params object`, () => {
    const mixed: { W: NDArray; x: number } = { W: array([1, -2]), x: 3 };
    const arrays = { W: array([1, -2]), x: array(3) };
    const [a, b] = [make(), make()];
    for (let i = 0; i < 5; i++) {
      a.update(mixed, { W: mixed.W.mul(0.5), x: mixed.x * 0.5 });
      b.update(arrays, { W: arrays.W.mul(0.5), x: arrays.x.mul(0.5) });
    }
    assert.deepEqual(mixed.W.toArray(), arrays.W.toArray());
    assert.equal(mixed.x, arrays.x.item());
  });

  test(`${name}: a number parameter without a finite number gradient is refused naming the optimizer and the key`, () => {
    const opt = make();
    const where = new RegExp(`^${name}\\.update`);
    throwsWith(
      () => opt.update({ x: 1 }, { x: array(1) }),
      'BAD_ARGUMENT',
      where,
      /gradient 'x' must be a finite number/,
    );
    throwsWith(() => opt.update({ x: array(1) }, { x: 1 }), 'BAD_ARGUMENT', where, /gradient 'x' must be an NDArray/);
    throwsWith(() => opt.update({ x: 1 }, {}), 'BAD_ARGUMENT', where, /no gradient for parameter 'x'/);
    throwsWith(() => opt.update({ x: 1 }, { x: Number.NaN }), 'BAD_ARGUMENT', where, /'x'/);
    throwsWith(
      () => opt.update({ x: Number.POSITIVE_INFINITY }, { x: 1 }),
      'BAD_ARGUMENT',
      where,
      /parameter 'x' must be a finite number/,
    );
    throwsWith(
      () => opt.update({ x: '1' } as never, { x: 1 }),
      'BAD_ARGUMENT',
      where,
      /parameter 'x' must be an NDArray or a number/,
    );
  });
}

test('a number parameter keeps its optimizer state through state() and loadState()', () => {
  const a = new Adam({ lr: 0.3 });
  const params = { x: -7 };
  a.update(params, { x: -0.7 });
  const b = new Adam({ lr: 0.3 });
  b.loadState(a.state());
  const copy = { ...params };
  a.update(params, { x: 0.2 });
  b.update(copy, { x: 0.2 });
  assert.equal(copy.x, params.x);
});
