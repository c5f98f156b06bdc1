import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as pause } from 'node:timers/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePost, makeRng, writeFolder } from '../bench/generate.mjs';
import type { CliResult } from './support/cli.js';
import { cliWith, sameOnTwoThreads } from './support/threads.js';
import { exited, headOne } from './support/child.js';
import { writeTar, writeZip } from './support/archives.js';
import { parquetRecords, sqliteRecords } from './support/datasets.js';
import { BIN, FIXTURES } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

// Folders of small files on two threads: batches of files parsed by the main thread and a worker, written in
// input order. Here any run of files goes to two threads, in batches of 7 files (the worker runs the
// compiled code in dist/, which `npm test` builds first).
const SPREAD = '::1:7';

const dir = tempDir('postdump-spread-');

const cli = cliWith;
const same = (args: readonly string[]): Promise<CliResult> => sameOnTwoThreads(args, SPREAD);

/** A few hundred generated files with failing inputs, a bigger file (streamed) and gzip mixed in. */
function mixedFolder(): string {
  const folder = path.join(dir, 'mixed');
  writeFolder(folder, 300, 11);
  const put = (name: string, bytes: string | Buffer) => writeFileSync(path.join(folder, name), bytes);
  put('post-000050-binary.txt', Buffer.from([0, 1, 2, 3, 0xff, 0, 0x10, 0x41]));
  put('post-000051-empty.txt', '');
  put('post-000120-latin1.txt', Buffer.from('Caf\xe9 @h on x\n/post/tweet::1\n', 'latin1'));
  put('post-000121-utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(path.join(folder, 'post-000001.txt'), 'utf8'), 'utf16le')]));
  put('post-000200-notes.txt', 'log: fetched\n/post/tweet::9\n');
  // Bigger than a whole-file read: streamed on the main thread, between batches.
  const rng = makeRng(5);
  const posts: string[] = [];
  for (let size = 0; size < 1.2 * (1 << 20); ) {
    const text = generatePost(rng).text as string;
    posts.push(text);
    size += text.length + 2;
  }
  put('post-000150-big.txt', posts.join('\n\n'));
  for (const fixture of fg.sync('{invalid,samples,seed}/*.txt', { cwd: FIXTURES })) copyFileSync(path.join(FIXTURES, fixture), path.join(folder, `post-000250-${fixture.replace('/', '-')}`));
  return folder;
}

const FOLDER = mixedFolder();
const FORMATS = [[[]], [['-f', 'json']], [['-f', 'csv']], [['-f', 'tsv']], [['-f', 'csv', '--fields', 'source_line,id,warnings', '--bom']], [['--strict']], [['-f', 'json', '--fields', 'body,source_line']], [['--unique']], [['--unique', '-f', 'json', '--strict']]];

afterEach(() => {
  delete process.env.POSTDUMP_PARALLEL;
});

describe('a folder of small files on two threads gives what one thread gives', () => {
  it.each(FORMATS)('generated files with failing inputs mixed in (%j)', async (flags) => {
    const result = await same([...flags, FOLDER]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('post-000050-binary.txt');
  });

  it('the fixtures folders', async () => {
    for (const folder of ['samples', 'seed', 'variations', 'invalid']) {
      await same([path.join(FIXTURES, folder)]);
      await same(['-f', 'json', path.join(FIXTURES, folder)]);
    }
    await same(['-f', 'csv', FIXTURES]);
  });

  it('archives among the files, and files whose posts are all duplicates', async () => {
    const folder = path.join(dir, 'archives');
    writeFolder(folder, 120, 3);
    const members = Array.from({ length: 30 }, (_, i) => [`in/post-${i}.txt`, readFileSync(path.join(folder, `post-${String(i + 1).padStart(6, '0')}.txt`))] as const);
    await writeZip(path.join(folder, 'post-000040.zip'), members);
    await writeTar(path.join(folder, 'post-000080.tar.gz'), members, true);
    for (const flags of [[], ['-f', 'json'], ['--unique']]) await same([...flags, folder]);
  });

  it.each([['sqlite'], ['parquet']])('into %s', async (format) => {
    const [one, two] = [path.join(dir, `one.${format}`), path.join(dir, `two.${format}`)];
    const a = await cli(['-f', format, '-o', one, FOLDER], 'off');
    const b = await cli(['-f', format, '-o', two, FOLDER], SPREAD);
    expect(b.stderr.replace(two, one)).toBe(a.stderr);
    expect(b.code).toBe(a.code);
    const read = format === 'sqlite' ? async (file: string) => sqliteRecords(file) : parquetRecords;
    const rows = await read(one);
    expect(rows.length).toBeGreaterThan(300);
    expect(await read(two)).toEqual(rows);
  });

  it('with -o, and with the default batches', async () => {
    const [a, b] = [path.join(dir, 'a.ndjson'), path.join(dir, 'b.ndjson')];
    await cli(['-o', a, FOLDER], 'off');
    await cli(['-o', b, FOLDER], '::1');
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });
});

describe('| head -1 on a folder on two threads', () => {
  it.each([[[]], [['-f', 'json']], [['--unique']]])('ends quietly with exit 0 (%j)', async (flags) => {
    const folder = path.join(dir, 'head');
    mkdirSync(folder, { recursive: true });
    writeFolder(folder, 1500, 13);
    const { first, exit, stderr } = await headOne([folder, ...flags], { ...process.env, POSTDUMP_PARALLEL: '::1' });
    expect(first.length).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
  });
});

describe('SIGINT mid-run on a folder on two threads', () => {
  it('no partial file, the earlier one untouched, one line said, exit 130', async () => {
    const folder = path.join(dir, 'signal');
    writeFolder(folder, 3000, 17);
    const target = tempDir('postdump-spread-signal-');
    const out = path.join(target, 'out.ndjson');
    writeFileSync(out, 'earlier\n');
    const child = spawn(process.execPath, [BIN, folder, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, POSTDUMP_PARALLEL: '::1:7' } });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    for (;;) {
      const temp = readdirSync(target).find((name) => name.endsWith('.tmp'));
      if (temp && statSync(path.join(target, temp)).size > 0) break;
      await pause(10);
    }
    child.kill('SIGINT');
    expect(await exited(child)).toEqual({ code: 130, signal: null });
    expect(stderr).toBe('postdump: interrupted (SIGINT)\n');
    expect(readdirSync(target)).toEqual(['out.ndjson']);
    expect(readFileSync(out, 'utf8')).toBe('earlier\n');
  });
});
