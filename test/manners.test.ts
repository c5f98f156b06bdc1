import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { wantsColour } from '../src/cli/colour.js';
import { formatMessage } from '../src/cli/report.js';
import { formatElapsed, runSummary } from '../src/cli/run-summary.js';
import { formatNamed } from '../src/sinks/text/formats.js';
import { recordJsonSchemaText } from '../src/pipeline/record/json-schema.js';
import { escapeControls } from '../src/text/escape-controls.js';
import { runCli } from './support/cli.js';
import { FIXTURES } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const GUEST = path.join(FIXTURES, 'samples/s01-x-guest.txt');
const LINE_ONLY = path.join(FIXTURES, 'samples/s03-line-copy-only.txt');
const TWICE = path.join(FIXTURES, 'variations/v15-same-post-saved-twice.txt');
const ESC = '\u001b';

describe('escapeControls: input-derived text in messages', () => {
  it.each([
    ['plain/path.txt', 'plain/path.txt'],
    [`evil${ESC}[31mRED${ESC}[0m.txt`, 'evil\\x1b[31mRED\\x1b[0m.txt'],
    ['a\tb\nc\rd\u0000e\u0007', 'a\\x09b\\x0ac\\x0dd\\x00e\\x07'],
    ['del\u007f c1\u0085\u009b', 'del\\x7f c1\\x85\\x9b'],
    ['bidi \u202eevil\u202c \u2066iso\u2069 \u200f', 'bidi \\u202eevil\\u202c \\u2066iso\\u2069 \\u200f'],
    ['accents é, emoji 😀, nbsp \u00a0', 'accents é, emoji 😀, nbsp \u00a0'],
  ])('%j → %s', (text, escaped) => {
    expect(escapeControls(text)).toBe(escaped);
  });

  it('applies to the path and the message of every message', () => {
    expect(formatMessage({ source: `a${ESC}]0;title\u0007.txt`, line: 3 }, `bad ${ESC}[2J`)).toBe('postdump: a\\x1b]0;title\\x07.txt:3: bad \\x1b[2J');
  });

  it('reaches stderr escaped for a file named with an escape sequence; the record keeps the name exactly', async () => {
    const dir = tempDir();
    const evil = path.join(dir, `evil${ESC}[31mRED${ESC}[0m.txt`);
    copyFileSync(LINE_ONLY, evil);
    const { code, stdout, stderr } = await runCli(['--strict', dir, path.join(dir, `gone${ESC}[2J.txt`)]);
    expect(stderr).not.toContain(ESC);
    expect(stderr).toContain(`postdump: ${dir}/gone\\x1b[2J.txt: no such file or directory`);
    expect(stderr).toContain(`postdump: ${dir}/evil\\x1b[31mRED\\x1b[0m.txt:1: warning: only the line copy was saved`);
    expect((JSON.parse(stdout) as { source_file: string }).source_file).toBe(evil);
    expect(code).toBe(1);
  });

  it('reaches check --update escaped', async () => {
    const dir = tempDir();
    copyFileSync(GUEST, path.join(dir, `evil${ESC}[31m.txt`));
    const { code, stdout } = await runCli(['check', '--update', dir]);
    expect([code, stdout]).toEqual([0, `created ${dir}/evil\\x1b[31m.json\n1 changed, 0 unchanged\n`]);
  });

  it("names a mismatched dump in the --update hint in bash's $'...' quoting", async () => {
    const dir = tempDir();
    copyFileSync(GUEST, path.join(dir, `it's${ESC}[31m.txt`));
    writeFileSync(path.join(dir, `it's${ESC}[31m.json`), '[{"engagements": 1}]');
    const { stdout } = await runCli(['check', dir]);
    expect(stdout.split('\n').at(-3)).toBe(`(if the new records are right: postdump check --update $'${dir}/it\\'s\\x1b[31m.txt')`);
  });

  it('reaches the check report escaped', async () => {
    const dir = tempDir();
    copyFileSync(LINE_ONLY, path.join(dir, `evil${ESC}[31m.txt`));
    const { code, stdout } = await runCli(['check', dir]);
    expect(stdout).not.toContain(ESC);
    expect(stdout).toContain(`FAIL ${dir}/evil\\x1b[31m.txt\n  ${dir}/evil\\x1b[31m.txt:1: records[0] has a warning`);
    expect(code).toBe(1);
  });
});

