/**
 * The page's language: English or Korean, from `?lang=` if given, else from the browser's language.
 * Everything that shows text asks `t` for it, and registers with `onLanguageChange` to show it again
 * when the reader switches language (the page is not reloaded, so a training run goes on).
 */
import { en, type MessageKey, type Messages } from './en.js';
import { format, formatFixed, formatInteger, formatPercent, type MessageValues, pluralForm } from './format.js';
import { ko } from './ko.js';

/** The languages the page speaks. */
export const LANGUAGES = ['en', 'ko'] as const;
/** A language the page speaks. */
export type Language = (typeof LANGUAGES)[number];

const CATALOGS: Readonly<Record<Language, Messages>> = { en, ko };

/**
 * The language to start in: `?lang=en` or `?lang=ko` in `search` wins; otherwise Korean when the
 * browser's language is Korean (ko, ko-KR, ...), English for every other.
 */
export function pickLanguage(search: string, browserLanguage: string | undefined): Language {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'en' || asked === 'ko') return asked;
  return (browserLanguage ?? '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

let current: Language = 'en';
const listeners: (() => void)[] = [];

/** The page's language now. */
export function language(): Language {
  return current;
}

/** The message `key` in the page's language, its placeholders filled from `values`. */
export function t(key: MessageKey, values?: MessageValues): string {
  return format(CATALOGS[current][key], values);
}

/** The message `key` in `lang` (for tests and the language menu, which names each language in itself). */
export function messageIn(lang: Language, key: MessageKey, values?: MessageValues): string {
  return format(CATALOGS[lang][key], values);
}

/** "{count} epoch(s)": the `one` or `other` form of `base`, as the page's language counts. */
export function plural(base: 'model.epochs', count: number): string {
  return t(`${base}.${pluralForm(current, count)}`, { count: formatInteger(current, count) });
}

/** `value` with `digits` decimals, written in the page's language. */
export function fixed(value: number, digits: number): string {
  return formatFixed(current, value, digits);
}

/** A whole number written in the page's language. */
export function integer(value: number): string {
  return formatInteger(current, value);
}

/** A share in [0, 1] as a percentage in the page's language. */
export function percent(share: number): string {
  return formatPercent(current, share);
}

/** Calls `listener` after each change of language (the listener shows its texts again). */
export function onLanguageChange(listener: () => void): void {
  listeners.push(listener);
}

/** Makes `lang` the page's language, and has every listener show its texts in it. */
export function setLanguage(lang: Language): void {
  current = lang;
  for (const listener of listeners) listener();
}
