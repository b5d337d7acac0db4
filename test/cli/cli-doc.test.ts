// docs/cli.md shows each command's real --help.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cliDocWithCurrentHelp } from '../../scripts/update-cli-doc.js';

test("docs/cli.md shows every command's --help as the CLI prints it", () => {
  const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
  assert.equal(doc, cliDocWithCurrentHelp(doc), 'run: node --import tsx scripts/update-cli-doc.ts');
});