describe('wantsColour: --color, NO_COLOR, FORCE_COLOR, TERM', () => {
  const TTY = { isTTY: true };
  const PIPE = { isTTY: false };
  it.each<[string, 'auto' | 'always' | 'never', { isTTY: boolean }, NodeJS.ProcessEnv, boolean]>([
    ['auto, a terminal', 'auto', TTY, {}, true],
    ['auto, a pipe', 'auto', PIPE, {}, false],
    ['auto, TERM=dumb', 'auto', TTY, { TERM: 'dumb' }, false],
    ['auto, NO_COLOR=1', 'auto', TTY, { NO_COLOR: '1' }, false],
    ['auto, NO_COLOR empty is not set', 'auto', TTY, { NO_COLOR: '' }, true],
    ['auto, FORCE_COLOR=1 into a pipe', 'auto', PIPE, { FORCE_COLOR: '1' }, true],
    ['auto, FORCE_COLOR empty into a pipe', 'auto', PIPE, { FORCE_COLOR: '' }, true],
    ['auto, FORCE_COLOR beats TERM=dumb', 'auto', TTY, { FORCE_COLOR: '1', TERM: 'dumb' }, true],
    ['auto, FORCE_COLOR=0', 'auto', TTY, { FORCE_COLOR: '0' }, false],
    ['auto, FORCE_COLOR=false', 'auto', TTY, { FORCE_COLOR: 'false' }, false],
    ['auto, NO_COLOR beats FORCE_COLOR', 'auto', TTY, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['always beats NO_COLOR, into a pipe', 'always', PIPE, { NO_COLOR: '1' }, true],
    ['never beats FORCE_COLOR, on a terminal', 'never', TTY, { FORCE_COLOR: '3' }, false],
    ['auto, FORCE_COLOR=FALSE in any case', 'auto', TTY, { FORCE_COLOR: 'FALSE' }, false],
    ['auto, FORCE_COLOR=2 into a pipe', 'auto', PIPE, { FORCE_COLOR: '2' }, true],
    // Where chalk's own detection (its supports-color) would answer otherwise: these follow the README.
    ['auto, FORCE_COLOR=yes into a pipe', 'auto', PIPE, { FORCE_COLOR: 'yes', TERM: 'xterm' }, true],
    ['auto, a terminal in CI', 'auto', TTY, { CI: 'true', TERM: 'xterm' }, true],
    ['auto, a terminal whose TERM is unknown', 'auto', TTY, { TERM: 'foot' }, true],
    ['auto, Azure Pipelines into a pipe', 'auto', PIPE, { TF_BUILD: 'True', AGENT_NAME: 'agent' }, false],
  ])('%s → %s', (_name, choice, stream, env, colour) => {
    expect(wantsColour(choice, stream, env)).toBe(colour);
  });

  // The whole CLI in-process, with its environment passed in: the rules reach the palette, not chalk's guess.
  const RED = `${ESC}[31mpostdump: missing.txt: no such file or directory${ESC}[39m\n`;
  const PLAIN = 'postdump: missing.txt: no such file or directory\n';
  it.each<[string, boolean, NodeJS.ProcessEnv, string[], string]>([
    ['stderr a terminal', true, {}, [], RED],
    ['stderr a pipe', false, {}, [], PLAIN],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, [], PLAIN],
    ['FORCE_COLOR=1 into a pipe', false, { FORCE_COLOR: '1' }, [], RED],
    ['NO_COLOR empty on a terminal', true, { NO_COLOR: '' }, [], RED],
    ['NO_COLOR=1 on a terminal', true, { NO_COLOR: '1' }, [], PLAIN],
    ['TERM=dumb on a terminal', true, { TERM: 'dumb' }, [], PLAIN],
    ['--color always, NO_COLOR=1, into a pipe', false, { NO_COLOR: '1' }, ['--color', 'always'], RED],
    ['--color never, FORCE_COLOR=1, on a terminal', true, { FORCE_COLOR: '1' }, ['--color', 'never'], PLAIN],
  ])('postdump missing.txt, %s', async (_name, stderrIsTTY, env, flags, first) => {
    const { stderr } = await runCli([...flags, 'missing.txt'], '', { stderrIsTTY, env });
    expect(`${stderr.split('\n')[0]}\n`).toBe(first);
  });

  it.each<[string[], 'stdout' | 'stderr', string]>([
    [['--color', 'always', 'missing.txt'], 'stderr', `${ESC}[31mpostdump: missing.txt: no such file or directory${ESC}[39m\n`],
    [['--color', 'NEVER', 'missing.txt'], 'stderr', 'postdump: missing.txt: no such file or directory\npostdump: 0 records from 1 input (1 failed)\n'],
    [['check', '--color', 'always', 'missing.txt'], 'stdout', `${ESC}[31m${ESC}[1mFAIL${ESC}[22m${ESC}[39m missing.txt\n`],
    [['--color', 'always', 'check', 'missing.txt'], 'stdout', `${ESC}[31m${ESC}[1mFAIL${ESC}[22m${ESC}[39m missing.txt\n`],
    [['--color', 'always', 'check', '--color', 'never', 'missing.txt'], 'stdout', 'FAIL missing.txt\n'],
  ])('postdump %j colours as told (%s)', async (args, stream, start) => {
    const result = await runCli(args, '', { env: { FORCE_COLOR: '0' } });
    expect(result[stream].startsWith(start)).toBe(true);
  });

  it('never colours the records, even with --color always', async () => {
    const { stdout } = await runCli(['--color', 'always', '-f', 'csv', GUEST], '', { stdoutIsTTY: true, stderrIsTTY: true });
    expect(stdout).not.toContain(ESC);
  });

  it('refuses a --color it does not know, with exit 2', async () => {
    const { code, stderr } = await runCli(['--color', 'sometimes', GUEST]);
    expect(code).toBe(2);
    expect(stderr).toContain("postdump: option '--color <when>' argument 'sometimes' is invalid. choose auto, always or never");
  });
});

