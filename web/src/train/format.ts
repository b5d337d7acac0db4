import { fixed } from '../i18n/language.js';

/** How the Train page writes an accuracy (a share in [0, 1]): four decimals, as the CLI prints it, in the page's language. */
export function formatAcc(v: number): string {
  return fixed(v, 4);
}
