#!/usr/bin/env node
// The `scratchnet` command. Everything is in run.ts so tests can call it without a child process.
// installDefaultKernels turns on Node 20's relaxed SIMD (fused multiply-add) itself: no flags needed.
import { installDefaultKernels } from '../kernels-default.js';
import { run } from './run.js';

installDefaultKernels();
process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