describe('the summary line', () => {
  const base = { records: 1234, inputs: 12, failedInputs: 0, warned: 0, strict: false, warningsKey: true, seconds: 1.23 };
  it.each([
    ['a clean run', base, '1,234 records from 12 inputs, in 1.2s'],
    ['to a file', { ...base, output: 'posts.csv' }, '1,234 records from 12 inputs, written to posts.csv, in 1.2s'],
    ['one record, one input', { ...base, records: 1, inputs: 1 }, '1 record from 1 input, in 1.2s'],
    ['one input that failed', { ...base, records: 0, inputs: 1, failedInputs: 1 }, '0 records from 1 input (1 failed), in 1.2s'],
    ['no record, with -o', { ...base, records: 0, inputs: 1, failedInputs: 1, output: 'keep.ndjson' }, '0 records from 1 input (1 failed), keep.ndjson left as it was, in 1.2s'],
    ['warnings', { ...base, warned: 3 }, '1,234 records from 12 inputs, in 1.2s; 3 records with warnings (see their "warnings"; --strict fails on them)'],
    [
      'warnings, with --fields leaving that key out',
      { ...base, warned: 1, warningsKey: false },
      '1,234 records from 12 inputs, in 1.2s; 1 record with warnings (--strict prints them and fails on them)',
    ],
    ['warnings under --strict', { ...base, warned: 2, strict: true, failedInputs: 2 }, '1,234 records from 12 inputs (2 failed), in 1.2s; 2 records with warnings'],
    ['in a log: no time', { ...base, seconds: undefined, failedInputs: 1 }, '1,234 records from 12 inputs (1 failed)'],
  ])('%s', (_name, totals, line) => {
    expect(runSummary(totals)).toBe(line);
  });

  it.each([
    [0.012, '12 ms'],
    [0.9994, '999 ms'],
    [1.04, '1.0s'],
    [9.94, '9.9s'],
    [12.4, '12s'],
    [125, '2m05s'],
  ])('%s s take %s', (seconds, text) => {
    expect(formatElapsed(seconds)).toBe(text);
  });

  const summaryOf = (stderr: string) => stripVTControlCharacters(stderr).replace(/in [\dm.]+ ?m?s/, 'in Ns');
  it.each<[string, string[], boolean, string]>([
    ['a clean run on a terminal', [GUEST], true, 'postdump: 1 record from 1 input, in Ns\n'],
    ['a clean run with -o on a terminal', [GUEST, '-o', 'OUT'], true, 'postdump: 1 record from 1 input, written to OUT, in Ns\n'],
    ['a clean run in a pipe: silence', [GUEST], false, ''],
    ['-q on a terminal: silence', ['-q', GUEST], true, ''],
    ['--unique dropping a duplicate in a pipe: silence', ['--unique', TWICE], false, ''],
    ['--unique dropping a duplicate on a terminal', ['--unique', TWICE], true, 'postdump: 1 record from 1 input, in Ns; 1 duplicate dropped (--unique)\n'],
    ['a failed input in a pipe: no time', ['missing.txt'], false, 'postdump: missing.txt: no such file or directory\npostdump: 0 records from 1 input (1 failed)\n'],
    ['warnings, --fields without them', ['--fields', 'id', LINE_ONLY], false, 'postdump: 1 record from 1 input; 1 record with warnings (--strict prints them and fails on them)\n'],
  ])('%s', async (_name, args, stderrIsTTY, summary) => {
    const output = path.join(tempDir(), 'out.ndjson');
    const { stderr } = await runCli(
      args.map((a) => (a === 'OUT' ? output : a)),
      '',
      { stderrIsTTY },
    );
    expect(summaryOf(stderr)).toBe(summary.replace('OUT', output));
  });
});

