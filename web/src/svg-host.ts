/**
 * Puts the library's SVG charts (strings, made for files as much as for pages) into the page:
 * scaled to their container's width, announced to screen readers by their title.
 */
import { ScratchnetError } from '../../src/core.js';

/** Replaces the contents of `container` with the chart `svg` and returns the chart's root element. */
export function showSvg(container: HTMLElement, svg: string, label?: string): SVGSVGElement {
  container.innerHTML = svg;
  const root = container.querySelector('svg')!;
  // The viewBox keeps the drawing; width 100% and height auto let CSS size it for any screen.
  root.removeAttribute('width');
  root.removeAttribute('height');
  root.setAttribute('role', 'img');
  const text = label ?? root.querySelector('title')?.textContent ?? '';
  if (text !== '') root.setAttribute('aria-label', text);
  return root;
}

/** A chart's plot area in its own SVG units and the data range it shows (from the frame rect the axes draw). */
export interface PlotFrame {
  /** Left edge of the plot area, in SVG units. */
  readonly x: number;
  /** Top edge of the plot area, in SVG units. */
  readonly y: number;
  /** Width of the plot area, in SVG units. */
  readonly width: number;
  /** Height of the plot area, in SVG units. */
  readonly height: number;
  /** The data range of the x axis, [left, right]. */
  readonly xLim: readonly [number, number];
  /** The data range of the y axis, [bottom, top]. */
  readonly yLim: readonly [number, number];
}

/** Reads the frame of a chart made by the library's axes (`rect.frame` with `data-xlim`/`data-ylim`). */
export function plotFrame(root: SVGSVGElement): PlotFrame {
  const rect = root.querySelector('rect.frame');
  if (rect === null)
    throw new ScratchnetError('BAD_ARGUMENT', 'plotFrame: the chart has no frame (a rect.frame drawn by the axes)');
  const num = (name: string): number => Number(rect.getAttribute(name));
  const lim = (name: string): [number, number] => {
    const [a, b] = (rect.getAttribute(name) ?? '').split(' ').map(Number);
    return [a!, b!];
  };
  return {
    x: num('x'),
    y: num('y'),
    width: num('width'),
    height: num('height'),
    xLim: lim('data-xlim'),
    yLim: lim('data-ylim'),
  };
}

/** Data coordinates to the chart's SVG units. */
export function toSvg(frame: PlotFrame, x: number, y: number): [number, number] {
  const [x0, x1] = frame.xLim;
  const [y0, y1] = frame.yLim;
  return [
    frame.x + ((x - x0) / (x1 - x0)) * frame.width,
    frame.y + frame.height - ((y - y0) / (y1 - y0)) * frame.height,
  ];
}

/** A pointer position (client pixels) to data coordinates of the chart, or null outside its plot area. */
export function clientToData(
  root: SVGSVGElement,
  frame: PlotFrame,
  clientX: number,
  clientY: number,
): [number, number] | null {
  const matrix = root.getScreenCTM();
  if (matrix === null) return null;
  const p = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
  const u = (p.x - frame.x) / frame.width;
  const v = (frame.y + frame.height - p.y) / frame.height;
  if (u < 0 || u > 1 || v < 0 || v > 1) return null;
  const [x0, x1] = frame.xLim;
  const [y0, y1] = frame.yLim;
  return [x0 + u * (x1 - x0), y0 + v * (y1 - y0)];
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  return el;
}
