// Book section 5.4.1: buying apples through a computational graph of MulLayers.
// Prints what ch05/buy_apple.py prints (it truncates the price with int(), as here with Math.trunc).
import { MulLayer } from '../../src/index.js';

const apple = 100;
const appleNum = 2;
const tax = 1.1;

const mulAppleLayer = new MulLayer();
const mulTaxLayer = new MulLayer();

// forward
const applePrice = mulAppleLayer.forward(apple, appleNum);
const price = mulTaxLayer.forward(applePrice, tax);

// backward
const dprice = 1;
const [dApplePrice, dTax] = mulTaxLayer.backward(dprice);
const [dApple, dAppleNum] = mulAppleLayer.backward(dApplePrice);

console.log('price:', Math.trunc(price));
console.log('dApple:', dApple);
console.log('dApple_num:', Math.trunc(dAppleNum));
console.log('dTax:', dTax);
