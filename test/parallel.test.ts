import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePost, makeRng, writeBigFile } from '../bench/generate.mjs';
import { scanRanges } from '../src/convert/ranges.js';
import { DumpParser } from '../src/pipeline/dump-parser.js';
import type { CliResult } from './support/cli.js';
import { TEXT_FORMATS, cliWith, sameOnTwoThreads } from './support/threads.js';
import { headOne } from './support/child.js';
import { ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

// The parallel path is for big files; here it is made to cut small files into small parts. Its workers run
// the compiled code (dist/), which `npm test` builds first.
const RANGE = 2048;
const PARALLEL = `0:${RANGE}`;

const dir = tempDir('postdump-parallel-');
let files = 0;
function file(text: string | Buffer): string {
  const name = path.join(dir, `input-${++files}.txt`);
  writeFileSync(name, text);
  return name;
}

const cli = cliWith;
const same = (args: readonly string[]): Promise<CliResult> => sameOnTwoThreads(args, PARALLEL);

function parts(name: string) {
  const data = readFileSync(name);
  return scanRanges(data.length, (at, length) => data.subarray(at, at + length), RANGE) ?? [];
}

/** A post with both copies (no banner, real counts), whose body is these lines. */
function post(n: number, body: readonly string[]): string {
  const flat = `Name ${n} [@h${n}](/creator/twitter/h${n}) on x 1,234 followers Created: 2025-01-02 03:04:05 UTC ${body.join(' ')}  56 engagements [Post Link](https://x.com/h${n}/status/${n})`;
  return [flat, `Name ${n} @h${n} on x 1,234 followers`, 'Created: 2025-01-02 03:04:05 UTC', ...body, '56 engagements', `/post/tweet::${n}`].join('\n');
}

function generated(count: number, seed: number): string[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => generatePost(rng).text as string);
}

/** Posts whose bodies hold a footer and a `/post/` line, then a flat copy of another post: all body, by the guide. */
function lookalikes(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    post(1000 + i, [`Lines that look like an end ${i}:`, '99 engagements', `/post/tweet::42424${i}`, post(9000 + i, ['inner']).split('\n')[0] as string, 'and the end.']),
  );
}

const FORMATS = TEXT_FORMATS;

afterEach(() => {
  delete process.env.POSTDUMP_PARALLEL;
});

