/**
 * A grid of grayscale images with a caption over each, as a page of matplotlib subplots with
 * `imshow(img, cmap='gray')` and the axes turned off. Each image is an embedded PNG drawn with
 * nearest-neighbour scaling, so a 28 × 28 digit stays crisp at any size.
 */
import { check } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { grayPngDataUrl } from './png-encode.js';
import { CAP_HEIGHT, FONT_SIZE, TITLE_FONT_SIZE, element, svgDocument, textElement } from './svg.js';
import { checkKnownOptions, named } from '../validate.js';

/** Options of `imageGrid`. */
export interface ImageGridOptions {
  /**
   * The images: shape (N, H, W), (N, 1, H, W), or (N, H·W) with `imageShape` (square H·W needs
   * none: 784 is read as 28 × 28).
   */
  images: NDArray;
  /** (H, W) of one image when `images` holds flat rows. */
  imageShape?: readonly [number, number];
  /** One caption per image (shorter lists leave the rest blank). */
  captions?: readonly string[];
  /** A colour per caption (default black), e.g. red for a wrong prediction. */
  captionColors?: readonly (string | undefined)[];
  /** Images per row (default the smaller of N and 10). */
  columns?: number;
  /** Pixels per image side (default 84: three screen pixels per MNIST pixel). */
  cellSize?: number;
  /** Written over the grid; none by default. */
  title?: string;
  /** `'gray'` (default, white digits on black as MNIST stores them) or `'gray_r'` (black on white). */
  colormap?: 'gray' | 'gray_r';
  /**
   * The values shown as black and white (for `'gray'`). Default: 0..255 for uint8 data, 0..1 when
   * every value lies there (normalized MNIST), else the data's minimum and maximum.
   */
  valueRange?: readonly [number, number];
  /** Text for the SVG's `<title>`; default the chart title. */
  description?: string;
}

const GAP = 10;

/**
 * Nearest-neighbour upscaling, so each MNIST pixel stays a sharp square. resvg honours the
 * `image-rendering="optimizeSpeed"` attribute but takes an unknown `pixelated` in a style attribute
 * as "smooth"; Chrome ignores `optimizeSpeed`. Browsers apply this rule, resvg skips the
 * `@supports` block and keeps the attribute.
 */
const PIXELATED_CSS = '@supports (image-rendering: pixelated) { image { image-rendering: pixelated; } }';

/** Reads (count, height, width) from the images' shape. */
function imageLayout(images: NDArray, given: readonly [number, number] | undefined): [number, number, number] {
  const shape = images.shape;
  check(
    shape.length >= 2,
    `imageGrid: images must have shape (N, H, W), (N, 1, H, W) or (N, H*W), got ${formatShape(shape)}`,
  );
  const n = shape[0]!;
  if (shape.length === 2) {
    const flat = shape[1]!;
    if (given !== undefined) {
      check(
        given[0] * given[1] === flat,
        `imageGrid: imageShape ${formatShape(given)} does not hold the ${flat} values of each row of ${formatShape(shape)}`,
      );
      return [n, given[0], given[1]];
    }
    const side = Math.round(Math.sqrt(flat));
    check(side * side === flat, `imageGrid: rows of ${flat} values are not square images; pass imageShape`);
    return [n, side, side];
  }
  const rest = shape.slice(1).filter((d, i) => !(d === 1 && i < shape.length - 3));
  check(
    rest.length === 2,
    `imageGrid: images must have shape (N, H, W), (N, 1, H, W) or (N, H*W), got ${formatShape(shape)}`,
  );
  return [n, rest[0]!, rest[1]!];
}

/** The value range shown as black..white. */
function valueRange(images: NDArray, given: readonly [number, number] | undefined): [number, number] {
  if (given !== undefined) return [given[0], given[1]];
  if (images.dtype === 'uint8') return [0, 255];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of images.data) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  if (lo >= 0 && hi <= 1) return [0, 1];
  return lo === hi ? [lo, lo + 1] : [lo, hi];
}

/** Pixel sizes of an image grid: one image, one cell (image, caption and gap), the whole figure. */
interface GridLayout {
  imageWidth: number;
  imageHeight: number;
  captionHeight: number;
  titleHeight: number;
  cellW: number;
  cellH: number;
  width: number;
  height: number;
}