describe('format names and --fields', () => {
  it.each([
    ['csv', 'csv'],
    ['CSV', 'csv'],
    ['NdJson', 'ndjson'],
    ['xml', null],
  ])('%s → %s', (name, format) => {
    expect(formatNamed(name)).toBe(format);
  });

  it('-f CSV writes CSV', async () => {
    const { code, stdout } = await runCli(['-f', 'CSV', '--fields', 'id,engagements', GUEST]);
    expect([code, stdout]).toEqual([0, 'id,engagements\r\ntweet::1967301234567890123,\r\n']);
  });

  it('--fields id,engagement suggests engagements first', async () => {
    const { code, stderr } = await runCli(['--fields', 'id,engagement', GUEST]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown field "engagement": did you mean engagements?; valid fields: id, post_type,');
  });
});

describe('each subcommand takes its own options', () => {
  it.each([
    [['check', '-o', 'f', 'fixtures/samples'], "postdump: unknown option '-o'"],
    [['check', '-f', 'csv', 'fixtures/samples'], "postdump: unknown option '-f'"],
    [['check', '--strict', 'fixtures/samples'], "postdump: unknown option '--strict'"],
    [['check', '--fields', 'id'], "postdump: unknown option '--fields'"],
    [['schema', '--strict'], "postdump: unknown option '--strict'"],
    [['schema', '-f', 'csv'], "postdump: unknown option '-f'"],
    [['schema', '-q'], "postdump: unknown option '-q'"],
    [['--strict', 'check'], 'postdump: --strict is not an option of postdump check'],
    [['-o', 'f', 'schema'], 'postdump: --output is not an option of postdump schema'],
  ])('postdump %j is a usage error naming the option', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.split('\n')[0]).toBe(message);
  });

  it('check --ignore skips what it names, in folders', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'drafts'));
    for (const name of ['a', 'drafts/b', 'xa']) {
      copyFileSync(path.join(FIXTURES, 'samples/s01-x-guest.txt'), path.join(dir, `${name}.txt`));
      copyFileSync(path.join(FIXTURES, 'samples/s01-x-guest.json'), path.join(dir, `${name}.json`));
    }
    const { code, stdout } = await runCli(['check', '--ignore', 'x*', '--ignore', 'drafts', dir]);
    expect([code, stdout]).toEqual([0, `ok   ${dir}/a.txt\n1 passed, 0 failed\n`]);
  });

  it('check -q lists only the dumps that fail', async () => {
    const dir = tempDir();
    copyFileSync(GUEST, path.join(dir, 'ok.txt'));
    copyFileSync(path.join(FIXTURES, 'samples/s01-x-guest.json'), path.join(dir, 'ok.json'));
    copyFileSync(LINE_ONLY, path.join(dir, 'warned.txt'));
    const { code, stdout } = await runCli(['check', '-q', dir]);
    expect(stdout.split('\n')).toEqual([
      `FAIL ${dir}/warned.txt`,
      `  ${dir}/warned.txt:1: records[0] has a warning (no NAME.json beside it, so none is allowed): only the line copy was saved: post_link is unknown`,
      `(if the new records are right: postdump check --update ${dir}/warned.txt)`,
      '1 passed, 1 failed',
      '',
    ]);
    expect(code).toBe(1);
  });

  it('schema -o FILE writes the schema there, nothing on stdout', async () => {
    const file = path.join(tempDir(), 'record.schema.json');
    const { code, stdout, stderr } = await runCli(['schema', '-o', file]);
    expect([code, stdout, stderr]).toEqual([0, '', '']);
    expect(readFileSync(file, 'utf8')).toBe(recordJsonSchemaText());
  });

  it('schema -o into a folder that does not exist fails with exit 1, naming it', async () => {
    const file = path.join(tempDir(), 'no/such/folder/s.json');
    const { code, stderr } = await runCli(['schema', '-o', file]);
    expect([code, stderr]).toEqual([1, `postdump: ${file}: cannot write the schema: no such file or directory\n`]);
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    [['help'], 'Usage: postdump [options] [command] [paths...]'],
    [['help', 'check'], 'Usage: postdump check [options] [paths...]'],
    [['help', 'schema'], 'Usage: postdump schema [options]'],
    [['check', '--help'], 'Usage: postdump check [options] [paths...]'],
  ])('postdump %j prints help on stdout', async (args, usage) => {
    const { code, stdout } = await runCli(args);
    expect([code, stdout.split('\n')[0]]).toEqual([0, usage]);
  });

  it.each<[string[], string]>([
    [['help', 'nonsense'], 'postdump: unknown command "nonsense": the commands are schema, check, watch (postdump help COMMAND)\n'],
    [['--all', 'x.txt'], 'postdump: --all is an option of check --update: postdump check --update --all\n(run postdump --help for usage)\n'],
    [['nomatch/*.txt'], 'postdump: nomatch/*.txt: no files match this pattern\npostdump: 0 records from 1 input (1 failed)\n'],
  ])('postdump %j says what is wrong, once', async (args, stderr) => {
    const result = await runCli(args);
    expect([result.code, result.stdout, result.stderr]).toEqual([args[0] === 'nomatch/*.txt' ? 1 : 2, '', stderr]);
  });
});
