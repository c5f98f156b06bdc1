import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { setTimeout as pause } from 'node:timers/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePost, makeRng, writeFolder } from '../bench/generate.mjs';
import type { CliResult } from './support/cli.js';
import { TEXT_FORMATS, cliWith, sameOnTwoThreads } from './support/threads.js';
import { canRunAs, exited, headOne, runAs } from './support/child.js';
import { convertInputs } from '../src/convert/convert.js';
import { planThreads } from '../src/convert/threads.js';
import { type Unit, planUnits } from '../src/convert/units.js';
import { openOutput } from '../src/sinks/open-output.js';
import { formatOptions } from '../src/sinks/text/options.js';
import { type Input, STDIN, resolveInputs } from '../src/sources/inputs.js';
import { SKIP_NOTHING } from '../src/sources/members.js';
import { writeTar, writeZip } from './support/archives.js';
import { parquetRecords, sqliteRecords } from './support/datasets.js';
import { BIN, FIXTURES } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

// Folders of small files on two threads: units of files done by the main thread and a worker, written in
// input order. Here any run of files goes to two threads, in units of 7 files (the worker runs the
// compiled code in dist/, which `npm test` builds first).
const SPREAD = '::1:7';

const dir = tempDir('postdump-spread-');

const cli = cliWith;
const same = (args: readonly string[]): Promise<CliResult> => sameOnTwoThreads(args, SPREAD);

/** Generated posts, a blank line between them, of about this many bytes. */
function posts(bytes: number, seed: number): string {
  const rng = makeRng(seed);
  const texts: string[] = [];
  for (let size = 0; size < bytes; ) {
    const text = generatePost(rng).text as string;
    texts.push(text);
    size += text.length + 2;
  }
  return texts.join('\n\n');
}

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
  put('post-000150-big.txt', posts(1.2 * (1 << 20), 5));
  for (const fixture of fg.sync('{invalid,samples,seed}/*.txt', { cwd: FIXTURES })) copyFileSync(path.join(FIXTURES, fixture), path.join(folder, `post-000250-${fixture.replace('/', '-')}`));
  return folder;
}

/**
 * Small files with, among them, files no thread can take as a small file's bytes (gzip named `.txt`, files
 * over the whole-file limit, files of mode 000), alone, in a row and last; and files of 100 KB, so batches
 * are cut by their bytes. Every one of them is opened on the main thread in its turn.
 */
function oddsFolder(): string {
  const folder = tempDir('postdump-spread-odds-');
  chmodSync(folder, 0o755); // read by `nobody` too (see canRunAs)
  writeFolder(folder, 500, 19); // the odd files late, once the worker has started
  const put = (name: string, bytes: string | Buffer) => writeFileSync(path.join(folder, name), bytes);
  const gzipped = (n: number) => gzipSync(readFileSync(path.join(folder, `post-${String(n).padStart(6, '0')}.txt`)));
  put('post-000403-gz.txt', gzipped(403));
  for (const name of ['post-000410-gz.txt', 'post-000410-gz2.txt', 'post-000417-gz.txt']) put(name, gzipped(410));
  put('post-000480-gz.txt', gzipped(480));
  put('post-000500-gz.txt', gzipped(480)); // the last input
  put('post-000412.txt.gz', gzipped(412));
  put('post-000420-big.txt', posts(1.1 * (1 << 20), 23));
  put('post-000420-big2.txt', posts(1.1 * (1 << 20), 29));
  for (const name of ['post-000430-locked.txt', 'post-000430-locked2.txt', 'post-000444-locked.txt']) {
    put(name, readFileSync(path.join(folder, 'post-000430.txt')));
    chmodSync(path.join(folder, name), 0o000);
  }
  for (let i = 0; i < 8; i++) put(`post-000450-wide-${i}.txt`, posts(100_000, 31 + i));
  return folder;
}

const FOLDER = mixedFolder();
const ODDS = oddsFolder();
const FORMATS = [...TEXT_FORMATS, [['--unique']], [['--unique', '-f', 'json', '--strict']]];