describe('parsing one file on two threads gives what parsing it in turn gives', () => {
  it('every fixture, concatenated many times', async () => {
    // UTF-16 fixtures are bytes of another encoding: a test of their own below.
    const fixtures = fg.sync('fixtures/{samples,seed,variations}/**/*.txt', { cwd: ROOT, ignore: ['**/*utf-16*'] }).sort();
    const text = fixtures.map((name) => readFileSync(path.join(ROOT, name), 'utf8')).join('\n\n');
    const name = file(Array.from({ length: 15 }, () => text).join('\n\n'));
    expect(parts(name).length).toBeGreaterThan(10);
    const result = await same([name]);
    expect(result.code).toBe(0);
    await same(['-f', 'json', name]);
    await same(['--strict', '-f', 'csv', name]);
  });

  it("the benchmark generator's output", async () => {
    const name = path.join(dir, 'generated.txt');
    await writeBigFile(name, 300);
    expect(parts(name).length).toBeGreaterThan(20);
    const result = await same([name]);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(300);
  });

  it.each(FORMATS)('look-alike lines around the cuts, CRLF, cut-off copies, in every format (%j)', async (flags) => {
    const cut = (text: string) => text.split('\n').slice(0, -2).join('\n'); // no footer, no /post/ line
    const posts = generated(60, 7).map((text, i) => (i % 9 === 4 ? cut(text) : text));
    const mixed = posts.flatMap((text, i) => (i % 5 === 0 ? [text, ...lookalikes(1)] : [text]));
    const lf = file(`${mixed.join('\n\n')}\n`);
    const crlf = file(`${mixed.join('\r\n\r\n').replaceAll('\n', '\r\n').replaceAll('\r\r\n', '\r\n')}\r\n`);
    for (const name of [lf, crlf]) {
      expect(parts(name).length).toBeGreaterThan(10);
      await same([...flags, name]);
    }
  });

  it('a post that runs across a cut (its body holds a /post/ line, then a flat copy): the worker reads on', async () => {
    const name = file(`${lookalikes(40).join('\n')}\n`);
    const ranges = parts(name);
    const text = readFileSync(name, 'utf8');
    // The fallback is needed: at some cut, the sequential parser is inside a post.
    const inside = ranges.slice(1).filter((range) => {
      const parser = new DumpParser(name);
      parser.push(text.slice(0, range.start)); // ASCII only: characters are bytes
      return !parser.atPostBoundary;
    });
    expect(inside.length).toBeGreaterThan(0);
    const result = await same([name]);
    const records = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { body: string; warnings: string[] });
    expect(records).toHaveLength(40);
    expect(records.every((record) => record.warnings.length === 0 && record.body.includes('/post/tweet::42424'))).toBe(true);
  });

  it('a byte order mark; U+FEFF at the start of a later part is text', async () => {
    const posts = generated(40, 3);
    await same([file(`\uFEFF${posts.join('\n\n')}\n`)]);
    const withMarks = posts.map((text, i) => (i % 4 === 0 ? `\uFEFF${text}` : text)).join('\n');
    await same([file(withMarks)]);
    await same(['-f', 'csv', file(withMarks)]);
  });

  it('a file whose first half has no post, and posts cut off at the end', async () => {
    const notes = Array.from({ length: 300 }, (_, i) => `log ${i}: fetched\n/post/tweet::${i}`).join('\n');
    const posts = generated(30, 5).join('\n\n');
    await same([file(`${notes}\n${posts}`)]);
    await same([file(`${notes}\n${posts}`.slice(0, -40))]);
    await same(['-f', 'json', file(`${notes}\n${posts}\n${notes}`)]);
  });

  it('a file that gives no record fails with the message the sequential path gives', async () => {
    const notes = Array.from({ length: 400 }, (_, i) => `log ${i}: fetched\n/post/tweet::${i}`).join('\n');
    const name = file(`${notes}\n`);
    expect(parts(name).length).toBeGreaterThan(3);
    const result = await same([name]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('input-');
    await same(['-f', 'json', name]);
  });

  it('a file that is not UTF-8 further on: the sequential path reads it and says where', async () => {
    const text = Buffer.from(`${generated(40, 9).join('\n\n')}\n`);
    text[text.length - 500] = 0xff;
    const result = await same([file(text)]);
    expect(result.stderr).toContain('not UTF-8');
  });

  it.each(['le', 'be'] as const)('a UTF-16%s file with a byte order mark: declined by the parallel path, decoded by the sequential one', async (order) => {
    const text = `${generated(40, 13).join('\n\n')}\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const name = file(order === 'le' ? le : Buffer.from(le).swap16());
    const result = await same([name]);
    const utf8 = await cli([file(text)], 'off');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(40);
    expect(result.stdout.replaceAll(name, '')).toBe(utf8.stdout.replaceAll(path.join(dir, `input-${files}.txt`), ''));
  });

  it('-o writes the file in place', async () => {
    const input = file(`${generated(50, 11).join('\n')}\n`);
    const [a, b] = [path.join(dir, 'a.ndjson'), path.join(dir, 'b.ndjson')];
    await cli(['-o', a, input], 'off');
    await cli(['-o', b, input], PARALLEL);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });
});

describe('| head -1 on the parallel path', () => {
  it.each([[[]], [['-f', 'json']]])('ends quietly with exit 0 (%j)', async (flags) => {
    const name = file(`${generated(2000, 13).join('\n\n')}\n`);
    const { first, exit, stderr } = await headOne([name, ...flags], { ...process.env, POSTDUMP_PARALLEL: '0:65536' });
    expect(first.length).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
  });
});
