import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePost, makeRng } from '../bench/generate.mjs';
import { WARNING_KINDS } from '../src/index.js';
import { exited } from './support/child.js';
import { runCli } from './support/cli.js';
import { BIN, FIXTURES, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const LINE_ONLY = path.join(FIXTURES, 'samples/s03-line-copy-only.txt');
const CUT = path.join(FIXTURES, 'variations/v20-line-copy-cut-off-in-body.txt');
const GUEST = path.join(FIXTURES, 'samples/s01-x-guest.txt');

/** The rows of the warning-kinds table in a Markdown file: kind, then the prefixes. */
function tableIn(file: string): [string, string[]][] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\| `([a-z-]+)` \| (`.*?`) \| [^|]+ \|$/gm)].map((m) => [m[1] as string, [...(m[2] as string).matchAll(/`([^`]+)`/g)].map((p) => p[1] as string)]);
}

describe('the warning kinds', () => {
  it.each(['docs/check-and-ci.md', 'docs/dump-format.md'])('are listed in %s as in the code', (file) => {
    const code = WARNING_KINDS.map(({ kind, prefixes }) => [kind, [...prefixes]]);
    expect(tableIn(file)).toEqual(code);
  });
});

describe('--strict and --allow', () => {
  it('prints each warning with its kind', async () => {
    const { code, stderr } = await runCli(['--strict', LINE_ONLY]);
    expect(code).toBe(1);
    expect(stderr).toContain('warning: only the line copy was saved: post_link is unknown [one-copy]\n');
  });

  it.each<[string[], number, boolean]>([
    [['--allow', 'one-copy'], 0, false],
    [['--allow', 'cut-copy'], 1, true],
    [['--allow', 'cut-copy', '--allow', 'one-copy'], 0, false],
  ])('%j: allowed warnings neither fail the run nor are printed', async (allow, exit, printed) => {
    const { code, stderr } = await runCli(['--strict', ...allow, LINE_ONLY]);
    expect(code).toBe(exit);
    expect(stderr.includes('[one-copy]')).toBe(printed);
  });

  it.each<[string[], string]>([
    [['--strict', '--allow', 'onecopy', GUEST], 'did you mean one-copy?'],
    [['--strict', '--allow', 'nothing-like-it', GUEST], 'the kinds are one-copy, cut-copy,'],
    [['--allow', 'one-copy', GUEST], '--allow goes with --strict'],
    [['check', '--allow', 'cutcopy', GUEST], 'did you mean cut-copy?'],
  ])('%j is a usage error', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('check --allow lets a dump without NAME.json give warnings of that kind', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), readFileSync(CUT));
    expect((await runCli(['check', dir])).code).toBe(1);
    expect((await runCli(['check', '--allow', 'one-copy', dir])).code).toBe(1);
    expect((await runCli(['check', '--allow', 'cut-copy', dir])).code).toBe(0);
  });
});

describe('--summary FILE', () => {
  it('is written when the output is refused (a database postdump did not make): exit 2', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'theirs.db');
    const Database = (await import('better-sqlite3')).default;
    new Database(db).exec('CREATE TABLE mine (x)');
    const file = path.join(dir, 'summary.json');
    const { code } = await runCli(['-f', 'sqlite', GUEST, '-o', db, '--summary', file]);
    expect([code, JSON.parse(readFileSync(file, 'utf8')).exit_code]).toEqual([2, 2]);
  });

  it('sums up the run, failures and warnings by kind, also when it fails', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'summary.json');
    const { code } = await runCli(['--strict', '--allow', 'cut-copy', LINE_ONLY, CUT, GUEST, 'missing.txt', '--summary', file, '-o', path.join(dir, 'out.ndjson')]);
    expect(code).toBe(1);
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    expect({ ...summary, elapsed_ms: typeof summary.elapsed_ms }).toEqual({
      exit_code: 1,
      interrupted: null,
      inputs: { total: 4, failed: 1, failures: [{ file: 'missing.txt', line: null, reason: 'no such file or directory' }] },
      records: 3,
      records_with_warnings: 2,
      warnings: { 'one-copy': 1, 'cut-copy': 1, 'copies-disagree': 0, 'copy-lacks-field': 0, 'missing-value': 0, 'unreadable-value': 0, 'creator-link': 0, 'split-topics': 0 },
      allowed: ['cut-copy'],
      duplicates_dropped: 0,
      elapsed_ms: 'number',
    });
  });

  it('counts the duplicates --unique dropped', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'summary.json');
    for (const name of ['a.txt', 'b.txt']) writeFileSync(path.join(dir, name), readFileSync(GUEST));
    expect((await runCli(['--unique', `${dir}/a.txt`, `${dir}/b.txt`, '--summary', file])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ exit_code: 0, records: 1, duplicates_dropped: 1, inputs: { total: 2, failed: 0 } });
  });

  it.each<[string, (dir: string) => string[], string]>([
    ['the -o file', (dir) => [GUEST, '-o', `${dir}/out.ndjson`, '--summary', `${dir}/out.ndjson`], 'is also the -o file'],
    ['an input', (dir) => [`${dir}/in.txt`, '--summary', `${dir}/in.txt`], 'is also the input'],
    ['a file a glob would read', (dir) => [`${dir}/*`, '--summary', `${dir}/s.json`], 'would be read by the input'],
    ['an empty name', () => [GUEST, '--summary', ''], '--summary was given an empty file name'],
  ])('pointing at %s is a usage error', async (_name, args, message) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'in.txt'), readFileSync(GUEST));
    const { code, stderr } = await runCli(args(dir));
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(readdirSync(dir)).toEqual(['in.txt']);
  });

  it('is written with the counts so far when SIGINT stops the run', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'summary.json');
    const child = spawn(process.execPath, [BIN, '-', '-o', path.join(dir, 'out.ndjson'), '--summary', file], { stdio: ['pipe', 'ignore', 'ignore'] });
    const rng = makeRng(5);
    child.stdin!.write(`${Array.from({ length: 50 }, () => (generatePost(rng) as { text: string }).text).join('\n\n')}\n\n`); // stdin stays open
    for (;;) {
      const temp = readdirSync(dir).find((name) => name.endsWith('.tmp'));
      if (temp && statSync(path.join(dir, temp)).size > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    expect(await exited(child)).toEqual({ code: 130, signal: null });
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    expect(summary).toMatchObject({ exit_code: 130, interrupted: 'SIGINT', inputs: { total: 1 } });
    expect(summary.records).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['summary.json']);
  });
});
