/**
 * Several charts in one figure, as matplotlib's `plt.subplot(rows, columns, k)` lays them out: each
 * chart is drawn on its own (any of scratchnet's charts, at its own size) and placed in a grid
 * cell as a nested `<svg>`, under an optional figure title.
 */
import { ScratchnetError, check } from '../errors.js';
import { CAP_HEIGHT, FONT_SIZE, TITLE_FONT_SIZE, fmt, svgDocument, textElement } from './svg.js';
import { checkFields, checkKnownOptions, checkList, named } from '../validate.js';

/** Options of `panelGrid`. */
export interface PanelGridOptions {
  /** SVG documents made by scratchnet's charts, in reading order (left to right, then down). */
  panels: readonly string[];
  /** Panels per row (default all in one row). */
  columns?: number;
  /** The figure's title, above the grid (matplotlib's `suptitle`). */
  title?: string;
  /** A label for each row, written upwards in a strip left of the grid (what the row's panels have in common). */
  rowLabels?: readonly string[];
  /** Text for the SVG's `<title>`; default the figure title. */
  description?: string;
}

const ROOT = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="([0-9.]+)" height="([0-9.]+)"/;

/**
 * One SVG document holding every panel, each in a cell the size of the largest panel. The panels'
 * element ids (their clip paths) get a per-panel prefix, so two panels that happen to be identical
 * do not define the same id twice.
 */
export function panelGrid(options: PanelGridOptions): string {
  return named('panelGrid', () => {
    checkFields(options, ['panels'], 'options', 'panelGrid');
    checkList(options.panels, 'options.panels', 'panelGrid');
    checkKnownOptions(options, ['panels', 'columns', 'title', 'rowLabels', 'description'], 'panelGrid');
    const { panels, title } = options;
    check(panels.length > 0, 'panelGrid: give at least one panel');
    const columns = options.columns ?? panels.length;
    check(Number.isInteger(columns) && columns >= 1, `panelGrid: columns must be a positive integer, got ${columns}`);
    const sizes = panels.map((svg, i) => {
      const m = ROOT.exec(svg);
      if (m === null)
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `panelGrid: panel ${i} is not an SVG document made by scratchnet's charts`,
        );
      return { width: Number(m[1]), height: Number(m[2]) };
    });
    const cellWidth = Math.max(...sizes.map((s) => s.width));
    const cellHeight = Math.max(...sizes.map((s) => s.height));
    const rows = Math.ceil(panels.length / columns);
    const rowLabels = options.rowLabels ?? [];
    check(rowLabels.length <= rows, `panelGrid: ${rowLabels.length} row labels for ${rows} rows`);
    const top = title === undefined || title === '' ? 0 : Math.round(TITLE_FONT_SIZE * 2.4);
    const left = rowLabels.length > 0 ? Math.round(FONT_SIZE * 2.2) : 0;
    const width = left + cellWidth * Math.min(columns, panels.length);
    const height = top + cellHeight * rows;
    const body: string[] = [];
    rowLabels.forEach((label, r) => {
      const lx = left / 2 + (CAP_HEIGHT * FONT_SIZE) / 2;
      const ly = top + (r + 0.5) * cellHeight;
      body.push(
        textElement(label, {
          class: 'row-label',
          x: lx,
          y: ly,
          'text-anchor': 'middle',
          'font-weight': 'bold',
          transform: `rotate(-90 ${fmt(lx)} ${fmt(ly)})`,
        }),
      );
    });
    if (top > 0) {
      body.push(
        textElement(title!, {
          class: 'figure-title',
          x: left + (width - left) / 2,
          y: top / 2 + (CAP_HEIGHT * TITLE_FONT_SIZE) / 2,
          'text-anchor': 'middle',
          'font-size': TITLE_FONT_SIZE,
        }),
      );
    }
    panels.forEach((svg, i) => {
      const x = left + (i % columns) * cellWidth + (cellWidth - sizes[i]!.width) / 2;
      const y = top + Math.floor(i / columns) * cellHeight + (cellHeight - sizes[i]!.height) / 2;
      const inner = svg
        .trimEnd()
        .replace(/sn-clip-/g, `sn-clip-p${i}-`)
        .replace('<svg xmlns="http://www.w3.org/2000/svg"', `<svg class="panel" x="${fmt(x)}" y="${fmt(y)}"`);
      body.push(inner);
    });
    return svgDocument(width, height, body.join(''), { title: options.description ?? title });
  });
}
