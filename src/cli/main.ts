#!/usr/bin/env node
// The `scratchnet` command. Everything is in run.ts so tests can call it without a child process.
// installDefaultKernels turns on Node 20's relaxed SIMD (fused multiply-add) itself: no flags needed.
import { installDefaultKernels } from '../kernels-default.js';
import { formatError, run } from './run.js';

// Anything that escapes run() (an error in a callback or a worker) is still one line, or a stack with --debug.
const fail = (error: unknown): void => {
  process.stderr.write(formatError(process.argv[2] ?? '', error, process.argv.includes('--debug')));
  process.exit(1);
};
process.on('uncaughtException', fail);
// A reader that stops early (`scratchnet predict ... | head`) closes the pipe: that ends the output, not in an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  fail(error);
});
process.on('unhandledRejection', fail);

installDefaultKernels();
process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
