/**
 * Drawing the 2-D data page on canvases: the output as a heatmap under the points (class 1 blue,
 * class 0 orange, paler where the network is unsure), the sine's fitted curve, and each hidden unit's
 * value as a small heatmap (blue positive, orange negative).
 */
import type { PlaneData, PlaneDataset } from './datasets.js';
import { recordUnitExtremes, unitExtremes } from './unit-text.js';

/** Grid cells per side of the plane's heatmaps. */
export const GRID = 40;
/** Points along x where the sine's curve and its units are evaluated. */
export const LINE_POINTS = 120;
/** The view of the plane and of the sine's x and y: [-LIMIT, LIMIT]. */
const LIMIT = 1.1;

const BLUE: readonly [number, number, number] = [8, 119, 189];
const ORANGE: readonly [number, number, number] = [245, 147, 34];

/** The grid's points, row by row from the top: GRID² (x, y) pairs, or LINE_POINTS x values for one input. */
export function gridPoints(inputs: number): Float32Array {
  if (inputs === 1)
    return Float32Array.from({ length: LINE_POINTS }, (_, i) => -LIMIT + (2 * LIMIT * i) / (LINE_POINTS - 1));
  const out = new Float32Array(GRID * GRID * 2);
  for (let row = 0; row < GRID; row++) {
    for (let col = 0; col < GRID; col++) {
      const i = row * GRID + col;
      out[2 * i] = -LIMIT + (2 * LIMIT * (col + 0.5)) / GRID;
      out[2 * i + 1] = LIMIT - (2 * LIMIT * (row + 0.5)) / GRID;
    }
  }
  return out;
}

/** The grid points, made once: every hidden unit is read on them every few frames. */
const gridPoints2 = gridPoints(2);
const gridPoints1 = gridPoints(1);

/** White blended toward blue (`v` > 0) or orange (`v` < 0) by |v| (in [0, 1]). */
function tint(v: number): [number, number, number] {
  const a = Math.min(1, Math.abs(v));
  const c = v >= 0 ? BLUE : ORANGE;
  return [255 + (c[0] - 255) * a, 255 + (c[1] - 255) * a, 255 + (c[2] - 255) * a];
}

/** Paints GRID×GRID `values` (in [-1, 1]) over the whole of `canvas`, smoothly scaled. */
function paintGrid(canvas: HTMLCanvasElement, values: ArrayLike<number>): void {
  const small = document.createElement('canvas');
  small.width = GRID;
  small.height = GRID;
  const image = small.getContext('2d')!.createImageData(GRID, GRID);
  for (let i = 0; i < GRID * GRID; i++) {
    const [r, g, b] = tint(values[i]!);
    image.data.set([r, g, b, 255], 4 * i);
  }
  small.getContext('2d')!.putImageData(image, 0, 0);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
}

/** Canvas pixel of a data point. */
function toPixel(canvas: HTMLCanvasElement, x: number, y: number): [number, number] {
  return [((x + LIMIT) / (2 * LIMIT)) * canvas.width, ((LIMIT - y) / (2 * LIMIT)) * canvas.height];
}

/** The samples of `part` as dots: training ones filled, test ones as rings. */
function drawPoints(canvas: HTMLCanvasElement, data: PlaneDataset, part: PlaneData, test: boolean): void {
  const ctx = canvas.getContext('2d')!;
  const radius = canvas.width / 110;
  for (let i = 0; i < part.count; i++) {
    const [px, py] =
      data.inputs === 2 ? toPixel(canvas, part.x[2 * i]!, part.x[2 * i + 1]!) : toPixel(canvas, part.x[i]!, part.y[i]!);
    const colour = data.task === 'regression' ? [80, 80, 80] : part.y[i] === 1 ? BLUE : ORANGE;
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    ctx.fillStyle = test ? '#ffffff' : `rgb(${colour.join(',')})`;
    ctx.strokeStyle = test ? `rgb(${colour.join(',')})` : '#ffffff';
    ctx.lineWidth = test ? radius * 0.6 : radius * 0.35;
    ctx.fill();
    ctx.stroke();
  }
}

/** A curve through `values` over the x grid, in the y range [-LIMIT, LIMIT] scaled by `scale`. */
function drawCurve(canvas: HTMLCanvasElement, values: ArrayLike<number>, scale: number, colour: string): void {
  const ctx = canvas.getContext('2d')!;
  const xs = gridPoints(1);
  ctx.beginPath();
  for (let i = 0; i < LINE_POINTS; i++) {
    const [px, py] = toPixel(canvas, xs[i]!, Math.max(-LIMIT, Math.min(LIMIT, values[i]! * scale)));
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.strokeStyle = colour;
  ctx.lineWidth = Math.max(1.5, canvas.width / 150);
  ctx.stroke();
}

/** The main view: the output's heatmap (or the fitted curve for the sine) and every sample on it. */
export function drawOutput(canvas: HTMLCanvasElement, data: PlaneDataset, output: Float32Array | null): void {
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (output !== null && data.task === 'classes') {
    // 0.5 is white, a sure class its full colour (a little paler, so that the dots stand out).
    paintGrid(
      canvas,
      Array.from(output, (p) => (2 * p - 1) * 0.75),
    );
  }
  drawAxes(canvas);
  drawPoints(canvas, data, data.train, false);
  drawPoints(canvas, data, data.test, true);
  if (output !== null && data.task === 'regression') drawCurve(canvas, output, 1, '#0877bd');
}

/** The axes through the origin, faint. */
function drawAxes(canvas: HTMLCanvasElement): void {
  const ctx = canvas.getContext('2d')!;
  const [ox, oy] = toPixel(canvas, 0, 0);
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.15)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, oy);
  ctx.lineTo(canvas.width, oy);
  ctx.moveTo(ox, 0);
  ctx.lineTo(ox, canvas.height);
  ctx.stroke();
}

/** One hidden unit: its values as a heatmap (scaled by the largest |value| of its layer), or as a curve for one input. */
export function drawUnit(canvas: HTMLCanvasElement, values: Float32Array, layerMax: number, inputs: number): void {
  const scale = layerMax > 0 ? 1 / layerMax : 1;
  // The picture in words too: where the unit is highest and lowest.
  recordUnitExtremes(canvas, unitExtremes(values, inputs === 2 ? gridPoints2 : gridPoints1, inputs));
  if (inputs === 2) {
    paintGrid(
      canvas,
      Array.from(values, (v) => v * scale),
    );
    return;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  drawAxes(canvas);
  drawCurve(canvas, values, scale, '#0877bd');
}
