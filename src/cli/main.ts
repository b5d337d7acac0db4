#!/usr/bin/env -S node --experimental-wasm-relaxed-simd
// The `scratchnet` command. Everything is in run.ts so tests can call it without a child process.
// The flag lets Node 20 validate the relaxed-SIMD (fused multiply-add) kernels; without it the plain
// SIMD build loads instead.
import { installDefaultKernels } from '../kernels-default.js';
import { run } from './run.js';

installDefaultKernels();
process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
