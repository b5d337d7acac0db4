/** Filling a message's `{name}` placeholders, and numbers written the way the page's language writes them. */

/** The values a message's placeholders take: text, or numbers (written with `String`). */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * `template` with every `{name}` replaced by `values[name]`. A placeholder without a value stays as it
 * is, so a missing value shows on the page instead of vanishing.
 */
export function format(template: string, values: MessageValues = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** Which plural form a count takes in `language` ('one' or 'other', as Intl.PluralRules says). */
export function pluralForm(language: string, count: number): 'one' | 'other' {
  return new Intl.PluralRules(language).select(count) === 'one' ? 'one' : 'other';
}

/** `value` written for `language` with exactly `digits` decimals (grouping as the language groups). */
export function formatFixed(language: string, value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  return new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    value,
  );
}

/** A whole number written for `language` (10,000). */
export function formatInteger(language: string, value: number): string {
  return formatFixed(language, value, 0);
}

/** A share in [0, 1] as a percentage with one decimal, written for `language` (97.3%). */
export function formatPercent(language: string, share: number): string {
  return new Intl.NumberFormat(language, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(share);
}
