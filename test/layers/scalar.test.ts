// The book's section 5.4 shopping example, forward and backward through MulLayer and AddLayer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MulLayer, AddLayer } from '../../src/index.js';

test('buy_apple: price 220, dApple 2.2, dApple_num 110, dTax 200', () => {
  const mulApple = new MulLayer();
  const mulTax = new MulLayer();
  const applePrice = mulApple.forward(100, 2);
  const price = mulTax.forward(applePrice, 1.1);
  const [dApplePrice, dTax] = mulTax.backward(1);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
  assert.equal(String(price), '220.00000000000003');
  assert.equal(Math.round(price), 220);
  assert.equal(dApple, 2.2);
  assert.equal(dAppleNum, 110.00000000000001);
  assert.equal(Math.round(dAppleNum), 110);
  assert.equal(dTax, 200);
});

test('buy_apple_orange: price 715, dOrange 3.3000000000000003, dOrange_num 165, dTax 650', () => {
  const mulApple = new MulLayer();
  const mulOrange = new MulLayer();
  const addFruit = new AddLayer();
  const mulTax = new MulLayer();
  const applePrice = mulApple.forward(100, 2);
  const orangePrice = mulOrange.forward(150, 3);
  const all = addFruit.forward(applePrice, orangePrice);
  const price = mulTax.forward(all, 1.1);
  const [dAll, dTax] = mulTax.backward(1);
  const [dApplePrice, dOrangePrice] = addFruit.backward(dAll);
  const [dOrange, dOrangeNum] = mulOrange.backward(dOrangePrice);
  const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
  assert.equal(String(price), '715.0000000000001');
  assert.equal(Math.round(price), 715);
  assert.equal(String(dOrange), '3.3000000000000003');
  assert.equal(Math.round(dOrangeNum), 165);
  assert.equal(dTax, 650);
  assert.equal(dApple, 2.2);
  assert.equal(Math.round(dAppleNum), 110);
});
