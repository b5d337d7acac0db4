/**
 * A hidden unit's picture in words, for screen readers: its highest and lowest output and where on
 * the plane (or along x, for one input) they fall. The numbers live in the canvas's data attributes,
 * so the words can be said again in another language without reading the network again.
 */
import { fixed, t } from '../i18n/language.js';

/** Where a unit's extremes fall: `x`, `y` (y absent for one input) and the value there. */
interface Extreme {
  readonly value: number;
  readonly x: number;
  readonly y?: number;
}

/** The largest and the smallest of `values`, at the grid points `points` (pairs for two inputs). */
export function unitExtremes(
  values: ArrayLike<number>,
  points: ArrayLike<number>,
  inputs: number,
): { high: Extreme; low: Extreme } {
  let hi = 0;
  let lo = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! > values[hi]!) hi = i;
    if (values[i]! < values[lo]!) lo = i;
  }
  const at = (i: number): Extreme =>
    inputs === 2
      ? { value: values[i]!, x: points[2 * i]!, y: points[2 * i + 1]! }
      : { value: values[i]!, x: points[i]! };
  return { high: at(hi), low: at(lo) };
}

/** Keeps the extremes on `canvas` (data-high="value x y", ...) and names the canvas by them. */
export function recordUnitExtremes(canvas: HTMLCanvasElement, extremes: { high: Extreme; low: Extreme }): void {
  const write = (e: Extreme): string => [e.value, e.x, e.y ?? ''].join(' ').trim();
  canvas.dataset.high = write(extremes.high);
  canvas.dataset.low = write(extremes.low);
  labelUnit(canvas);
}

/** Names a unit's canvas in the page's language: which unit, and its extremes if it was drawn. */
export function labelUnit(canvas: HTMLCanvasElement): void {
  const layer = canvas.closest('.plane-layer')?.querySelector<HTMLElement>('h3')?.dataset.layer ?? '';
  const name = t('plane.unitLabel', { layer, unit: canvas.dataset.unit ?? '' });
  const read = (text: string | undefined): number[] => (text ?? '').split(' ').filter(Boolean).map(Number);
  const [high, hx, hy] = read(canvas.dataset.high);
  const [low, lx, ly] = read(canvas.dataset.low);
  if (high === undefined || low === undefined) {
    canvas.setAttribute('aria-label', name);
    return;
  }
  const place = (x: number | undefined, y: number | undefined): string =>
    y === undefined ? `x = ${fixed(x!, 2)}` : `(${fixed(x!, 2)}, ${fixed(y, 2)})`;
  canvas.setAttribute(
    'aria-label',
    t('charts.unitLabel', {
      name,
      high: fixed(high, 2),
      highAt: place(hx, hy),
      low: fixed(low, 2),
      lowAt: place(lx, ly),
    }),
  );
}
