// Book section 5.5.2: apples and oranges, with an AddLayer joining the two branches.
// Prints what ch05/buy_apple_orange.py prints.
import { AddLayer, MulLayer } from '../../src/index.js';

const apple = 100;
const appleNum = 2;
const orange = 150;
const orangeNum = 3;
const tax = 1.1;

const mulAppleLayer = new MulLayer();
const mulOrangeLayer = new MulLayer();
const addAppleOrangeLayer = new AddLayer();
const mulTaxLayer = new MulLayer();

// forward
const applePrice = mulAppleLayer.forward(apple, appleNum);
const orangePrice = mulOrangeLayer.forward(orange, orangeNum);
const allPrice = addAppleOrangeLayer.forward(applePrice, orangePrice);
const price = mulTaxLayer.forward(allPrice, tax);

// backward
const dprice = 1;
const [dAllPrice, dTax] = mulTaxLayer.backward(dprice);
const [dApplePrice, dOrangePrice] = addAppleOrangeLayer.backward(dAllPrice);
const [dOrange, dOrangeNum] = mulOrangeLayer.backward(dOrangePrice);
const [dApple, dAppleNum] = mulAppleLayer.backward(dApplePrice);

console.log('price:', Math.trunc(price));
console.log('dApple:', dApple);
console.log('dApple_num:', Math.trunc(dAppleNum));
console.log('dOrange:', dOrange);
console.log('dOrange_num:', Math.trunc(dOrangeNum));
console.log('dTax:', dTax);
