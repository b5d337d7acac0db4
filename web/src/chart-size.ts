/**
 * Chart sizes for the screen: the library's SVG charts scale to their container's width, text and
 * all, so a chart drawn 560 units wide on a 390 px phone shows its 14-unit text at 8-9 px. On narrow
 * screens the charts are drawn in a narrower viewBox instead, about as wide as they are shown, so
 * their text stays near its drawn size.
 */
import { onLanguageChange } from './i18n/language.js';

/** Screens this narrow (CSS pixels) get the narrow charts. */
const NARROW_QUERY = '(max-width: 599px)';
/** A narrow chart's width in SVG units: a 390 px phone shows a card about 350 px wide. */
const NARROW_WIDTH = 360;

/** Whether the screen is narrow now. */
export function narrowScreen(): boolean {
  return typeof matchMedia === 'function' && matchMedia(NARROW_QUERY).matches;
}

/**
 * The size to draw a chart of `width` × `height` at: as given on wide screens, NARROW_WIDTH wide on
 * narrow ones, its height shrunk less than its width (a taller chart reads better on a phone).
 */
export function chartSize(width: number, height: number): { width: number; height: number } {
  if (!narrowScreen() || width <= NARROW_WIDTH) return { width, height };
  const share = NARROW_WIDTH / width;
  return { width: NARROW_WIDTH, height: Math.round(height * Math.sqrt(share)) };
}

/** Calls `draw` again whenever the page's language changes or the screen turns narrow or wide. */
export function onRedraw(draw: () => void): void {
  onLanguageChange(draw);
  if (typeof matchMedia === 'function') matchMedia(NARROW_QUERY).addEventListener('change', draw);
}
