// --help and the docs agree: every option and argument of every command, as commander holds them, has a row in
// the options table of the command's docs (the README for postdump itself), with the same default; and no row
// names an option the command does not take.
import { type Argument, Command, type Option } from 'commander';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../src/cli/main.js';
import { readDoc, tables } from './support/docs.js';
import { runCli } from './support/cli.js';

/** Where each command's options are documented. */
const DOCS: Record<string, string> = { postdump: 'README.md', check: 'docs/check-and-ci.md', schema: 'docs/library.md', watch: 'docs/datasets.md' };

/** The commander program run() builds, caught before it parses anything. */
async function builtProgram(): Promise<Command> {
  let built: Command | undefined;
  const parse = vi.spyOn(Command.prototype, 'parseAsync').mockImplementation(async function (this: Command) {
    built = this;
    return this;
  });
  try {
    await run([], { stdin: Readable.from([]), stdout: new PassThrough(), stderr: new PassThrough(), env: {} });
  } finally {
    parse.mockRestore();
  }
  if (!built) throw new Error('run() parsed no program');
  return built;
}

const program = await builtProgram();
const commands = [program, ...program.commands];

/** The rows of a command's options table: the table whose header's first cell says `option`. */
function optionRows(command: Command): string[][] {
  const table = tables(readDoc(DOCS[command.name()] ?? '')).find((rows) => /\boption$/.test(rows[0]?.[0] ?? ''));
  return table?.slice(1) ?? [];
}

/** The row whose first cell names this flag or argument (`-f, --format ...`, `` `[paths...]` ``). */
function rowNaming(rows: string[][], name: string): string[] | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return rows.find((row) => new RegExp(`(^|[\\s,\`])${escaped}($|[\\s,\`\\\\])`).test(row[0] ?? ''));
}

/** The default as the help shows it, or null when it shows none worth documenting (false, [], none). */
function shownDefault(item: Option | Argument): string | null {
  const value: unknown = item.defaultValue;
  if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) return null;
  return item.defaultValueDescription ?? (typeof value === 'string' ? value : JSON.stringify(value));
}

/** The default a docs row gives: `` `X` (default) ``. */
function documentedDefault(row: string[]): string | null {
  return /`([^`]+)` \(default\)/.exec(row.join(' | '))?.[1] ?? null;
}

const items = commands.flatMap((command) => [
  ...command.registeredArguments.map((argument) => ({
    command: command.name(),
    name: `[${argument.name()}${argument.variadic ? '...' : ''}]`,
    item: argument as Option | Argument,
  })),
  ...command.options.map((option) => ({ command: command.name(), name: option.long ?? option.flags, item: option as Option | Argument })),
]);

describe('every option of every command is documented, with its default', () => {
  it('has the four commands', () => {
    expect(commands.map((command) => command.name()).sort()).toEqual(Object.keys(DOCS).sort());
  });

  it.each(items)('$command $name', ({ command, name, item }) => {
    const row = rowNaming(optionRows(commands.find((c) => c.name() === command) ?? program), name);
    expect(row, `no row for ${name} in the options table of ${DOCS[command] ?? ''}`).toBeDefined();
    expect(documentedDefault(row ?? [])).toBe(shownDefault(item));
  });

  it.each(commands.map((command) => ({ name: command.name(), command })))('$name: every flag its docs list is one it takes', ({ command }) => {
    const flags = new Set([...command.options.flatMap((option) => [option.long, option.short]), '-h', '--help']);
    for (const row of optionRows(command)) {
      for (const flag of (row[0] ?? '').match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? []) expect(flags, `${row[0] ?? ''}`).toContain(flag);
    }
  });
});

describe('what the help says is what the docs say', () => {
  it("lists the README's exit codes", async () => {
    const { stdout } = await runCli(['--help']);
    const said = stdout.slice(stdout.indexOf('Exit codes:'));
    const exitTable = tables(readDoc('README.md')).find((rows) => rows[0]?.[0] === 'code') ?? [];
    const codes = exitTable.slice(1).flatMap((row) => (row[0] ?? '').split(/,\s*/));
    expect(codes).toContain('130');
    for (const code of codes) expect(said).toMatch(new RegExp(`\\b${code}\\b`));
  });

  it('shows the default of check [paths...] as the docs do, not as JSON', async () => {
    const { stdout } = await runCli(['help', 'check']);
    expect(stdout.replace(/\s+/g, ' ')).toContain('(default: fixtures/)');
  });

  it('says --ignore works inside archives, as the README does', () => {
    const ignore = program.options.find((option) => option.long === '--ignore');
    expect(ignore?.description).toMatch(/archives/);
    expect(rowNaming(optionRows(program), '--ignore')?.[1]).toMatch(/archives/);
  });
});
