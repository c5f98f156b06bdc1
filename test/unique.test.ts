import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePost, makeRng } from '../bench/generate.mjs';
import type { PostRecord } from '../src/pipeline/record/schema.js';
import { FirstOfEachId } from '../src/sinks/unique.js';
import { runCli } from './support/cli.js';
import { parquetRecords, sqliteRecords } from './support/datasets.js';
import { ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

/** A news post's flat copy alone: its link carries no id, so it has none. */
const NO_ID =
  'Wire Desk [@wiredesk](/creator/news/wiredesk) on news 88K followers Created: 2026-02-01 10:00:00 UTC Markets rally.  512 engagements [Post Link](https://news.example.com/markets/rally-2026)\n';

/** A folder holding two posts saved twice (a.txt, b.txt) and a post without an id saved twice (c.txt, d.txt). */
function savedTwice(): string {
  const dir = tempDir();
  for (const name of ['a.txt', 'b.txt']) copyFileSync(path.join(ROOT, 'fixtures/samples/s04-two-posts.txt'), path.join(dir, name));
  for (const name of ['c.txt', 'd.txt']) writeFileSync(path.join(dir, name), NO_ID);
  return dir;
}

type Row = Record<string, unknown>;
const readNdjson = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Row);
const readCsv = (text: string) => parse(text, { columns: true }) as Row[];

describe('--unique: one record per post id, the first in input order', () => {
  it.each([
    ['ndjson', (out: string) => readNdjson(readFileSync(out, 'utf8'))],
    ['json', (out: string) => JSON.parse(readFileSync(out, 'utf8')) as Row[]],
    ['csv', (out: string) => readCsv(readFileSync(out, 'utf8')).map((row) => ({ ...row, id: row.id === '' ? null : row.id }))],
    ['sqlite', sqliteRecords],
    ['parquet', parquetRecords],
  ] as const)('-f %s', async (format, read) => {
    const dir = savedTwice();
    const out = path.join(tempDir(), `out.${format}`);
    const result = await runCli(['--unique', '-f', format, '--fields', 'id,source_file', dir, '-o', out]);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: `postdump: 4 records from 4 inputs, written to ${out}; 2 duplicates dropped (--unique); 2 records with warnings (--strict prints them and fails on them)\n`,
    });
    expect(await read(out)).toEqual([
      { id: 'tiktok-video::7494000000000000002', source_file: path.join(dir, 'a.txt') },
      { id: 'instagram-post::DIaBcDeFgHi', source_file: path.join(dir, 'a.txt') },
      { id: null, source_file: path.join(dir, 'c.txt') },
      { id: null, source_file: path.join(dir, 'd.txt') },
    ]);
  });

  it('an X post saved as its flat copy alone has the id of its post link, so its copies are one post', async () => {
    const dir = tempDir();
    for (const name of ['a.txt', 'b.txt']) copyFileSync(path.join(ROOT, 'fixtures/variations/v04-flat-copy-only.txt'), path.join(dir, name));
    const result = await runCli(['--unique', '--quiet', '--fields', 'id,source_file', dir]);
    expect(readNdjson(result.stdout)).toEqual([{ id: 'tweet::1967301234567890123', source_file: path.join(dir, 'a.txt') }]);
  });

  it('without it, every record is kept and the summary has no duplicates part', async () => {
    const result = await runCli(['--fields', 'id', savedTwice()]);
    expect(readNdjson(result.stdout)).toHaveLength(6);
    expect(result.stderr).toBe('postdump: 6 records from 4 inputs; 2 records with warnings (--strict prints them and fails on them)\n');
  });

  describe('a big file, which would otherwise be parsed on two threads', () => {
    afterEach(() => {
      delete process.env.POSTDUMP_PARALLEL;
    });

    it('saved twice gives each post once', async () => {
      const dir = tempDir();
      const rng = makeRng(11);
      const text = Array.from({ length: 300 }, () => (generatePost(rng) as { text: string }).text).join('\n\n');
      for (const name of ['1.txt', '2.txt']) writeFileSync(path.join(dir, name), text);
      process.env.POSTDUMP_PARALLEL = '0:2048'; // any file goes to two threads, in parts of 2 KiB
      const all = readNdjson((await runCli(['-q', '--fields', 'id,source_file', dir])).stdout);
      const unique = readNdjson((await runCli(['-q', '--unique', '--fields', 'id,source_file', dir])).stdout);
      const firstFile = all.filter((record) => record.source_file === path.join(dir, '1.txt'));
      expect(new Set(firstFile.map((record) => record.id)).size).toBe(firstFile.length);
      expect(all).toHaveLength(2 * firstFile.length);
      expect(unique).toEqual(firstFile);
    });
  });
});

describe('FirstOfEachId', () => {
  const record = (id: string | null) => ({ id }) as PostRecord;

  it.each([
    [[], [], 0],
    [['a', 'b', 'c'], [true, true, true], 0],
    [['a', 'a', 'b', 'a', 'b'], [true, false, true, false, false], 3],
    [[null, null, 'a', null, 'a'], [true, true, true, true, false], 1],
    [['x::1', 'X::1', 'x::1 '], [true, true, true], 0],
  ] as const)('ids %j: kept %j, %i dropped', (ids, kept, dropped) => {
    const unique = new FirstOfEachId();
    expect(ids.map((id) => unique.keep(record(id)))).toEqual(kept);
    expect(unique.dropped).toBe(dropped);
  });
});
