#!/usr/bin/env node
// The `scratchnet` command. Everything is in run.ts so tests can call it without a child process.
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
