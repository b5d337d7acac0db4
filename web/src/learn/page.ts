/** The Learn page: the book's figures of chapters 3 to 5, each one interactive. */
import { setUpActivations } from './activations.js';
import { setUpDescent } from './descent.js';
import { setUpShopping } from './shopping.js';
import { setUpTangent } from './tangent.js';

/** Sets up every figure of the Learn page. */
export function setUpLearnPage(): void {
  setUpActivations();
  setUpTangent();
  setUpDescent();
  setUpShopping();
}
