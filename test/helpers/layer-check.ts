// Checks a layer's backward against central differences of L = Σ forward(x)·R for a fixed random R.
import { numericalGradient, type NDArray, Random, type Layer, type ParamLayer } from '../../src/index.js';

export interface LayerCheck {
  /** mean |analytic − numerical| for dx and for each parameter. */
  [name: string]: number;
}

function meanAbsDiff(a: NDArray, b: NDArray): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += Math.abs(a.data[i]! - b.data[i]!);
  return a.size === 0 ? 0 : s / a.size;
}

export function checkLayer(layer: Layer, x: NDArray, seed = 1, train = true): LayerCheck {
  const rng = new Random(seed);
  const out = layer.forward(x, { train });
  const R = rng.randn(out.shape);
  const loss = (): number => layer.forward(x, { train }).mul(R).sum();
  loss();
  const dx = layer.backward(R);
  const result: LayerCheck = { dx: meanAbsDiff(dx, numericalGradient(loss, x)) };
  const p = layer as Partial<ParamLayer>;
  if (typeof p.params === 'function' && typeof p.grads === 'function') {
    const grads = Object.fromEntries(Object.entries(p.grads()).map(([k, g]) => [k, g.copy()]));
    for (const [key, param] of Object.entries(p.params())) {
      result[key] = meanAbsDiff(grads[key]!, numericalGradient(loss, param));
    }
  }
  return result;
}

/** Uniform values in ±[0.05, 1]: never within the numerical step of ReLU's kink at 0. */
export function awayFromZero(rng: Random, shape: number[]): NDArray {
  const x = rng.uniform(0.05, 1, shape);
  for (let i = 0; i < x.size; i++) if (rng.random() < 0.5) x.data[i] = -x.data[i]!;
  return x;
}
