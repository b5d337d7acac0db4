/**
 * Arrow fields as matplotlib's `plt.quiver(X, Y, U, V, angles="xy")` draws them: a filled arrow from
 * each point (x, y) along (u, v), with lengths auto-scaled so the mean arrow is about half a grid
 * cell, as in the book's figure 4-9 of the negative gradient.
 */
import { ScratchnetError } from '../errors.js';
import { checkSize, finishChart, makeAxes, viewLimits, type TickSpec } from './axes.js';
import { element, fmt } from './svg.js';
import { toNumbers, type Numbers } from './values.js';
import { checkKnownOptions, named } from '../validate.js';

/** Options of `arrowField`. */
export interface ArrowFieldOptions {
  /** Tail positions, one per arrow (flatten a meshgrid). */
  x: Numbers;
  /** Tail y positions, as many as `x`. */
  y: Numbers;
  /** Vector components at each tail, in data units. */
  u: Numbers;
  /** The vectors' y components, as many as `x`. */
  v: Numbers;
  /** Fill colour (default `#666666`, the book's). */
  color?: string;
  /**
   * Vector length per arrow length, as matplotlib's `scale` with `scale_units='width'`: an arrow is
   * |(u, v)| / scale plot widths long. Default: matplotlib's auto-scale.
   */
  scale?: number;
  /** Written over the plot; none by default. */
  title?: string;
  /** Label under the x axis. */
  xLabel?: string;
  /** Label left of the y axis, rotated. */
  yLabel?: string;
  /** x view limits; default the tails' extent padded by 5%. */
  xLim?: readonly [number, number];
  /** y view limits; default the tails' extent padded by 5%. */
  yLim?: readonly [number, number];
  /** Explicit x tick positions, or positions with labels; default matplotlib-style nice ticks. */
  xTicks?: TickSpec;
  /** Explicit y tick positions, or positions with labels. */
  yTicks?: TickSpec;
  /** Grey grid lines at the ticks. */
  grid?: boolean;
  /** Pixels; default 640. */
  width?: number;
  /** Pixels; default 480. */
  height?: number;
  /** Text for the SVG's `<title>`; default the chart title. */
  description?: string;
}

/** matplotlib's arrow proportions, in shaft widths. */
const HEAD_WIDTH = 3;
const HEAD_LENGTH = 5;
const HEAD_AXIS_LENGTH = 4.5;

/**
 * The outline of an arrow of `length` pixels along +x with its tail at the origin. An arrow shorter
 * than its own head shrinks as a whole (matplotlib's `minshaft`), so short arrows keep their shape.
 */
function arrowPath(length: number, shaftWidth: number): string {
  const w = Math.min(shaftWidth, length / HEAD_LENGTH);
  const half = w / 2;
  const neck = length - HEAD_AXIS_LENGTH * w;
  const back = length - HEAD_LENGTH * w;
  const wing = (HEAD_WIDTH * w) / 2;
  return (
    `M0 ${fmt(-half)}L${fmt(neck)} ${fmt(-half)}L${fmt(back)} ${fmt(-wing)}L${fmt(length)} 0` +
    `L${fmt(back)} ${fmt(wing)}L${fmt(neck)} ${fmt(half)}L0 ${fmt(half)}Z`
  );
}

const ARROW_FIELD_OPTIONS = [
  ...['x', 'y', 'u', 'v', 'color', 'scale', 'title', 'xLabel', 'yLabel', 'xLim', 'yLim'],
  ...['xTicks', 'yTicks', 'grid', 'width', 'height', 'description'],
];

/**
 * An arrow field as an SVG document string. Each arrow is a `<path class="arrow">` drawn along +x
 * and placed by `transform="translate(tailX tailY) rotate(degrees)"`; a zero vector is a dot.
 */
export function arrowField(options: ArrowFieldOptions): string {
  return named('arrowField', () => {
    checkKnownOptions(options, ARROW_FIELD_OPTIONS, 'arrowField');
    const { width = 640, height = 480, color = '#666666' } = options;
    checkSize(width, height, 'arrowField');
    const xs = toNumbers(options.x, 'x', 'arrowField');
    const ys = toNumbers(options.y, 'y', 'arrowField');
    const us = toNumbers(options.u, 'u', 'arrowField');
    const vs = toNumbers(options.v, 'v', 'arrowField');
    if (ys.length !== xs.length || us.length !== xs.length || vs.length !== xs.length) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `arrowField: x, y, u and v must have the same length, got ${xs.length}, ${ys.length}, ${us.length}, ${vs.length}`,
      );
    }
    const axes = makeAxes({
      width,
      height,
      xDomain: viewLimits(options.xLim, xs),
      yDomain: viewLimits(options.yLim, ys),
      title: options.title,
      xLabel: options.xLabel,
      yLabel: options.yLabel,
      xTicks: options.xTicks,
      yTicks: options.yTicks,
      grid: options.grid,
    });

    const magnitudes = us.map((u, i) => Math.hypot(u, vs[i]!));
    const finite = magnitudes.filter(
      (m, i) => Number.isFinite(m) && Number.isFinite(xs[i]!) && Number.isFinite(ys[i]!),
    );
    const mean = finite.length === 0 ? 0 : finite.reduce((a, b) => a + b, 0) / finite.length;
    // matplotlib's "crude auto-scaling": the mean arrow is 1/(1.8·max(10, √N)) of the plot width.
    const scale = options.scale ?? (mean > 0 ? 1.8 * mean * Math.max(10, Math.sqrt(finite.length)) : 1);
    if (!(scale > 0) || !Number.isFinite(scale))
      throw new ScratchnetError('BAD_ARGUMENT', `arrowField: scale must be a positive number, got ${scale}`);
    const shaftWidth = 0.005 * axes.plot.width;

    const arrows: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const m = magnitudes[i]!;
      if (!Number.isFinite(m) || !Number.isFinite(xs[i]!) || !Number.isFinite(ys[i]!)) continue;
      const tx = axes.x(xs[i]!);
      const ty = axes.y(ys[i]!);
      const length = (m / scale) * axes.plot.width;
      if (length < shaftWidth) {
        // matplotlib's minlength: a vector too short to point anywhere is drawn as a dot.
        arrows.push(element('circle', { class: 'arrow-dot', cx: tx, cy: ty, r: shaftWidth / 2 }));
        continue;
      }
      // angles='xy': the arrow follows (u, v) in data space, whatever the pixels per unit on each axis.
      const angle = (Math.atan2(axes.y(ys[i]! + vs[i]!) - ty, axes.x(xs[i]! + us[i]!) - tx) * 180) / Math.PI;
      arrows.push(
        element('path', {
          class: 'arrow',
          transform: `translate(${fmt(tx)} ${fmt(ty)}) rotate(${fmt(angle)})`,
          d: arrowPath(length, shaftWidth),
        }),
      );
    }
    const body = [
      axes.background,
      element('g', { class: 'arrows', fill: color, 'clip-path': axes.clipPath }, arrows),
      axes.foreground,
    ].join('');
    return finishChart(width, height, body, options.description ?? options.title);
  });
}