/** Each input as the progress hooks hear it: its size, the bytes read, its records and problems. */
async function progressOf(folder: string, parallel: string) {
  const { inputs } = await resolveInputs([folder]);
  const output = await openOutput('ndjson', formatOptions(), undefined, new PassThrough().resume());
  const heard: [size: number | null, bytes: number, records: number, problems: number][] = [];
  let now = [null, 0, 0, 0] as (typeof heard)[number];
  const plan = planThreads(inputs, false, { POSTDUMP_PARALLEL: parallel });
  await convertInputs(
    { inputs, stdin: Readable.from([]), output, format: 'ndjson', formatOptions: formatOptions(), strict: false, unique: false, skipMember: SKIP_NOTHING, plan },
    {
      startInput: (size) => (now = [size, 0, 0, 0]),
      endInput: () => heard.push(now),
      records: (count) => (now[2] += count),
      bytesRead: (bytes) => (now[1] += bytes),
      warning: () => {},
      problem: () => now[3]++,
    },
  );
  return heard;
}

afterEach(() => {
  delete process.env.POSTDUMP_PARALLEL;
});

describe('a folder of small files on two threads gives what one thread gives', () => {
  it.each(FORMATS)('generated files with failing inputs mixed in (%j)', async (flags) => {
    const result = await same([...flags, FOLDER]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('post-000050-binary.txt');
  });

  it.each(FORMATS)('files no thread reads whole, among the small files (%j)', async (flags) => {
    await same([...flags, ODDS]);
  });

  it.skipIf(!canRunAs())('files it may not read, among the small files: the same messages, output and exit code', async () => {
    for (const flags of [[], ['-f', 'json'], ['--unique'], ['--strict']]) {
      const run = (parallel: string) => spawnSync(process.execPath, [BIN, ...flags, ODDS], { ...runAs, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, POSTDUMP_PARALLEL: parallel } });
      const [one, two] = [run('off'), run(SPREAD)];
      expect(one.stderr).toContain(`postdump: ${path.join(ODDS, 'post-000430-locked.txt')}: permission denied\n`);
      expect(one.status).toBe(1);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
      expect(two.status).toBe(one.status);
    }
  });

  it('progress hears each input with its size and bytes, as on one thread', async () => {
    for (const folder of [FOLDER, ODDS]) {
      const one = await progressOf(folder, 'off');
      expect(one.filter(([size]) => size !== null).length).toBeGreaterThan(50);
      expect(await progressOf(folder, SPREAD)).toEqual(one);
    }
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
    for (const folder of [FOLDER, ODDS]) {
      const [one, two] = [path.join(dir, `one.${format}`), path.join(dir, `two.${format}`)];
      const a = await cli(['-f', format, '-o', one, folder], 'off');
      const b = await cli(['-f', format, '-o', two, folder], SPREAD);
      expect(b.stderr.replace(two, one)).toBe(a.stderr);
      expect(b.code).toBe(a.code);
      const read = format === 'sqlite' ? async (file: string) => sqliteRecords(file) : parquetRecords;
      const rows = await read(one);
      expect(rows.length).toBeGreaterThan(80);
      expect(await read(two)).toEqual(rows);
    }
  });

  it('with -o (output buffers filled again once written), and with the default batches', async () => {
    const [a, b] = [path.join(dir, 'a.ndjson'), path.join(dir, 'b.ndjson')];
    for (const [folder, parallel] of [
      [FOLDER, '::1'],
      [FOLDER, SPREAD],
      [ODDS, SPREAD],
    ] as const) {
      await cli(['-o', a, folder], 'off');
      await cli(['-o', b, folder], parallel);
      expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    }
  });
});

