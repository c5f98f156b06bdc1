// Every example in README.md and docs/*.md that shows its output is run here, so the docs cannot go stale.
//
// The convention (shared by every page):
// - A ```console block holds commands and their output. A line starting with `$ ` is a command (it goes on over
//   the next lines while a quote is open or a line ends with `\`); the lines after it, up to the next `$ ` or the
//   block's end, are exactly what it prints on stdout. Its stderr is not compared, nor its exit code.
// - A ```console-stderr block is the same with stderr merged into stdout (`2>&1`), as a terminal shows them.
// - Commands run with bash, one after another, in a fresh temporary folder for each file, holding a copy of the
//   repository's fixtures/ (so `fixtures/...` paths work, and what a command writes there vanishes) and a link to
//   its node_modules (for `node -e` examples that import a package); `postdump` on the PATH is this checkout's
//   `node bin/postdump.js`. The blocks of one file share that folder, in order; LC_ALL=C and TZ=UTC.
// - A ```sh block shows commands without their output and is not run as written; but each postdump invocation in
//   it is run on stand-ins (dumps/ a copy of fixtures/samples, post.txt one dump, its stdin empty), and must not
//   be a usage error (exit 2) or a bug (exit 3): its options must parse and go together.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Block, codeBlocks, commandComplete, docFiles, examples, readDoc, ROOT } from './support/docs.js';
import { tempDir } from './support/temp.js';

const SHIMS = tempDir('postdump-docs-bin-');
writeFileSync(path.join(SHIMS, 'postdump'), `#!/bin/sh\nexec node ${JSON.stringify(path.join(ROOT, 'bin/postdump.js'))} "$@"\n`, { mode: 0o755 });
const ENV = { PATH: `${SHIMS}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '/', TMPDIR: process.env.TMPDIR ?? '/tmp', LC_ALL: 'C', TZ: 'UTC' };

/** A folder as the convention says: a copy of fixtures/, and node_modules linked. */
function workFolder(): string {
  const dir = tempDir('postdump-docs-');
  cpSync(path.join(ROOT, 'fixtures'), path.join(dir, 'fixtures'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** What a ```sh example may name: dumps/, post.txt and out/. */
function freshSandbox(): string {
  const sandbox = workFolder();
  cpSync(path.join(ROOT, 'fixtures/samples'), path.join(sandbox, 'dumps'), { recursive: true });
  copyFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'), path.join(sandbox, 'post.txt'));
  mkdirSync(path.join(sandbox, 'out'));
  return sandbox;
}

const singleQuoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function bash(script: string, cwd: string) {
  return spawnSync('bash', ['-c', script], { cwd, env: ENV, encoding: 'utf8', timeout: 60_000 });
}

const shown = (block: Block) => block.lang === 'console' || block.lang === 'console-stderr';

const pages = docFiles().map((file) => {
  const blocks = codeBlocks(readDoc(file));
  const runs = blocks.filter(shown).flatMap((block) => examples(block).map((example) => ({ ...example, stderr: block.lang === 'console-stderr' })));
  const invocations = blocks.filter((block) => block.lang === 'sh').flatMap((block) => postdumpInvocations(block));
  return { file, runs, invocations };
});

describe.each(pages.filter(({ runs, invocations }) => runs.length + invocations.length > 0))('$file', ({ file, runs, invocations }) => {
  let cwd = '';
  beforeAll(() => {
    cwd = workFolder();
  });

  it.runIf(runs.length > 0).each(runs)(`line $line: $command`, ({ command, expected, stderr, line }) => {
    const result = bash(stderr ? `exec 2>&1\n${command}` : command, cwd);
    expect(result.error).toBeUndefined();
    expect(result.stdout.replace(/\n$/, ''), `${file}:${line}: ${result.stderr}`).toBe(expected);
  });

  it.runIf(invocations.length > 0).each(invocations)('parses: $command', ({ command }) => {
    // Each in a sandbox of its own (a database one example makes is not another's); watch runs until stopped.
    const own = freshSandbox();
    const script = /\bpostdump watch\b/.test(command) ? `timeout --preserve-status -s INT 3 bash -c ${singleQuoted(`exec ${command}`)}` : command;
    const result = bash(`${script} < /dev/null > /dev/null`, own);
    expect([0, 1], `${command}\n${result.stderr}`).toContain(result.status);
  });
});

/**
 * The postdump invocations of an `sh` block: each pipeline stage starting with `postdump` (or `npx postdump`,
 * `exec postdump`), comments left out. GNU parallel's `{}` stands for a part number: 1 here.
 */
function postdumpInvocations(block: Block): { command: string }[] {
  const commands: string[] = [];
  let pending = '';
  for (const line of block.lines) {
    pending = pending ? `${pending}\n${line}` : line;
    if (!commandComplete(pending)) continue;
    commands.push(pending.replace(/\\\n/g, ' '));
    pending = '';
  }
  return commands.flatMap((command) =>
    stages(command)
      .map((stage) => stage.trim().replace(/^(npx|exec) /, ''))
      .filter((stage) => /^postdump( |$)/.test(stage))
      .map((stage) => ({ command: stage.replaceAll('{}', '1') })),
  );
}

/** A command cut at its unquoted `|`, `;` and `&&`, less an unquoted `#` comment. */
function stages(command: string): string[] {
  const found: string[] = [];
  let quote = '';
  let current = '';
  for (let i = 0; i < command.length; i++) {
    const c = command[i] ?? '';
    if (quote) {
      if (c === quote) quote = '';
      current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === '#' && (i === 0 || /\s/.test(command[i - 1] ?? ''))) {
      break;
    } else if (c === '|' || c === ';' || c === '&') {
      found.push(current);
      current = '';
      if (command[i + 1] === c) i++;
    } else {
      current += c;
    }
  }
  return [...found, current];
}

describe('the first command of the README', () => {
  // `npm install && npm start --silent`: npm's own lines must not come before the records (`npm start | jq`).
  const first = codeBlocks(readDoc('README.md')).find((block) => block.lang === 'sh')?.lines[0] ?? '';
  const start = /&& (npm start[^#]*?)\s*(#|$)/.exec(first)?.[1] ?? '';

  it('prints only records on stdout', () => {
    expect(start).toMatch(/^npm start/);
    // Without building again (prestart): the suite runs on this build.
    const result = bash(`${start} --ignore-scripts`, ROOT);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.replace(/\n$/, '').split('\n');
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines) expect(Object.keys(JSON.parse(line) as object)[0], line).toBe('id');
  });
});
