/**
 * matplotlib's legend: a white, slightly translucent box with a light grey edge in a corner of the
 * plot, one row per labelled series with a short sample of its line (and marker). `'best'` picks
 * the location that covers the least data, as matplotlib's `loc='best'` does.
 */
import type { Rect } from './axes.js';
import { CAP_HEIGHT, FONT_SIZE, element, fmt, textElement, textWidth } from './svg.js';

/** Where the legend sits, in matplotlib's words; `'best'` avoids the data. */
export type LegendLocation =
  | 'best'
  | 'upper right'
  | 'upper left'
  | 'lower left'
  | 'lower right'
  | 'center left'
  | 'center right'
  | 'lower center'
  | 'upper center'
  | 'center';

/** The locations `'best'` tries, in matplotlib's order of preference (earlier wins a tie). */
const BEST_ORDER: readonly Exclude<LegendLocation, 'best'>[] = [
  'upper right',
  'upper left',
  'lower left',
  'lower right',
  'center left',
  'center right',
  'lower center',
  'upper center',
  'center',
];

/** Every accepted location name (for validating input from a command line). */
export const LEGEND_LOCATIONS: readonly LegendLocation[] = ['best', ...BEST_ORDER];

/** One legend row: how the series is drawn, and its label. */
export interface LegendEntry {
  /** The text of the row. */
  label: string;
  /** The series' CSS colour. */
  color: string;
  /** Draw a line sample. */
  line: boolean;
  /** Stroke width of the line sample, in pixels. */
  lineWidth: number;
  /** SVG `stroke-dasharray`, or undefined for solid. */
  dashArray: string | undefined;
  /** Marker radius, or 0 for none. */
  markerRadius: number;
  /** Draw a filled square swatch instead of a line (bars, patches). */
  patch?: boolean;
}

/** matplotlib's legend spacing, in ems of the legend font. */
const BORDER_PAD = 0.4;
const LABEL_SPACING = 0.5;
const HANDLE_LENGTH = 2.0;
const HANDLE_TEXT_PAD = 0.8;
const BORDER_AXES_PAD = 0.5;

/** The legend's size in pixels. */
function legendSize(entries: readonly LegendEntry[]): { width: number; height: number } {
  const em = FONT_SIZE;
  const labelWidth = Math.max(...entries.map((e) => textWidth(e.label)));
  return {
    width: (2 * BORDER_PAD + HANDLE_LENGTH + HANDLE_TEXT_PAD) * em + labelWidth,
    height: (2 * BORDER_PAD + entries.length + (entries.length - 1) * LABEL_SPACING) * em,
  };
}

/** The legend's top-left corner at `loc` inside `plot`. */
function placeAt(
  loc: Exclude<LegendLocation, 'best'>,
  plot: Rect,
  size: { width: number; height: number },
): { x: number; y: number } {
  const pad = BORDER_AXES_PAD * FONT_SIZE;
  const left = plot.x + pad;
  const right = plot.x + plot.width - pad - size.width;
  const hCenter = plot.x + (plot.width - size.width) / 2;
  const top = plot.y + pad;
  const bottom = plot.y + plot.height - pad - size.height;
  const vCenter = plot.y + (plot.height - size.height) / 2;
  switch (loc) {
    case 'upper right':
      return { x: right, y: top };
    case 'upper left':
      return { x: left, y: top };
    case 'lower left':
      return { x: left, y: bottom };
    case 'lower right':
      return { x: right, y: bottom };
    case 'center left':
      return { x: left, y: vCenter };
    case 'center right':
      return { x: right, y: vCenter };
    case 'lower center':
      return { x: hCenter, y: bottom };
    case 'upper center':
      return { x: hCenter, y: top };
    case 'center':
      return { x: hCenter, y: vCenter };
  }
}

/** Polylines (pixel coordinates) the legend should avoid; NaN breaks a polyline. */
export type Obstacles = readonly (readonly (readonly [number, number])[])[];