/** Sizes the grid: the longer image side gets `cellSize` pixels, captions and title get a line each. */
function gridLayout(
  count: number,
  [h, w]: readonly [number, number],
  columns: number,
  cellSize: number,
  hasCaptions: boolean,
  hasTitle: boolean,
): GridLayout {
  const rows = Math.max(1, Math.ceil(count / columns));
  const captionHeight = hasCaptions ? FONT_SIZE * 1.5 : 0;
  const titleHeight = hasTitle ? TITLE_FONT_SIZE * 2 : 0;
  const imageWidth = cellSize * Math.min(1, w / h);
  const imageHeight = cellSize * Math.min(1, h / w);
  const cellW = Math.max(imageWidth, 1) + GAP;
  const cellH = imageHeight + captionHeight + GAP;
  const width = Math.max(GAP + columns * cellW, 120);
  const height = GAP + titleHeight + rows * cellH;
  return { imageWidth, imageHeight, captionHeight, titleHeight, cellW, cellH, width, height };
}

/** One cell: the caption (when not empty), the image as an embedded PNG, and a light grey border. */
function imageCellMarkup(
  k: number,
  x: number,
  top: number,
  layout: GridLayout,
  png: string,
  caption: string,
  captionColor: string | undefined,
): string {
  const { imageWidth, imageHeight, captionHeight } = layout;
  const cell: string[] = [];
  if (caption !== '') {
    cell.push(
      textElement(caption, {
        class: 'caption',
        x: x + imageWidth / 2,
        y: top + captionHeight - (FONT_SIZE * (1.5 - CAP_HEIGHT)) / 2 - 2,
        'text-anchor': 'middle',
        fill: captionColor,
      }),
    );
  }
  const iy = top + captionHeight;
  cell.push(
    element('image', {
      x,
      y: iy,
      width: imageWidth,
      height: imageHeight,
      preserveAspectRatio: 'none',
      'image-rendering': 'optimizeSpeed',
      href: png,
    }),
  );
  cell.push(
    element('rect', {
      x,
      y: iy,
      width: imageWidth,
      height: imageHeight,
      fill: 'none',
      stroke: '#cccccc',
      'stroke-width': 1,
    }),
  );
  return element('g', { class: 'image-cell', 'data-index': k }, cell);
}

/**
 * An image grid as an SVG document string. Throws `BAD_ARGUMENT` for images of an unreadable shape,
 * an `imageShape` that does not match, or a bad column count or cell size.
 */
export function imageGrid(options: ImageGridOptions): string {
  return named('imageGrid', () => {
    checkKnownOptions(
      options,
      [
        'images',
        'imageShape',
        'captions',
        'captionColors',
        'columns',
        'cellSize',
        'title',
        'colormap',
        'valueRange',
        'description',
      ],
      'imageGrid',
    );
    const { images, captions = [], captionColors = [], cellSize = 84, colormap = 'gray', title } = options;
    check(images instanceof NDArray, 'imageGrid: images must be an NDArray');
    const [count, h, w] = imageLayout(images, options.imageShape);
    const columns = options.columns ?? Math.max(1, Math.min(count, 10));
    check(Number.isInteger(columns) && columns > 0, `imageGrid: columns must be a positive integer, got ${columns}`);
    check(
      Number.isFinite(cellSize) && cellSize >= 8 && cellSize <= 1000,
      `imageGrid: cellSize must be between 8 and 1000 pixels, got ${cellSize}`,
    );
    const [lo, hi] = valueRange(images, options.valueRange);
    const hasTitle = title !== undefined && title !== '';
    const layout = gridLayout(
      count,
      [h, w],
      columns,
      cellSize,
      captions.some((c) => c !== ''),
      hasTitle,
    );
    const { width, height } = layout;

    const parts: string[] = [];
    if (hasTitle) {
      parts.push(
        textElement(title, {
          class: 'title',
          x: width / 2,
          y: GAP + TITLE_FONT_SIZE * 1.2,
          'text-anchor': 'middle',
          'font-size': TITLE_FONT_SIZE,
        }),
      );
    }
    const pixels = new Uint8Array(h * w);
    const span = hi - lo || 1;
    for (let k = 0; k < count; k++) {
      const offset = k * h * w;
      for (let p = 0; p < h * w; p++) {
        const v = images.data[offset + p]!;
        const t = Number.isFinite(v) ? Math.min(1, Math.max(0, (v - lo) / span)) : 0;
        pixels[p] = Math.round((colormap === 'gray' ? t : 1 - t) * 255);
      }
      const x = GAP + (k % columns) * layout.cellW;
      const top = GAP + layout.titleHeight + Math.floor(k / columns) * layout.cellH;
      parts.push(imageCellMarkup(k, x, top, layout, grayPngDataUrl(pixels, w, h), captions[k] ?? '', captionColors[k]));
    }
    return svgDocument(width, height, parts.join(''), { title: options.description ?? title, css: PIXELATED_CSS });
  });
}
