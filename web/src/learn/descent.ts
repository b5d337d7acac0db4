/**
 * Figures 4-9 and 4-10 together, interactive: the negative gradient field of x0² + x1² (the
 * library's numerical gradient), and gradient descent (the library's `gradientDescent`) from the
 * point you click, with a learning rate from 1e-10 to 10 to see convergence and divergence.
 */
import { chartSize, onRedraw } from '../chart-size.js';
import { t } from '../i18n/language.js';
import { arange, arrowField, gradientDescent, numericalGradient, array, type NDArray } from '../../../src/core.js';
import { clientToData, type PlotFrame, plotFrame, showSvg, svgElement, toSvg } from '../svg-host.js';
import { judgeDescent } from './descent-status.js';

/** The book's function_2. */
function f2(x: NDArray): number {
  let s = 0;
  for (const v of x.data) s += v * v;
  return s;
}

const LIMIT = 5;

/** The arrows: −∇f on a grid, as the book's gradient_2d.py draws them. */
function fieldSvg(): string {
  const axis = [...arange(-4, 4.5, 0.5).data];
  const x: number[] = [],
    y: number[] = [],
    u: number[] = [],
    v: number[] = [];
  for (const x1 of axis) {
    for (const x0 of axis) {
      const g = numericalGradient(f2, array([x0, x1]));
      x.push(x0);
      y.push(x1);
      u.push(-g.data[0]!);
      v.push(-g.data[1]!);
    }
  }
  return arrowField({
    x,
    y,
    u,
    v,
    ...chartSize(560, 520),
    xLim: [-LIMIT, LIMIT],
    yLim: [-LIMIT, LIMIT],
    grid: true,
    color: '#9a9a9a',
    title: t('learn.gdChartTitle'),
    xLabel: 'x0',
    yLabel: 'x1',
  });
}

/** A learning rate shown the way one types it: 0.1, 10, 1e-10. */
function formatLr(lr: number): string {
  return lr >= 1e-3 ? String(Number(lr.toPrecision(3))) : String(lr);
}

/** The start, then the point after each of `stepNum` steps of gradient descent with learning rate `lr`. */
function descentPoints(start: number[], lr: number, stepNum: number): [number, number][] {
  const { x, history } = gradientDescent(f2, start, { lr, stepNum });
  const points: [number, number][] = [];
  for (let i = 0; i < stepNum; i++) points.push([history.data[2 * i]!, history.data[2 * i + 1]!]);
  points.push([x.data[0]!, x.data[1]!]);
  return points;
}

/** Draws the path through `points` into `overlay`: a line, the start as a larger orange dot, the steps as blue dots. */
function drawPath(overlay: SVGGElement, frame: PlotFrame, points: readonly [number, number][]): void {
  overlay.replaceChildren();
  // Points far outside the view are cut to its edge (SVG coordinates of 1e25 break rendering).
  const clamp = (v: number): number => Math.max(-100 * LIMIT, Math.min(100 * LIMIT, v));
  const pixels = points.map(([a, b]) => toSvg(frame, clamp(a), clamp(b)));
  overlay.append(
    svgElement('polyline', {
      points: pixels.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' '),
      fill: 'none',
      stroke: '#1f77b4',
      'stroke-width': 1.5,
    }),
  );
  pixels.forEach(([a, b], i) => {
    overlay.append(
      svgElement('circle', {
        cx: a.toFixed(1),
        cy: b.toFixed(1),
        r: i === 0 ? 6 : 3.5,
        fill: i === 0 ? '#ff7f0e' : '#1f77b4',
      }),
    );
  });
}

/** The first points of the path in words, for the caption under the chart. */
function describePath(points: readonly [number, number][]): string {
  const shown = points
    .slice(0, 6)
    .map(([a, b]) => `(${Number(a.toPrecision(4))}, ${Number(b.toPrecision(4))})`)
    .join(' → ');
  return t('learn.gdPath', { points: `${shown}${points.length > 6 ? ' → …' : ''}` });
}

/** Draws the gradient field into `chart` and returns its root, its plot frame, and a layer for the path. */
function showField(chart: HTMLElement): { root: SVGSVGElement; frame: PlotFrame; overlay: SVGGElement } {
  const root = showSvg(chart, fieldSvg(), t('learn.gdChartLabel'));
  const frame = plotFrame(root);
  const clip = root.querySelector('g.arrows')?.getAttribute('clip-path') ?? '';
  const overlay = svgElement('g', { class: 'descent-path', 'clip-path': clip });
  root.append(overlay);
  return { root, frame, overlay };
}

/** Sets up the gradient descent figure of the Learn page: a run is drawn at once and after every change. */
export function setUpDescent(): void {
  const x0Input = document.getElementById('gd-x0') as HTMLInputElement;
  const x1Input = document.getElementById('gd-x1') as HTMLInputElement;
  const preset = document.getElementById('gd-lr-preset') as HTMLSelectElement;
  const slider = document.getElementById('gd-lr') as HTMLInputElement;
  const lrText = document.getElementById('gd-lr-value')!;
  const steps = document.getElementById('gd-steps') as HTMLSelectElement;
  const status = document.getElementById('gd-status')!;
  const pathText = document.getElementById('gd-path')!;
  const chart = document.getElementById('gd-chart')!;
  // Drawn again (a new root) when the language or the screen width changes.
  let field = showField(chart);

  /** The learning rate: the preset picked, or 10^slider when the slider was moved last. */
  let lr = Number(preset.value);

  function run(): void {
    const start = [Number(x0Input.value), Number(x1Input.value)];
    if (!start.every(Number.isFinite)) {
      status.dataset.state = 'invalid';
      status.textContent = t('learn.gdInvalid');
      return;
    }
    lrText.textContent = formatLr(lr);
    const points = descentPoints(start, lr, Number(steps.value));
    drawPath(field.overlay, field.frame, points);
    const verdict = judgeDescent(points, lr);
    status.dataset.state = verdict.state;
    status.dataset.lr = String(lr);
    status.textContent = verdict.text;
    pathText.textContent = describePath(points);
    // The chart's name says what the path shows: where it starts, how many steps, how it ended.
    field.root.setAttribute(
      'aria-label',
      t('charts.gdLabel', {
        chart: t('learn.gdChartLabel'),
        start: `(${start[0]}, ${start[1]})`,
        steps: points.length - 1,
        verdict: verdict.text,
      }),
    );
  }

  chart.addEventListener('click', (event) => {
    const p = clientToData(field.root, field.frame, event.clientX, event.clientY);
    if (p === null) return;
    x0Input.value = p[0].toFixed(2);
    x1Input.value = p[1].toFixed(2);
    run();
  });
  preset.addEventListener('change', () => {
    if (preset.value === 'custom') return;
    lr = Number(preset.value);
    slider.value = String(Math.log10(lr));
    run();
  });
  slider.addEventListener('input', () => {
    lr = Number((10 ** Number(slider.value)).toPrecision(3));
    const match = [...preset.options].find((o) => Number(o.value) === lr);
    preset.value = match !== undefined ? match.value : 'custom';
    run();
  });
  for (const el of [x0Input, x1Input, steps]) el.addEventListener('change', run);
  onRedraw(() => {
    field = showField(chart);
    run();
  });
  slider.value = String(Math.log10(lr));
  run();
}
