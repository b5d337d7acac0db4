/**
 * Painting small images of weights and activations on canvases with putImageData: one canvas per
 * image, drawn at its own size in pixels and scaled up by CSS (image-rendering: pixelated).
 */

/** How values become colours: grey scaled to the image's own range, blue/red around zero, or ink in [0, 1]. */
export type PaintScale = 'grey' | 'diverging' | 'ink';

/** A canvas of `width` × `height` pixels with `className`, labelled for screen readers when `label` is given. */
export function createImageCanvas(width: number, height: number, className: string, label?: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.className = className;
  if (label !== undefined) {
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', label);
  }
  return canvas;
}

/** The smallest and largest of `count` values from `start`. */
function rangeOf(values: ArrayLike<number>, start: number, count: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = start; i < start + count; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Writes the colour of `v` in `scale` at pixel `p` of `rgba`; `lo`, `hi` are the image's range. */
function setColour(rgba: Uint8ClampedArray, p: number, v: number, scale: PaintScale, lo: number, hi: number): void {
  let r: number;
  let g: number;
  let b: number;
  if (scale === 'diverging') {
    // White at zero, deeper blue for positive and red for negative weights, scaled by the largest |w|.
    const s = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    const a = Math.min(1, Math.abs(v) / s);
    const fade = Math.round(255 * (1 - a));
    [r, g, b] = v >= 0 ? [fade, fade, 255] : [255, fade, fade];
  } else {
    // Grey: each image scaled to its own range, so weak filters still show their pattern.
    const level = scale === 'ink' ? v : hi > lo ? (v - lo) / (hi - lo) : 0;
    r = g = b = Math.round(255 * Math.min(1, Math.max(0, level)));
  }
  rgba[4 * p] = r;
  rgba[4 * p + 1] = g;
  rgba[4 * p + 2] = b;
  rgba[4 * p + 3] = 255;
}

/** Paints the canvas-sized image of `values` from `start` (row by row) in `scale`. */
export function paintImage(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  start: number,
  scale: PaintScale,
): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const { width, height } = canvas;
  const image = ctx.createImageData(width, height);
  const [lo, hi] = rangeOf(values, start, width * height);
  for (let p = 0; p < width * height; p++) setColour(image.data, p, values[start + p]!, scale, lo, hi);
  ctx.putImageData(image, 0, 0);
}

/** Paints `values` as bars from a zero line (negative values below it) on a canvas one pixel column per bar pair. */
export function paintBars(canvas: HTMLCanvasElement, values: ArrayLike<number>): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const { width, height } = canvas;
  const [lo, hi] = rangeOf(values, 0, values.length);
  const top = Math.max(hi, 0);
  const span = top - Math.min(lo, 0) || 1;
  const zero = Math.round((top / span) * (height - 1));
  const step = width / values.length;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#2563eb';
  for (let i = 0; i < values.length; i++) {
    const h = Math.round((Math.abs(values[i]!) / span) * (height - 1));
    const y = values[i]! >= 0 ? zero - h : zero;
    ctx.fillRect(Math.floor(i * step), y, Math.max(1, Math.floor(step) - 1), Math.max(1, h));
  }
  ctx.fillStyle = '#64748b';
  ctx.fillRect(0, zero, width, 1);
}
