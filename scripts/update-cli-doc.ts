/**
 * Rewrites the `--help` blocks of docs/cli.md from the commands themselves, so that the page shows
 * what the CLI prints (test/cli/cli-doc.test.ts fails when they drift apart).
 * Run: node --import tsx scripts/update-cli-doc.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { helpText } from '../src/cli/command.js';
import { COMMANDS } from '../src/cli/run.js';

/** docs/cli.md with every `$ npm run scratchnet -- <command> --help` block replaced by the real help. */
export function cliDocWithCurrentHelp(doc: string): string {
  let out = doc;
  for (const command of COMMANDS) {
    const head = `$ npm run scratchnet -- ${command.name} --help\n`;
    const at = out.indexOf(head);
    if (at < 0) throw new Error(`docs/cli.md has no --help block for ${command.name}`);
    const end = out.indexOf('```', at);
    out = out.slice(0, at + head.length) + helpText(command) + out.slice(end);
  }
  return out;
}

const path = new URL('../docs/cli.md', import.meta.url);
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  writeFileSync(path, cliDocWithCurrentHelp(readFileSync(path, 'utf8')));
}