describe('how many threads a run uses (planThreads, the one place that decides)', () => {
  const files = (count: number): Input[] => Array.from({ length: count }, (_, i) => ({ name: `${i}.txt`, path: `${i}.txt`, regular: true }));
  const big: Input = { name: 'big.txt', path: 'big.txt', regular: true, size: 64 << 20 };
  it.skipIf(availableParallelism() < 2)('two for many small files or a big file with text output; one for a few files, for records that come back, and with off', () => {
    expect(planThreads(files(10), false, {}).threads).toBe(1); // a worker's start is paid back only over many files
    expect(planThreads(files(10_000), false, {}).threads).toBe(1);
    expect(planThreads(files(20_000), false, {}).threads).toBe(2);
    expect(planThreads([big], false, {}).threads).toBe(2);
    expect(planThreads(files(20_000), true, {}).threads).toBe(1); // datasets, --unique
    expect(planThreads([big, ...files(10_000)], false, { POSTDUMP_PARALLEL: 'off' }).threads).toBe(1);
    expect(planThreads(files(3), false, { POSTDUMP_PARALLEL: '::1:7' })).toMatchObject({ threads: 2, batchFiles: 7 });
  });
});

describe('the units of work', () => {
  it('runs of small regular files in units of at most batchFiles; archives, gzip names, big and other files alone', () => {
    const missing = path.join(dir, 'missing');
    const inputs: Input[] = [
      { name: 'a', path: `${missing}-a.txt`, regular: true },
      { name: 'b', path: `${missing}-b.txt`, regular: true },
      { name: 'c', path: `${missing}-c.txt`, regular: true },
      { name: 'd', path: `${missing}.zip`, regular: true },
      { name: 'e', path: `${missing}.txt.gz`, regular: true },
      { name: 'f', path: `${missing}-f.txt` },
      { name: 'g', path: `${missing}-g.txt`, regular: true, size: 5 << 20 },
      { name: 'h', path: `${missing}-h.txt`, regular: true },
      STDIN,
    ];
    const show = (unit: Unit) => (unit.kind === 'files' ? unit.inputs.map((input) => input.name).join('') : `${unit.kind}:${unit.input.name}`);
    expect([...planUnits(inputs, { threads: 2, minBytes: 32 << 20, rangeBytes: 1 << 20, batchFiles: 2 })].map(show)).toEqual(['ab', 'c', 'input:d', 'input:e', 'input:f', 'input:g', 'h', 'input:-']);
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

describe('a run turns the event loop between units of work', () => {
  // So the progress bar's timer and Ctrl-C are served while a folder goes into a dataset (written synchronously).
  it.each(['sqlite', 'parquet'] as const)('a folder into %s', async (format) => {
    const dir = tempDir();
    writeFolder(path.join(dir, 'in'), 2000, 3);
    const { inputs } = await resolveInputs([path.join(dir, 'in')]);
    const output = await openOutput(format, formatOptions(), path.join(dir, `out.${format}`), new PassThrough());
    const plan = planThreads(inputs, true, { POSTDUMP_PARALLEL: '1' });
    let turned = false;
    let turnedBeforeTheLastInput = false;
    setImmediate(() => (turned = true));
    let ended = 0;
    await convertInputs(
      { inputs, stdin: Readable.from([]), output, format, formatOptions: formatOptions(), strict: false, unique: false, skipMember: SKIP_NOTHING, plan },
      {
        startInput: () => {},
        endInput: () => {
          if (++ended === inputs.length) turnedBeforeTheLastInput = turned;
        },
        records: () => {},
        bytesRead: () => {},
        warning: () => {},
        problem: () => {},
      },
    );
    expect(turnedBeforeTheLastInput).toBe(true);
  });
});

describe('what a unit made is let go once handed on', () => {
  it('a folder of 10,000 small files into sqlite in a 32 MB heap', () => {
    const dir = tempDir();
    writeFolder(path.join(dir, 'in'), 10_000, 4);
    const db = path.join(dir, 'posts.db');
    // Handed-on units kept their records until 1,024 of them had gone by: a run of 10,000 files held about
    // 90 MB of them to its end, and V8 gave up (signal 6) in a 48 MB heap.
    const run = spawnSync(process.execPath, ['--max-old-space-size=32', BIN, '-q', '-f', 'sqlite', path.join(dir, 'in'), '-o', db], { encoding: 'utf8' });
    expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
  }, 60_000);
});
