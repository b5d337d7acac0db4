/**
 * `npm run bench`: scratchnet side by side with numpy and TensorFlow.js.
 *
 *   npm run bench                      all workloads, 5 timed runs each (several minutes)
 *   npm run bench -- --quick           1 run, short timings: a smoke test
 *   npm run bench -- --only W1,W3      some workloads (W1, W2, W1F64: W1 in float64, W3, CLI: the default `npm start` run)
 *   npm run bench -- --runs 9          more runs for steadier medians
 *   npm run bench -- --systems numpy-1t,tfjs-wasm   fewer anchors (scratchnet always runs)
 *   npm run bench -- --tfjs-cpu-full   time tfjs-cpu's whole epochs instead of a twentieth (adds many minutes)
 *   npm run bench -- --tfjs-naive      TensorFlow.js written plainly (tf.gather, transpose flags), not in its fastest form
 *   npm run bench -- --kernels wasm    scratchnet with createWasmKernels() installed, before it is the default
 *   npm run bench -- --json out.json   also write the results as JSON
 *   npm run bench -- --only C1,C2,S1   training steps: SimpleConvNet, DeepConvNet, a 3-64-64-3 MLP
 *   npm run bench -- --busy            a background process keeps one core busy while timing
 *   npm run bench -- --python /path/to/python3
 * Progress goes to stderr, the report to stdout.
 */
import { writeFileSync } from 'node:fs';
import { formatReport, SYSTEM_IDS, type SystemId } from './report.js';
import { runSuite, type SuiteOptions } from './suite.js';
import { WORKLOAD_IDS, type WorkloadId } from './workloads.js';

const USAGE =
  'usage: npm run bench -- [--quick] [--busy] [--only W1,W2,W1F64,W3,CLI,C1,C2,S1] [--runs N] [--systems a,b] [--tfjs-cpu-full] [--tfjs-naive] [--kernels default|wasm] [--json FILE] [--python PATH]';

function list<T extends string>(value: string, known: readonly T[], what: string): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    if (!(known as readonly string[]).includes(item))
      throw new Error(`unknown ${what} "${item}" (known: ${known.join(', ')})`);
  }
  return items as T[];
}

function parseArgs(argv: string[]): { options: SuiteOptions; json: string | null } {
  const options: SuiteOptions = {};
  let json: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--quick':
        options.quick = true;
        break;
      case '--only':
        options.only = list<WorkloadId>(value().toUpperCase(), WORKLOAD_IDS, 'workload');
        break;
      case '--runs':
        options.runs = Number(value());
        break;
      case '--systems':
        options.systems = list<SystemId>(value(), SYSTEM_IDS, 'system');
        break;
      case '--busy':
        options.busy = true;
        break;
      case '--tfjs-cpu-full':
        options.tfjsCpuFull = true;
        break;
      case '--tfjs-naive':
        options.tfjsNaive = true;
        break;
      case '--json':
        json = value();
        break;
      case '--kernels': {
        const kernels = value();
        if (kernels !== 'default' && kernels !== 'wasm')
          throw new Error(`--kernels must be default or wasm, got ${kernels}`);
        options.kernels = kernels;
        break;
      }
      case '--python':
        options.python = value();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return { options, json };
}

try {
  const { options, json } = parseArgs(process.argv.slice(2));
  const report = await runSuite({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`\n${formatReport(report)}`);
  if (json !== null) writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
