// Checks what Biome cannot: the size of functions, non-null assertions that the types make
// unnecessary, and text that speaks of something other than the project (work logs, tracker numbers,
// files outside the repository). Run by `npm run lint`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** A function longer than this counts as long; at most LONG_ALLOWED may be, and none over MAX. */
const LONG = 80;
const LONG_ALLOWED = 3;
const MAX = 200;

const problems = [];
const tracked = (...patterns) =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...patterns], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f !== '');

function functionName(node) {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText();
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

/** Every function body of the sources (the AssemblyScript kernels included, generated files aside), with its length in lines. */
function longFunctions() {
  const files = tracked('src/*.ts', 'web/*.ts', 'bench/*.ts', 'scripts/*.ts', 'scripts/*.mjs', 'wasm/*.ts').filter(
    (f) => !f.includes('.generated.'),
  );
  const long = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && node.body !== undefined) {
        const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const last = source.getLineAndCharacterOfPosition(node.end).line;
        const lines = last - first + 1;
        if (lines > LONG) long.push({ where: `${file}:${first + 1}`, name: functionName(node), lines });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return long.sort((a, b) => b.lines - a.lines);
}

/** Non-null assertions (`x!`) on values whose type cannot be null or undefined. */
function needlessAssertions(configPath) {
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  const maybeEmpty =
    ts.TypeFlags.Null |
    ts.TypeFlags.Undefined |
    ts.TypeFlags.Void |
    ts.TypeFlags.Any |
    ts.TypeFlags.Unknown |
    ts.TypeFlags.TypeParameter;
  const found = [];
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || source.fileName.includes('/node_modules/')) continue;
    const visit = (node) => {
      if (ts.isNonNullExpression(node)) {
        const type = checker.getTypeAtLocation(node.expression);
        const parts = type.isUnion() ? type.types : [type];
        if (!parts.some((part) => part.flags & maybeEmpty)) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          found.push(`${source.fileName.slice(process.cwd().length + 1)}:${line + 1}: ${node.getText()}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** Lines that speak of work logs, tracker numbers or files beside the repository. */
function offTopicText() {
  const files = tracked(
    'README*.md',
    'CHANGELOG.md',
    'docs',
    'src',
    'web',
    'bench',
    'test',
    'examples',
    'scripts',
    'wasm',
  );
  const pattern = /\bsessions? [0-9]|\bissue [0-9]+|\.\.\/shared\//i;
  const found = [];
  for (const file of files) {
    if (file === 'scripts/check-code-shape.mjs' || /\.(png|safetensors|npz|npy|pkl|bin|gz)$/.test(file)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (pattern.test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 100)}`);
      });
  }
  return found;
}

const long = longFunctions();
const tooLong = long.filter((f) => f.lines > MAX);
if (tooLong.length > 0 || long.length > LONG_ALLOWED) {
  problems.push(
    `functions over ${LONG} lines: ${long.length} (at most ${LONG_ALLOWED}, none over ${MAX}):\n` +
      long.map((f) => `  ${f.where} ${f.name}: ${f.lines} lines`).join('\n'),
  );
}
const assertions = [
  ...new Set([...needlessAssertions('tsconfig.check.json'), ...needlessAssertions('web/tsconfig.json')]),
];
if (assertions.length > 0) {
  problems.push(`non-null assertions on values that cannot be null or undefined:\n  ${assertions.join('\n  ')}`);
}
const offTopic = offTopicText();
if (offTopic.length > 0) {
  problems.push(`text about work logs, tracker numbers or files outside the repository:\n  ${offTopic.join('\n  ')}`);
}
if (problems.length > 0) {
  console.error(problems.join('\n\n'));
  process.exit(1);
}
console.log(
  `code shape: ${long.length} functions over ${LONG} lines, none over ${MAX}; no needless assertions; no off-topic text`,
);
