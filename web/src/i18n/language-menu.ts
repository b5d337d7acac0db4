/**
 * The header's language menu: a labelled select (keyboard operable as every select is) that switches
 * the page's language at once, keeps it in the URL (`?lang=`) so a reload or a shared link keeps it,
 * and leaves everything else as it is, a training run included.
 */
import { type Language, language, LANGUAGES, setLanguage } from './language.js';

/** Makes `select` (options en and ko) show the page's language and switch it. */
export function setUpLanguageMenu(select: HTMLSelectElement): void {
  select.value = language();
  select.addEventListener('change', () => {
    const lang = select.value as Language;
    if (!LANGUAGES.includes(lang)) return;
    const url = new URL(location.href);
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
    setLanguage(lang);
  });
}
