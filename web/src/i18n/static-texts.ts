/**
 * The texts written in index.html, in the page's language: an element names its message with
 * `data-i18n` (its text), `data-i18n-html` (a message with markup of the catalog's own: <code>,
 * <cite>) or `data-i18n-attr` ("aria-label:key title:key"); the html element's `lang`, the title and
 * the description follow too.
 */
import type { MessageKey } from './en.js';
import { language, t } from './language.js';

/** Shows every `data-i18n*` text under `root` (and the document's title and lang) in the page's language. */
export function applyStaticTexts(root: ParentNode = document): void {
  document.documentElement.lang = language();
  document.title = t('page.title');
  document.querySelector('meta[name="description"]')?.setAttribute('content', t('page.description'));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  // The catalogs are the project's own constants, so their markup is trusted.
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-html]'))
    el.innerHTML = t(el.dataset.i18nHtml as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    for (const pair of (el.dataset.i18nAttr ?? '').split(' ')) {
      const [attribute, key] = pair.split(':');
      if (attribute !== undefined && key !== undefined) el.setAttribute(attribute, t(key as MessageKey));
    }
  }
}
