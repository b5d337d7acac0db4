import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { svgToPng } from '../plot/node.js';
import type { OutputFile } from './output-folder.js';

/** Writes `<dir>/<name>.svg` and/or `.png` atomically; returns the paths written. */
export function writeChart(dir: string, name: string, svg: string, format: 'svg' | 'png' | 'both' = 'both'): string[] {
  const written: string[] = [];
  if (format !== 'png') {
    written.push(join(dir, `${name}.svg`));
    writeFileAtomic(written[written.length - 1]!, new TextEncoder().encode(svg));
  }
  if (format !== 'svg') {
    written.push(join(dir, `${name}.png`));
    writeFileAtomic(written[written.length - 1]!, svgToPng(svg));
  }
  return written;
}

/** A chart as the two files of an output set (`<name>.svg` and `<name>.png`). */
export function chartFiles(name: string, svg: string): OutputFile[] {
  return [
    { name: `${name}.svg`, write: (path) => writeFileAtomic(path, new TextEncoder().encode(svg)) },
    { name: `${name}.png`, write: (path) => writeFileAtomic(path, svgToPng(svg)) },
  ];
}
