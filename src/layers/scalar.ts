/**
 * The book's first computational-graph nodes (section 5.4), on plain numbers: the shopping example
 * multiplies prices and counts and adds them up, then sends the gradient of the total back.
 */

/** z = x·y; backward gives (dout·y, dout·x). */
export class MulLayer {
  private x = 0;
  private y = 0;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }

  backward(dout: number): [dx: number, dy: number] {
    // Each input's gradient is the upstream gradient times the *other* input.
    return [dout * this.y, dout * this.x];
  }
}

/** z = x + y; backward passes dout to both inputs unchanged. */
export class AddLayer {
  forward(x: number, y: number): number {
    return x + y;
  }

  backward(dout: number): [dx: number, dy: number] {
    return [dout, dout];
  }
}
