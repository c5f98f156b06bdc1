import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { BIN, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

function postdump(args: string[], options: { input?: string; cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, input: options.input ?? '', encoding: 'utf8' });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    /** stdout read as NDJSON. */
    get records() {
      return result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

const STACK = /\n\s+at /;
const sample = (name: string) => `fixtures/samples/${name}`;

describe('postdump (CLI)', () => {
  it('says to build, without a stack, when dist/ is missing', () => {
    const dir = tempDir();
    cpSync(BIN, path.join(dir, 'bin/postdump.js'));
    const result = spawnSync(process.execPath, [path.join(dir, 'bin/postdump.js')], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('postdump: run `npm install && npm run build` first');
    expect(result.stderr).not.toMatch(STACK);
  });

  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(postdump(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  it('--help shows every option and pasteable examples', () => {
    const { status, stdout } = postdump(['--help']);
    expect(status).toBe(0);
    for (const option of ['--format', '--output', '--strict', '--quiet', '--version', '--help']) expect(stdout).toContain(option);
    expect(stdout).toContain('postdump dumps/ > posts.ndjson');
    expect(stdout).toContain("| jq -r '.creator_name'");
    expect(stdout).toContain('postdump -f json post.txt');
  });

  it.each([
    [['--bogus'], "postdump: unknown option '--bogus'"],
    [['-f', 'xml', sample('s01-x-guest.txt')], "argument 'xml' is invalid. Allowed choices are ndjson, json"],
    [['-o'], "option '-o, --output <file>' argument missing"],
    [['-o', '', sample('s01-x-guest.txt')], 'postdump: -o was given an empty file name (is the variable that names it set?)'],
    [['-f', 'parquet', '-o', '', sample('s01-x-guest.txt')], 'postdump: -o was given an empty file name'],
  ])('bad usage %j exits 2 with a message and no stack', (args, message) => {
    const { status, stdout, stderr } = postdump(args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(STACK);
  });

  it('converts a folder of mixed dumps: every good post, one line naming the broken file, exit 1', () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'fixtures/samples'), dir, { recursive: true });
    cpSync(path.join(ROOT, 'fixtures/invalid/binary.txt'), path.join(dir, 'nested/broken.txt'), { recursive: true });
    const { status, stderr, records } = postdump([dir]);
    expect(status).toBe(1);
    expect(records.map((r) => `${path.relative(dir, r.source_file as string)}:${r.source_line}`)).toEqual([
      's01-x-guest.txt:1',
      's02-youtube-with-key.txt:1',
      's03-line-copy-only.txt:1',
      's04-two-posts.txt:1',
      's04-two-posts.txt:10',
      's05-body-lookalikes.txt:1',
      's07-bracket-masks.txt:1',
      's07-bracket-masks.txt:10',
      's08-links-and-a-cut-post.txt:1',
      's08-links-and-a-cut-post.txt:10',
      's08-links-and-a-cut-post.txt:14',
    ]);
    const errors = stderr.split('\n').filter((line) => line.includes('broken.txt'));
    expect(errors).toEqual([`postdump: ${path.join(dir, 'nested/broken.txt')}: binary file (NUL byte at offset 8)`]);
    expect(stderr).not.toMatch(STACK);
  });

  it('exits 0 when every input gives records, sorted by path whatever the argument order', () => {
    const { status, records, stderr } = postdump([sample('s02-youtube-with-key.txt'), sample('s01-x-guest.txt')]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(records.map((r) => r.source_file)).toEqual([sample('s01-x-guest.txt'), sample('s02-youtube-with-key.txt')]);
  });

  it('reports a missing path and goes on with the others', () => {
    const { status, stderr, records } = postdump(['nope.txt', sample('s01-x-guest.txt')]);
    expect(status).toBe(1);
    expect(records).toHaveLength(1);
    expect(stderr).toContain('postdump: nope.txt: no such file or directory\n');
  });

  it('expands glob patterns', () => {
    const { status, records } = postdump(['fixtures/samples/s0[12]*.txt']);
    expect(status).toBe(0);
    expect(records.map((r) => r.source_file)).toEqual([sample('s01-x-guest.txt'), sample('s02-youtube-with-key.txt')]);
  });

  it.each([[[]], [['-']]])('reads stdin with arguments %j', (args) => {
    const { status, records } = postdump(args, { input: readFileSync(path.join(ROOT, sample('s01-x-guest.txt')), 'utf8') });
    expect(status).toBe(0);
    expect(records).toMatchObject([{ source_file: '-', creator_name: 'msantos_dev' }]);
  });

  it('names stdin as - when it holds no dump', () => {
    expect(postdump([], { input: 'hello\n' })).toMatchObject({ status: 1, stderr: expect.stringContaining('postdump: -: not a dump') });
  });

  it('prints usage instead of waiting when stdin is a terminal and no path is given', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    expect(await run([], { stdin, stdout, stderr })).toBe(2);
    const lines = String(stderr.read()).trimEnd().split('\n');
    // One line saying why, then a short usage that says where to read more: not the whole help.
    expect(lines[0]).toBe('postdump: no input: name dump files or folders, or pipe a dump into stdin');
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toContain('postdump --help');
  });

  it('-f json prints one array holding the NDJSON records', () => {
    const ndjson = postdump(['fixtures/samples']).records;
    const json = postdump(['-f', 'json', 'fixtures/samples']);
    expect(JSON.parse(json.stdout)).toEqual(ndjson);
    expect(postdump(['-f', 'json', 'fixtures/invalid/empty.txt']).stdout).toBe('[]\n');
  });

  it('-o writes the output to a file, not stdout', () => {
    const out = path.join(tempDir(), 'posts.ndjson');
    const { status, stdout } = postdump(['-o', out, sample('s01-x-guest.txt')]);
    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(postdump([sample('s01-x-guest.txt')]).stdout);
  });

  it('-o replacing a file keeps its permissions', () => {
    const out = path.join(tempDir(), 'posts.ndjson');
    writeFileSync(out, 'old\n');
    chmodSync(out, 0o640);
    expect(postdump(['-o', out, sample('s01-x-guest.txt')]).status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(readFileSync(out, 'utf8')).not.toBe('old\n');
  });

  it('--strict exits 1 on records with warnings and prints each warning', () => {
    const plain = postdump([sample('s03-line-copy-only.txt')]);
    expect(plain.status).toBe(0);
    const strict = postdump(['--strict', sample('s03-line-copy-only.txt')]);
    expect(strict.status).toBe(1);
    expect(strict.records).toHaveLength(1);
    expect(strict.stderr).toContain(`postdump: ${sample('s03-line-copy-only.txt')}:1: warning: only the line copy was saved: post_link is unknown`);
  });

  it('reads a file of any name when named directly, and only *.txt files in folders', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'post.dump'), readFileSync(path.join(ROOT, sample('s01-x-guest.txt'))));
    writeFileSync(path.join(dir, 'readme.md'), '# notes\n');
    expect(postdump([path.join(dir, 'post.dump')]).records).toHaveLength(1);
    expect(postdump([dir])).toMatchObject({ status: 1, stderr: expect.stringContaining('no .txt files in this folder') });
  });
});
