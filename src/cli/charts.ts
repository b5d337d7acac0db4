import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { svgToPng } from '../plot/node.js';

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
