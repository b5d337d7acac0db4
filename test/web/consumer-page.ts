// The consumer page of test/web/consumer/ bundled with esbuild and served on 127.0.0.1: the page a
// scratchnet user writes, for the browser tests and the in-browser timing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('./consumer/main.ts', import.meta.url));

/** Pages: `/` loads the bundle; `/no-simd.html` first makes WebAssembly.validate refuse every module (no SIMD). */
const PAGES: Record<string, string> = {
  '/': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer</title><script type="module" src="consumer.js"></script>',
  '/no-simd.html':
    '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer without SIMD</title>' +
    '<script>WebAssembly.validate = () => false;</script><script type="module" src="consumer.js"></script>',
};

/** A running server of the consumer pages. */
export interface ConsumerServer {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  close(): Promise<void>;
}

/** The consumer bundle: esbuild, for the browser, as a user's bundler builds a page importing scratchnet. */
export async function bundleConsumer(): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * Serves the pages and the bundle. `isolated` adds the cross-origin isolation headers (COOP/COEP)
 * under which the kernels get a shared memory and a second thread.
 */
export async function startConsumerServer(options: { isolated?: boolean } = {}): Promise<ConsumerServer> {
  const bundle = await bundleConsumer();
  const isolation = options.isolated
    ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
    : {};
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const page = PAGES[path];
    if (path === '/consumer.js') {
      response.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(bundle);
    } else if (page !== undefined) {
      response.writeHead(200, { 'content-type': 'text/html', ...isolation }).end(page);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
