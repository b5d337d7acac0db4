/** Content types of the files the playground server sends, by extension (lower case, with the dot). */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.safetensors': 'application/octet-stream',
};

/**
 * The Content-Type for a file name. Unknown extensions (and MNIST's extensionless IDX files) are
 * application/octet-stream, which no browser executes or renders, whatever the bytes look like
 * (the server also sends `X-Content-Type-Options: nosniff`).
 */
export function contentTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const slash = name.lastIndexOf('/');
  if (dot <= slash + 1) return 'application/octet-stream';
  return TYPES[name.slice(dot).toLowerCase()] ?? 'application/octet-stream';
}
