import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePost, makeRng } from '../bench/generate.mjs';
import type { PostRecord } from '../src/pipeline/record/schema.js';
import { RECORD_KEYS } from '../src/pipeline/record/schema.js';
import { openParquetSink } from '../src/sinks/dataset/parquet.js';
import { SinkError } from '../src/sinks/record-sink.js';
import { loadBetterSqlite, openSqliteSink } from '../src/sinks/dataset/sqlite.js';
import { exited } from './support/child.js';
import { runCli } from './support/cli.js';
import { duckdb, parquetRecords, sqlite, sqliteRecords } from './support/datasets.js';
import { BIN, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const dir = tempDir('postdump-datasets-');
const FIXTURES = ['samples', 'seed', 'variations'].map((name) => path.join(ROOT, 'fixtures', name));

/** Posts at the edges: counts of 2^53 - 1, no topics, text in many scripts, a zero-width space; no date, no counts. */
const EDGES = path.join(dir, 'edges.txt');
writeFileSync(
  EDGES,
  [
    'Zoë 東京 🦆 [@zoe](/creator/twitter/zoe) on x 9,007,199,254,740,991 followers Created: 2024-02-29 23:59:59 UTC Ünïcødé 名前 \u200b ok  9,007,199,254,740,991 engagements [Post Link](https://x.com/zoe/status/1)',
    'Zoë 東京 🦆 @zoe on x 9,007,199,254,740,991 followers',
    'Created: 2024-02-29 23:59:59 UTC',
    'Ünïcødé 名前 \u200b ok',
    '9,007,199,254,740,991 engagements',
    '/post/tweet::1',
    '',
    'Nobody @nobody on x XXX followers',
    'Created: 2025-02-30 10:00:00 UTC',
    'A line copy alone, on a day that does not exist.',
    'XXX engagements',
    '/post/tweet::2',
  ].join('\n'),
);
const INPUTS = [...FIXTURES, EDGES];

let outputs = 0;
/** Converts the inputs to this dataset format; the file's path. */
async function convertTo(format: string, args: readonly string[]): Promise<string> {
  const out = path.join(dir, `out-${++outputs}.${format}`);
  const result = await runCli(['-q', '-f', format, '-o', out, ...args]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return out;
}

async function ndjson(args: readonly string[]): Promise<PostRecord[]> {
  const result = await runCli(['-q', ...args]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as PostRecord);
}

const READERS = [
  ['sqlite', sqliteRecords],
  ['parquet', parquetRecords],
] as const;

describe('a dataset holds exactly the NDJSON values', () => {
  it('the inputs have the values worth checking', async () => {
    const records = await ndjson(INPUTS);
    expect(records.length).toBeGreaterThan(50);
    expect(records.some((r) => r.engagements === null && r.created_at === null)).toBe(true);
    expect(records.some((r) => r.id === null)).toBe(true);
    expect(records.some((r) => r.engagements === Number.MAX_SAFE_INTEGER && r.creator_followers === Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(records.some((r) => r.topics.length === 0 && r.warnings.length === 0 && r.scrambled.length === 0)).toBe(true);
    expect(records.some((r) => r.body === '')).toBe(true);
    expect(records.some((r) => r.body.includes('名前 \u200b') && r.creator_display_name === 'Zoë 東京 🦆')).toBe(true);
    expect(records.some((r) => r.guest_mode) && records.some((r) => !r.guest_mode)).toBe(true);
  });

  it.each(READERS)('%s: every record, value by value', async (format, read) => {
    expect(await read(await convertTo(format, INPUTS))).toEqual(await ndjson(INPUTS));
  });

  it.each([
    ['sqlite', 'created_at,id,topics,guest_mode,engagements', sqliteRecords],
    ['sqlite', 'body', sqliteRecords],
    ['parquet', 'created_at,id,topics,guest_mode,engagements', parquetRecords],
    ['parquet', 'warnings,source_line', parquetRecords],
  ] as const)('%s with --fields %s: only those columns, in that order', async (format, fields, read) => {
    const rows = await read(await convertTo(format, ['--fields', fields, ...INPUTS]));
    expect(rows).toEqual(await ndjson(['--fields', fields, ...INPUTS]));
    expect(Object.keys(rows[0] ?? {})).toEqual(fields.split(','));
  });
});

describe('the SQLite file', () => {
  it('posts: one column per record key, in record order, typed', async () => {
    const file = await convertTo('sqlite', INPUTS);
    const columns = sqlite(file, 'PRAGMA table_info(posts)').map(({ name, type, notnull }) => `${String(name)} ${String(type)}${notnull ? ' NOT NULL' : ''}`);
    expect(columns).toEqual([
      'post_key INTEGER',
      'id TEXT',
      'post_type TEXT',
      'network TEXT',
      'post_link TEXT',
      'creator_name TEXT',
      'creator_display_name TEXT',
      'creator_followers INTEGER',
      'created_at TEXT',
      'body TEXT NOT NULL',
      'links TEXT',
      'engagements INTEGER',
      'topics TEXT NOT NULL',
      'guest_mode INTEGER NOT NULL',
      'scrambled TEXT NOT NULL',
      'source_file TEXT NOT NULL',
      'source_line INTEGER NOT NULL',
      'warnings TEXT NOT NULL',
    ]);
  });

  it('stores each column in one storage class (and NULL where the record has null)', async () => {
    const file = await convertTo('sqlite', INPUTS);
    const classes = Object.fromEntries(RECORD_KEYS.map((key) => [key, sqlite(file, `SELECT DISTINCT typeof("${key}") AS class FROM posts ORDER BY class`).map((row) => row.class)]));
    expect(classes).toEqual({
      id: ['null', 'text'],
      post_type: ['null', 'text'],
      network: ['text'],
      post_link: ['null', 'text'],
      creator_name: ['text'],
      creator_display_name: ['text'],
      creator_followers: ['integer', 'null'],
      created_at: ['null', 'text'],
      body: ['text'],
      links: ['null', 'text'],
      engagements: ['integer', 'null'],
      topics: ['text'],
      guest_mode: ['integer'],
      scrambled: ['text'],
      source_file: ['text'],
      source_line: ['integer'],
      warnings: ['text'],
    });
  });

  it('topics: one row per post and topic, in order, joining back to the posts', async () => {
    const file = await convertTo('sqlite', INPUTS);
    const rows = sqlite(file, 'SELECT p.post_key AS post, t.position, t.topic FROM posts p JOIN topics t ON t.post = p.post_key ORDER BY p.post_key, t.position');
    const expected = (await ndjson(INPUTS)).flatMap((record, i) => record.topics.map((topic, position) => ({ post: i + 1, position, topic })));
    expect(expected.length).toBeGreaterThan(20);
    expect(rows).toEqual(expected);
  });

  it('links: one row per post and link target, in order, joining back to the posts', async () => {
    const file = await convertTo('sqlite', INPUTS);
    const rows = sqlite(file, 'SELECT p.post_key AS post, l.position, l.link FROM posts p JOIN links l ON l.post = p.post_key ORDER BY p.post_key, l.position');
    const expected = (await ndjson(INPUTS)).flatMap((record, i) => (record.links ?? []).map((link, position) => ({ post: i + 1, position, link })));
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(rows).toEqual(expected);
  });

  it.each([
    [RECORD_KEYS.join(','), ['links', 'posts', 'topics'], ['links_link', 'posts_created_at', 'posts_creator_name', 'posts_id', 'topics_topic']],
    ['id,body', ['posts'], ['posts_id']],
    ['body,topics', ['posts', 'topics'], ['topics_topic']],
    ['id,links', ['links', 'posts'], ['links_link', 'posts_id']],
  ])('--fields %s: tables %j, indexes %j', async (fields, tables, indexes) => {
    const file = await convertTo('sqlite', ['--fields', fields, ...INPUTS]);
    const names = (type: string) => sqlite(file, `SELECT name FROM sqlite_master WHERE type = '${type}' AND name NOT LIKE 'sqlite_%' ORDER BY name`).map((row) => row.name);
    expect(names('table')).toEqual(tables);
    expect(names('index')).toEqual(indexes);
  });
});

describe('the Parquet file', () => {
  it('has typed columns, as DuckDB reads them', async () => {
    const file = await convertTo('parquet', INPUTS);
    const columns = await duckdb(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`);
    expect(columns.map(({ column_name, column_type }) => `${String(column_name)} ${String(column_type)}`)).toEqual([
      'id VARCHAR',
      'post_type VARCHAR',
      'network VARCHAR',
      'post_link VARCHAR',
      'creator_name VARCHAR',
      'creator_display_name VARCHAR',
      'creator_followers BIGINT',
      'created_at TIMESTAMP WITH TIME ZONE',
      'body VARCHAR',
      'links VARCHAR[]',
      'engagements BIGINT',
      'topics VARCHAR[]',
      'guest_mode BOOLEAN',
      'scrambled VARCHAR[]',
      'source_file VARCHAR',
      'source_line BIGINT',
      'warnings VARCHAR[]',
    ]);
  });

  it('created_at is a UTC instant', async () => {
    const file = await convertTo('parquet', [EDGES]);
    expect(await duckdb(`SELECT epoch(created_at) AS seconds FROM read_parquet('${file}')`)).toEqual([{ seconds: Date.UTC(2024, 1, 29, 23, 59, 59) / 1000 }, { seconds: null }]);
  });

  // The fixtures grow, so the number of groups is given as a function of the number of records.
  it.each([
    [{ rows: 4, chars: 1 << 20 }, 'a group per 4 records', (n: number) => Math.ceil(n / 4)],
    [{ rows: 1000, chars: 1 }, 'a group per record', (n: number) => n],
    [{ rows: 1000, chars: 1 << 20 }, 'one group', () => 1],
  ])('writes a row group each time one is full (%j): %s', async (limits, _, groupsFor) => {
    const records = await ndjson(INPUTS);
    const groups = groupsFor(records.length);
    const file = path.join(dir, `groups-${++outputs}.parquet`);
    const sink = await openParquetSink(file, RECORD_KEYS, limits);
    for (const record of records) sink.write(record);
    await sink.close();
    expect(await duckdb(`SELECT count(DISTINCT row_group_id) AS groups FROM parquet_metadata('${file}')`)).toEqual([{ groups: BigInt(groups) }]);
    expect(await parquetRecords(file)).toEqual(records);
  });
});

describe('a dataset is a file', () => {
  it.each(['sqlite', 'parquet'])('-f %s without -o is a usage error', async (format) => {
    expect(await runCli(['-f', format, path.join(ROOT, 'fixtures/samples/s01-x-guest.txt')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `postdump: -f ${format} writes a file: name it with -o FILE (a database cannot go to stdout)\n(run postdump --help for usage)\n`,
    });
  });

  it.each(['sqlite', 'parquet'])('%s: no record at all leaves the earlier file as it was (like every -o)', async (format) => {
    const folder = tempDir();
    const out = path.join(folder, `posts.${format}`);
    writeFileSync(out, 'earlier');
    const result = await runCli(['-f', format, '-o', out, path.join(ROOT, 'fixtures/invalid/empty.txt')]);
    expect(result.code).toBe(1);
    expect(readdirSync(folder)).toEqual([`posts.${format}`]);
    expect(readFileSync(out, 'utf8')).toBe('earlier');
  });

  it.each([
    ['sqlite', (file: string) => sqlite(file, 'SELECT count(*) AS n FROM posts')],
    ['parquet', (file: string) => duckdb(`SELECT count(*)::INTEGER AS n FROM read_parquet('${file}')`)],
  ])('%s: a file with no rows is still a valid file', async (format, count) => {
    const out = path.join(tempDir(), `empty.${format}`);
    const sink = await (format === 'sqlite' ? openSqliteSink : openParquetSink)(out, RECORD_KEYS);
    await sink.close();
    expect(await count(out)).toEqual([{ n: 0 }]);
  });

  const OPENERS = [
    ['sqlite', openSqliteSink],
    ['parquet', openParquetSink],
  ] as const;

  it.each(OPENERS)('%s: an aborted run leaves the earlier file untouched and no temporary file', async (format, open) => {
    const folder = tempDir();
    const out = path.join(folder, `posts.${format}`);
    writeFileSync(out, 'earlier');
    const sink = await open(out, RECORD_KEYS);
    for (const record of await ndjson(INPUTS)) await sink.write(record);
    expect(readdirSync(folder)).toHaveLength(2);
    await sink.abort();
    expect(readdirSync(folder)).toEqual([`posts.${format}`]);
    expect(readFileSync(out, 'utf8')).toBe('earlier');
  });

  it.each([
    ['sqlite', 'SIGINT', 130],
    ['parquet', 'SIGTERM', 143],
  ] as const)('%s: %s mid-run leaves the earlier file untouched and no temporary file', async (format, signal, code) => {
    const folder = tempDir();
    const out = path.join(folder, `posts.${format}`);
    writeFileSync(out, 'earlier');
    const child = spawn(process.execPath, [BIN, '-f', format, '-', '-o', out], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin!.write(`${readFileSync(path.join(ROOT, 'fixtures/samples/s04-two-posts.txt'), 'utf8')}\n\n`); // stdin stays open
    while (!readdirSync(folder).some((name) => name.endsWith('.tmp'))) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill(signal);
    expect(await exited(child)).toEqual({ code, signal: null });
    expect(readdirSync(folder)).toEqual([`posts.${format}`]);
    expect(readFileSync(out, 'utf8')).toBe('earlier');
  });

  it.each([
    ['sqlite', 'disk I/O error'],
    ['parquet', 'file too large'],
  ])('%s: a failed write is named, and leaves the earlier file untouched', (format, reason) => {
    const folder = tempDir();
    const out = path.join(folder, `posts.${format}`);
    writeFileSync(out, 'earlier');
    const input = path.join(folder, 'many.txt');
    const rng = makeRng(7);
    writeFileSync(input, Array.from({ length: 1500 }, () => (generatePost(rng) as { text: string }).text).join('\n\n'));
    // `ulimit -f 64`: writes past 64 blocks fail with EFBIG (Node ignores the SIGXFSZ that comes with it).
    const result = spawnSync('sh', ['-c', 'ulimit -f 64 && exec "$0" "$@"', process.execPath, BIN, '-f', format, input, '-o', out], { encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 1, stderr: `postdump: ${out}: cannot write the output: ${reason}\n` });
    expect(readdirSync(folder).sort()).toEqual(['many.txt', `posts.${format}`]);
    expect(readFileSync(out, 'utf8')).toBe('earlier');
  });

  it('an output folder that is not there is named', async () => {
    const out = path.join(dir, 'missing', 'posts.db');
    expect(await runCli(['-f', 'sqlite', '-o', out, EDGES])).toEqual({
      code: 1,
      stdout: '',
      stderr: `postdump: ${out}: cannot write the output: no such file or directory\n`,
    });
  });

  it('a missing better-sqlite3 is named, with how to install it', async () => {
    const missing = () => Promise.reject(Object.assign(new Error("Cannot find package 'better-sqlite3' imported from /x/sqlite.js"), { code: 'ERR_MODULE_NOT_FOUND' }));
    const error = await loadBetterSqlite(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as Error).message).toBe(
      `-f sqlite needs better-sqlite3, an optional dependency that is not installed or does not load on Node ${process.versions.node} (Cannot find package 'better-sqlite3' imported from /x/sqlite.js); install it with: npm install better-sqlite3@12`,
    );
  });
});
