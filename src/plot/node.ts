/**
 * PNG output for Node: renders the SVG charts with resvg (a Rust renderer shipped as a prebuilt
 * binary inside the optional `@resvg/resvg-js` package, so no browser or system library is needed).
 * The renderer is loaded on the first PNG (./resvg.ts): without it, everything else still works.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { Resvg, ResvgRenderOptions } from '@resvg/resvg-js';
import { ScratchnetError } from '../errors.js';
import { loadResvg } from './resvg.js';
import { checkKnownOptions, named } from '../validate.js';

/** Options of `svgToPng`. */
export interface SvgToPngOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. Default the SVG's own width. */
  width?: number;
  /** Font files to use instead of the defaults (TrueType or OpenType paths). */
  fontFiles?: readonly string[];
}

/**
 * Where the charts' font (matplotlib's DejaVu Sans) lives on Debian and Ubuntu, from the
 * `fonts-dejavu-core` package; then other common places.
 */
const DEJAVU_PATHS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf', // Fedora, Arch
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/local/share/fonts/DejaVuSans.ttf',
  '/Library/Fonts/DejaVuSans.ttf',
];

const SYSTEM_FONT_DIRS = [
  '/usr/share/fonts',
  '/usr/local/share/fonts',
  '/System/Library/Fonts',
  '/Library/Fonts',
  'C:\\Windows\\Fonts',
];

let cachedFonts: { files: string[]; system: boolean } | undefined;

/**
 * The fonts to hand resvg: DejaVu Sans when it is installed (loading one file is fast and gives the
 * same glyphs everywhere), else the system fonts, or nothing at all when the machine has none.
 */
function findFonts(): { files: string[]; system: boolean } {
  if (cachedFonts !== undefined) return cachedFonts;
  const dejavu = DEJAVU_PATHS.find((p) => existsSync(p));
  if (dejavu !== undefined) {
    const bold = dejavu.replace(/DejaVuSans\.ttf$/, 'DejaVuSans-Bold.ttf');
    cachedFonts = { files: existsSync(bold) ? [dejavu, bold] : [dejavu], system: false };
  } else {
    cachedFonts = { files: [], system: SYSTEM_FONT_DIRS.some(hasFontFiles) };
  }
  return cachedFonts;
}

function hasFontFiles(dir: string): boolean {
  try {
    const entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
    return entries.some((name) => /\.(ttf|otf|ttc)$/i.test(name));
  } catch {
    return false;
  }
}

/**
 * Renders an SVG document to PNG bytes (RGBA). Text is drawn in DejaVu Sans, which Debian installs
 * with `apt-get install fonts-dejavu-core`; without it resvg falls back to the system fonts. A
 * chart with text on a machine without any font throws a `BAD_FILE` error rather than returning a
 * picture with every label silently missing. Needs the optional package `@resvg/resvg-js` (installed
 * by default): without it, a `BAD_FILE` error says how to install it.
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Uint8Array {
  return named('svgToPng', () => {
    checkKnownOptions(options, ['width', 'fontFiles'], 'svgToPng');
    const { width } = options;
    if (width !== undefined && (!Number.isInteger(width) || width < 1 || width > 20000)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `svgToPng: width must be an integer number of pixels between 1 and 20000, got ${width}`,
      );
    }
    const missing = options.fontFiles?.find((f) => !existsSync(f));
    if (missing !== undefined) throw new ScratchnetError('BAD_FILE', `svgToPng: font file not found: ${missing}`);
    const found = options.fontFiles !== undefined ? { files: [...options.fontFiles], system: false } : findFonts();
    if (found.files.length === 0 && !found.system && svg.includes('<text')) {
      throw new ScratchnetError(
        'BAD_FILE',
        'svgToPng: no font found to draw the chart text; install DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core) or pass fontFiles',
      );
    }
    const font: NonNullable<ResvgRenderOptions['font']> = {
      fontFiles: found.files,
      loadSystemFonts: found.system,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    };
    const renderOptions: ResvgRenderOptions = { font, logLevel: 'off' };
    if (width !== undefined) renderOptions.fitTo = { mode: 'width', value: width };
    const renderer = loadResvg();
    let resvg: Resvg;
    try {
      resvg = new renderer.Resvg(svg, renderOptions);
    } catch (err) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `svgToPng: not a valid SVG document (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    const png = resvg.render().asPng();
    // A fresh Uint8Array, not the Buffer: callers in the core API never depend on Node's Buffer.
    return new Uint8Array(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength));
  });
}
