/**
 * The book's first computational-graph nodes (section 5.4), on plain numbers: the shopping example
 * multiplies prices and counts and adds them up, then sends the gradient of the total back.
 */
import { checkNumber } from '../validate.js';

/** z = x·y; backward gives (dout·y, dout·x). */
export class MulLayer {
  private x = 0;
  private y = 0;

  /** x·y, remembering both for backward. Throws BAD_ARGUMENT unless both are numbers. */
  forward(x: number, y: number): number {
    checkNumber(x, 'x', 'MulLayer.forward()');
    checkNumber(y, 'y', 'MulLayer.forward()');
    this.x = x;
    this.y = y;
    return x * y;
  }

  /** The gradients `[dout·y, dout·x]` for the last forward pass. */
  backward(dout: number): [dx: number, dy: number] {
    checkNumber(dout, 'dout', 'MulLayer.backward()');
    // Each input's gradient is the upstream gradient times the *other* input.
    return [dout * this.y, dout * this.x];
  }
}

/** z = x + y; backward passes dout to both inputs unchanged. */
export class AddLayer {
  /** x + y. Throws BAD_ARGUMENT unless both are numbers. */
  forward(x: number, y: number): number {
    checkNumber(x, 'x', 'AddLayer.forward()');
    checkNumber(y, 'y', 'AddLayer.forward()');
    return x + y;
  }

  /** Both gradients are `dout` itself: an addition passes the gradient to both inputs unchanged. */
  backward(dout: number): [dx: number, dy: number] {
    checkNumber(dout, 'dout', 'AddLayer.backward()');
    return [dout, dout];
  }
}