/** How much data a box covers: points inside plus segments crossing it (matplotlib's badness). */
function badness(box: Rect, obstacles: Obstacles): number {
  let count = 0;
  for (const poly of obstacles) {
    for (let i = 0; i < poly.length; i++) {
      const [x0, y0] = poly[i]!;
      if (inside(box, x0, y0)) count++;
      if (i + 1 < poly.length) {
        const [x1, y1] = poly[i + 1]!;
        if (segmentHitsRect(x0, y0, x1, y1, box)) count++;
      }
    }
  }
  return count;
}

function inside(r: Rect, x: number, y: number): boolean {
  return x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;
}

/** Liang–Barsky clipping: does the segment pass through the rectangle? */
function segmentHitsRect(x0: number, y0: number, x1: number, y1: number, r: Rect): boolean {
  if (![x0, y0, x1, y1].every(Number.isFinite)) return false;
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, x0 - r.x],
    [dx, r.x + r.width - x0],
    [-dy, y0 - r.y],
    [dy, r.y + r.height - y0],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/** The location a `'best'` legend takes: the first of matplotlib's order covering the least data. */
export function bestLocation(
  entries: readonly LegendEntry[],
  plot: Rect,
  obstacles: Obstacles,
): Exclude<LegendLocation, 'best'> {
  const size = legendSize(entries);
  let best: Exclude<LegendLocation, 'best'> = 'upper right';
  let bestScore = Infinity;
  for (const loc of BEST_ORDER) {
    const at = placeAt(loc, plot, size);
    const score = badness({ ...at, ...size }, obstacles);
    if (score < bestScore) {
      best = loc;
      bestScore = score;
      if (score === 0) break;
    }
  }
  return best;
}

/** The legend's markup at `loc` inside `plot` (nothing when there are no entries). */
export function renderLegend(
  entries: readonly LegendEntry[],
  loc: LegendLocation,
  plot: Rect,
  obstacles: Obstacles = [],
): string {
  if (entries.length === 0) return '';
  const resolved = loc === 'best' ? bestLocation(entries, plot, obstacles) : loc;
  const size = legendSize(entries);
  const { x, y } = placeAt(resolved, plot, size);
  const em = FONT_SIZE;
  const parts: string[] = [
    element('rect', {
      class: 'legend-frame',
      x,
      y,
      width: size.width,
      height: size.height,
      rx: 0.2 * em,
      fill: '#ffffff',
      'fill-opacity': 0.8,
      stroke: '#cccccc',
      'stroke-width': 1,
    }),
  ];
  entries.forEach((entry, i) => {
    const rowTop = y + (BORDER_PAD + i * (1 + LABEL_SPACING)) * em;
    const midY = rowTop + em / 2;
    const hx0 = x + BORDER_PAD * em;
    const hx1 = hx0 + HANDLE_LENGTH * em;
    const item: string[] = [];
    if (entry.patch === true) {
      item.push(
        element('rect', { x: hx0, y: midY - 0.35 * em, width: hx1 - hx0, height: 0.7 * em, fill: entry.color }),
      );
    }
    if (entry.line) {
      item.push(
        element('path', {
          d: `M${fmt(hx0)} ${fmt(midY)}H${fmt(hx1)}`,
          stroke: entry.color,
          'stroke-width': entry.lineWidth,
          'stroke-dasharray': entry.dashArray,
          fill: 'none',
        }),
      );
    }
    if (entry.markerRadius > 0) {
      item.push(element('circle', { cx: (hx0 + hx1) / 2, cy: midY, r: entry.markerRadius, fill: entry.color }));
    }
    item.push(textElement(entry.label, { x: hx1 + HANDLE_TEXT_PAD * em, y: midY + (CAP_HEIGHT * em) / 2 }));
    parts.push(element('g', { class: 'legend-entry', 'data-label': entry.label }, item));
  });
  return element('g', { class: 'legend', 'data-location': resolved }, parts);
}
