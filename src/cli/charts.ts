import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { svgToPng } from '../plot/node.js';
import { pngRendererAvailable, RESVG_PACKAGE } from '../plot/resvg.js';
import type { OutputFile } from './output-folder.js';

/**
 * Writes `<dir>/<name>.svg` and/or `.png` atomically; returns the paths written. With the default
 * `both`, a machine without the optional PNG renderer gets the SVG alone (see `chartLine`); asking
 * for `png` there is an error naming the package to install.
 */
export function writeChart(dir: string, name: string, svg: string, format: 'svg' | 'png' | 'both' = 'both'): string[] {
  const written: string[] = [];
  const png = format === 'png' || (format === 'both' && pngRendererAvailable());
  if (format !== 'png') {
    written.push(join(dir, `${name}.svg`));
    writeFileAtomic(written[written.length - 1]!, new TextEncoder().encode(svg));
  }
  if (png) {
    written.push(join(dir, `${name}.png`));
    writeFileAtomic(written[written.length - 1]!, svgToPng(svg));
  }
  return written;
}

/**
 * A chart as the files of an output set: `<name>.svg` and `<name>.png`, or the SVG alone where the
 * optional PNG renderer is missing (training must not fail at its last step for a picture).
 */
export function chartFiles(name: string, svg: string): OutputFile[] {
  const files: OutputFile[] = [
    { name: `${name}.svg`, write: (path) => writeFileAtomic(path, new TextEncoder().encode(svg)) },
  ];
  if (pngRendererAvailable())
    files.push({ name: `${name}.png`, write: (path) => writeFileAtomic(path, svgToPng(svg)) });
  return files;
}

/** How a listing names a chart written by `chartFiles` or `writeChart`: the PNG and SVG, or why there is no PNG. */
export function chartLine(dir: string, name: string): string {
  return pngRendererAvailable()
    ? `${join(dir, `${name}.png`)} (and .svg)`
    : `${join(dir, `${name}.svg`)} (no PNG: npm install ${RESVG_PACKAGE})`;
}

/** The line to print after `writeChart`'s SVG-only output, or null when PNGs were written. */
export function pngSkippedNote(): string | null {
  return pngRendererAvailable()
    ? null
    : `no PNG written: it needs the optional package ${RESVG_PACKAGE} (npm install ${RESVG_PACKAGE})`;
}
