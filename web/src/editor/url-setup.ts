/**
 * The Train page's setup in the URL's query string, so a link reproduces a run:
 * `?layers=conv8x5,relu,pool2,dense10&optimizer=adam&lr=0.003&batch=100&epochs=1&train-size=10000`,
 * and `autostart=1` to start training on load. Other parameters (`lang`) are kept as they are.
 */

/** The query parameters of the setup, each the name of a form field. */
export const SETUP_PARAMS = ['layers', 'optimizer', 'lr', 'batch', 'epochs', 'train-size'] as const;

/** A parameter of the setup. */
export type SetupParam = (typeof SETUP_PARAMS)[number];

/** The setup values a query string holds, and whether it asks to start on load. */
export interface UrlSetup {
  /** The values given, by parameter; absent parameters are not listed. */
  readonly values: Partial<Record<SetupParam, string>>;
  /** `autostart=1`: start training once the page is set up. */
  readonly autostart: boolean;
}

/** Reads the setup from a query string such as `location.search`. */
export function readUrlSetup(search: string): UrlSetup {
  const params = new URLSearchParams(search);
  const values: Partial<Record<SetupParam, string>> = {};
  for (const name of SETUP_PARAMS) {
    const value = params.get(name);
    if (value !== null) values[name] = value;
  }
  return { values, autostart: params.get('autostart') === '1' };
}

/**
 * The query string (with its `?`) for `values`, keeping the other parameters of `search` except
 * `autostart`: a URL rewritten after an edit should not start training again when reloaded.
 */
export function writeUrlSetup(search: string, values: Readonly<Record<SetupParam, string>>): string {
  const params = new URLSearchParams(search);
  params.delete('autostart');
  for (const name of SETUP_PARAMS) params.set(name, values[name]);
  // Commas are safe in a query string; unescaped they keep the layer spec readable.
  return `?${params.toString().replace(/%2C/gi, ',')}`;
}
