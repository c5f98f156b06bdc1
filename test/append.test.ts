import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generatePost, makeRng } from '../bench/generate.mjs';
import { exited } from './support/child.js';
import { runCli } from './support/cli.js';
import { type DumpPost, dumpText } from './support/dumps.js';
import { BIN } from './support/fixtures.js';
import { sqlite } from './support/datasets.js';
import { writeTar, writeZip } from './support/archives.js';
import { tempDir } from './support/temp.js';

type Row = Record<string, unknown>;

const DAY = 86_400_000;
const T0 = Date.parse('2026-05-01T00:00:00.000Z');

/** Writes a dump file with these posts, modified at `day` days after T0. */
function dump(file: string, posts: readonly DumpPost[], day = 0): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, dumpText(posts));
  const at = new Date(T0 + day * DAY);
  utimesSync(file, at, at);
  return file;
}

async function append(db: string, ...inputs: string[]) {
  return runCli(['-q', '-f', 'sqlite', '--append', ...inputs, '-o', db]);
}

/** Each post by id: its engagements, followers and source file (base name). */
function posts(db: string): Row[] {
  return sqlite(db, 'SELECT id, engagements, creator_followers AS followers, source_file FROM posts ORDER BY post_key').map((row) => ({
    ...row,
    source_file: path.basename(String(row.source_file)),
  }));
}

/** Every observation: the post's id, the input's base name, when, and its counts. */
function observations(db: string): Row[] {
  return sqlite(
    db,
    'SELECT p.id, i.name AS input, o.observed_at, o.engagements FROM observations o JOIN posts p ON p.post_key = o.post JOIN inputs i ON i.input_key = o.input ORDER BY o.post, o.input',
  ).map((row) => ({ ...row, input: path.basename(String(row.input)) }));
}

describe('--append: which copy of a post wins', () => {
  it.each([
    ['the newer file wins, whichever is loaded first', 1, 2, 9],
    ['an older file loaded later does not win', 2, 1, 5],
    ['the same time: the later-loaded input wins', 1, 1, 9],
  ])('%s', async (_name, dayA, dayB, engagements) => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const a = dump(path.join(dir, 'a.txt'), [{ id: 1, engagements: 5, followers: 100 }], dayA);
    const b = dump(path.join(dir, 'b.txt'), [{ id: 1, engagements: 9, followers: 200 }], dayB);
    expect((await append(db, a)).code).toBe(0);
    expect((await append(db, b)).code).toBe(0);
    expect(posts(db)).toEqual([{ id: 'tweet::1', engagements, followers: engagements === 9 ? 200 : 100, source_file: engagements === 9 ? 'b.txt' : 'a.txt' }]);
    expect(observations(db)).toEqual([
      { id: 'tweet::1', input: 'a.txt', observed_at: new Date(T0 + dayA * DAY).toISOString(), engagements: 5 },
      { id: 'tweet::1', input: 'b.txt', observed_at: new Date(T0 + dayB * DAY).toISOString(), engagements: 9 },
    ]);
  });

  it('inputs loaded in one run: a tie goes to the later input (in name order)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    dump(path.join(dir, 'd/a.txt'), [{ id: 1, engagements: 5, followers: 1 }]);
    dump(path.join(dir, 'd/b.txt'), [{ id: 1, engagements: 9, followers: 1 }]);
    expect((await append(db, path.join(dir, 'd'))).code).toBe(0);
    expect(posts(db)).toEqual([{ id: 'tweet::1', engagements: 9, followers: 1, source_file: 'b.txt' }]);
  });

  it('a post saved twice in one input is one observation: the later copy', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const a = dump(path.join(dir, 'a.txt'), [
      { id: 1, engagements: 5, followers: 1 },
      { id: 2, engagements: 1, followers: 1 },
      { id: 1, engagements: 6, followers: 1 },
    ]);
    expect((await append(db, a)).code).toBe(0);
    expect(posts(db).map(({ id, engagements }) => [id, engagements])).toEqual([
      ['tweet::1', 6],
      ['tweet::2', 1],
    ]);
    expect(observations(db).map(({ id, engagements }) => [id, engagements])).toEqual([
      ['tweet::1', 6],
      ['tweet::2', 1],
    ]);
  });

  it('posts without an id get a row per input', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const a = dump(path.join(dir, 'a.txt'), [{ id: null, engagements: 5, followers: 1 }]);
    const b = dump(path.join(dir, 'b.txt'), [{ id: null, engagements: 5, followers: 1 }]);
    expect((await append(db, a, b)).code).toBe(0);
    expect(posts(db).map(({ id, source_file }) => [id, source_file])).toEqual([
      [null, 'a.txt'],
      [null, 'b.txt'],
    ]);
    expect(sqlite(db, 'SELECT count(*) AS n FROM observations')).toEqual([{ n: 2 }]);
  });
});

describe('--append: inputs', () => {
  it('records each input: name as given, size, modification time, records, problems', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const a = dump(
      path.join(dir, 'a.txt'),
      [
        { id: 1, engagements: 5, followers: 1 },
        { id: 2, engagements: 5, followers: 1 },
      ],
      3,
    );
    const empty = path.join(dir, 'empty.txt');
    writeFileSync(empty, 'no post here\n');
    utimesSync(empty, new Date(T0), new Date(T0));
    const result = await append(db, a, empty);
    expect(result.code).toBe(1);
    expect(sqlite(db, 'SELECT name, archive, size, modified_at, records, problems FROM inputs ORDER BY input_key')).toEqual([
      { name: a, archive: null, size: statSync(a).size, modified_at: new Date(T0 + 3 * DAY).toISOString(), records: 2, problems: '[]' },
      { name: empty, archive: null, size: 13, modified_at: new Date(T0).toISOString(), records: 0, problems: expect.stringMatching(/^\["[^"]+"\]$/) },
    ]);
    // Recorded with its problem: the next run does not fail on it again.
    expect((await append(db, a, empty)).code).toBe(0);
  });

  it('an unchanged input is skipped without being read: same size and time, other bytes, old rows kept', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const a = dump(path.join(dir, 'a.txt'), [{ id: 1, engagements: 5, followers: 1 }]);
    expect((await append(db, a)).code).toBe(0);
    dump(a, [{ id: 1, engagements: 7, followers: 1 }]); // same length, same time
    expect((await append(db, a)).code).toBe(0);
    expect(posts(db).map(({ engagements }) => engagements)).toEqual([5]);
    // Touched: read again.
    utimesSync(a, new Date(T0 + DAY), new Date(T0 + DAY));
    expect((await append(db, a)).code).toBe(0);
    expect(posts(db).map(({ engagements }) => engagements)).toEqual([7]);
    expect(sqlite(db, 'SELECT count(*) AS n FROM inputs')).toEqual([{ n: 1 }]);
  });

  it('only new inputs are read; the old keep their rows and load times', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    dump(path.join(dir, 'd/a.txt'), [{ id: 1, engagements: 5, followers: 1 }]);
    expect((await append(db, path.join(dir, 'd'))).code).toBe(0);
    const before = sqlite(db, 'SELECT input_key, loaded_at FROM inputs');
    dump(path.join(dir, 'd/b.txt'), [{ id: 2, engagements: 5, followers: 1 }], 1);
    expect((await append(db, path.join(dir, 'd'))).code).toBe(0);
    expect(sqlite(db, 'SELECT input_key, loaded_at FROM inputs ORDER BY input_key').slice(0, 1)).toEqual(before);
    expect(sqlite(db, 'SELECT count(*) AS n FROM inputs')).toEqual([{ n: 2 }]);
  });

  it('an input changed in place: its old rows replaced; a post it no longer holds goes, or takes its newest other sighting', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const a = dump(
      path.join(dir, 'a.txt'),
      [
        { id: 1, engagements: 5, followers: 1 },
        { id: 2, engagements: 5, followers: 1 },
      ],
      0,
    );
    const b = dump(
      path.join(dir, 'b.txt'),
      [
        { id: 2, engagements: 8, followers: 3 },
        { id: 3, engagements: 1, followers: 1 },
      ],
      1,
    );
    const c = dump(path.join(dir, 'c.txt'), [{ id: 2, engagements: 9, followers: 4 }], 2);
    expect((await append(db, a, b, c)).code).toBe(0);
    expect(posts(db)).toEqual([
      { id: 'tweet::1', engagements: 5, followers: 1, source_file: 'a.txt' },
      { id: 'tweet::2', engagements: 9, followers: 4, source_file: 'c.txt' },
      { id: 'tweet::3', engagements: 1, followers: 1, source_file: 'b.txt' },
    ]);
    // c no longer holds post 2; b no longer holds post 3.
    dump(c, [{ id: 4, engagements: 2, followers: 2 }], 3);
    dump(b, [{ id: 2, engagements: 8, followers: 3 }], 1);
    expect((await append(db, a, b, c)).code).toBe(0);
    expect(posts(db)).toEqual([
      { id: 'tweet::1', engagements: 5, followers: 1, source_file: 'a.txt' },
      { id: 'tweet::2', engagements: 8, followers: 3, source_file: 'b.txt' },
      { id: 'tweet::4', engagements: 2, followers: 2, source_file: 'c.txt' },
    ]);
    expect(sqlite(db, 'SELECT count(*) AS n FROM observations')).toEqual([{ n: 4 }]);
    expect(sqlite(db, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('a big input is written as it is read, not held whole: 40 MB loads in a 48 MB heap', () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.txt');
    const fd = openSync(big, 'w');
    const rng = makeRng(5);
    let posts = 0;
    for (let bytes = 0; bytes < 40_000_000; posts++) bytes += writeSync(fd, (generatePost(rng) as { text: string }).text);
    closeSync(fd);
    const db = path.join(dir, 'posts.db');
    // Holding its records until its end took about 110 MB of heap here: V8 gave up (signal 6).
    const run = spawnSync(process.execPath, ['--max-old-space-size=48', BIN, '-q', '-f', 'sqlite', '--append', big, '-o', db], { encoding: 'utf8' });
    expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(sqlite(db, 'SELECT count(*) AS n FROM observations')).toEqual([{ n: posts }]);
  }, 60_000);

  it("a removed input's rows stay", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    dump(path.join(dir, 'd/a.txt'), [{ id: 1, engagements: 5, followers: 1 }]);
    dump(path.join(dir, 'd/b.txt'), [{ id: 2, engagements: 5, followers: 1 }]);
    expect((await append(db, path.join(dir, 'd'))).code).toBe(0);
    rmSync(path.join(dir, 'd/a.txt'));
    expect((await append(db, path.join(dir, 'd'))).code).toBe(0);
    expect(posts(db).map(({ id }) => id)).toEqual(['tweet::1', 'tweet::2']);
    expect(sqlite(db, 'SELECT count(*) AS n FROM inputs')).toEqual([{ n: 2 }]);
  });
});

describe('--append: archive members are inputs of their own', () => {
  const at = (day: number) => new Date(T0 + day * DAY);
  /** The inputs rows, names relative to dir, archive given by name. */
  const inputRows = (db: string, dir: string): Row[] =>
    sqlite(db, 'SELECT i.name, a.name AS archive, i.size, i.modified_at, i.records, i.problems FROM inputs i LEFT JOIN inputs a ON a.input_key = i.archive ORDER BY i.input_key').map((row) => ({
      ...row,
      name: path.relative(dir, String(row.name)),
      archive: row.archive === null ? null : path.relative(dir, String(row.archive)),
    }));
  const one = dumpText([{ id: 1, engagements: 5, followers: 100 }]);
  const newer = dumpText([
    { id: 1, engagements: 9, followers: 200 },
    { id: 2, engagements: 1, followers: 1 },
  ]);

  it.each([
    ['zip', 'posts.zip', (file: string, members: [string, string, Date][]) => writeZip(file, members)],
    ['tar', 'posts.tar', (file: string, members: [string, string, Date][]) => writeTar(file, members)],
    ['tar.gz', 'posts.tar.gz', (file: string, members: [string, string, Date][]) => writeTar(file, members, true)],
  ])('%s: a row per member (ARCHIVE!/MEMBER, its size and time), observed at its time; the newest member wins', async (_kind, base, write) => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const archive = path.join(dir, base);
    // The newer member comes first: archive order is not time order.
    await write(archive, [
      ['july/b.txt', newer, at(2)],
      ['june/a.txt', one, at(1)],
    ]);
    utimesSync(archive, at(5), at(5));
    expect((await append(db, archive)).code).toBe(0);
    expect(inputRows(db, dir)).toEqual([
      { name: base, archive: null, size: statSync(archive).size, modified_at: at(5).toISOString(), records: 3, problems: '[]' },
      { name: `${base}!/july/b.txt`, archive: base, size: Buffer.byteLength(newer), modified_at: at(2).toISOString(), records: 2, problems: '[]' },
      { name: `${base}!/june/a.txt`, archive: base, size: Buffer.byteLength(one), modified_at: at(1).toISOString(), records: 1, problems: '[]' },
    ]);
    expect(observations(db)).toEqual([
      { id: 'tweet::1', input: 'b.txt', observed_at: at(2).toISOString(), engagements: 9 },
      { id: 'tweet::1', input: 'a.txt', observed_at: at(1).toISOString(), engagements: 5 },
      { id: 'tweet::2', input: 'b.txt', observed_at: at(2).toISOString(), engagements: 1 },
    ]);
    expect(posts(db)).toEqual([
      { id: 'tweet::1', engagements: 9, followers: 200, source_file: 'b.txt' },
      { id: 'tweet::2', engagements: 1, followers: 1, source_file: 'b.txt' },
    ]);
    // Unchanged: skipped, its members too.
    expect((await append(db, archive)).code).toBe(0);
    expect(sqlite(db, 'SELECT max(input_key) AS n FROM inputs')).toEqual([{ n: 3 }]);
  });

  it('a zip with DOS times only: the member time is read as local time', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const archive = path.join(dir, 'dos.zip');
    const local = new Date(2026, 4, 3, 14, 30, 8); // DOS time keeps even seconds
    await writeZip(archive, [['a.txt', one, local]], true, true);
    expect((await append(db, archive)).code).toBe(0);
    expect(sqlite(db, 'SELECT modified_at FROM inputs WHERE archive IS NOT NULL')).toEqual([{ modified_at: local.toISOString() }]);
  });

  it("an archive changed in place: its members' rows replaced; a post no member holds any more goes", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const archive = path.join(dir, 'posts.zip');
    const other = dump(path.join(dir, 'other.txt'), [{ id: 1, engagements: 7, followers: 7 }], 3);
    await writeZip(archive, [
      ['a.txt', one, at(1)],
      ['b.txt', newer, at(2)],
    ]);
    utimesSync(archive, at(5), at(5));
    expect((await append(db, archive, other)).code).toBe(0);
    expect(posts(db).map(({ id, engagements }) => [id, engagements])).toEqual([
      ['tweet::1', 7],
      ['tweet::2', 1],
    ]);
    // b.txt is gone from it, a.txt is newer now.
    await writeZip(archive, [['a.txt', dumpText([{ id: 1, engagements: 11, followers: 1 }]), at(4)]]);
    utimesSync(archive, at(6), at(6));
    expect((await append(db, archive, other)).code).toBe(0);
    expect(inputRows(db, dir).map(({ name, archive, records }) => [name, archive, records])).toEqual([
      ['other.txt', null, 1],
      ['posts.zip', null, 1],
      ['posts.zip!/a.txt', 'posts.zip', 1],
    ]);
    expect(posts(db)).toEqual([{ id: 'tweet::1', engagements: 11, followers: 1, source_file: 'a.txt' }]);
    expect(sqlite(db, 'SELECT count(*) AS n FROM observations')).toEqual([{ n: 2 }]);
    expect(sqlite(db, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it("a member's problems are on its row, the archive's on the archive's", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const archive = path.join(dir, 'posts.tar');
    await writeTar(archive, [
      ['a.txt', one, at(1)],
      ['empty.txt', 'no post here\n', at(1)],
    ]);
    expect((await append(db, archive)).code).toBe(1);
    const rows = inputRows(db, dir);
    expect(rows.map(({ name, records }) => [name, records])).toEqual([
      ['posts.tar', 1],
      ['posts.tar!/a.txt', 1],
      ['posts.tar!/empty.txt', 0],
    ]);
    expect(rows.map(({ problems }) => JSON.parse(String(problems)).length)).toEqual([0, 0, 1]);
  });

  it('a member named twice in a tar (`tar -r` adds a newer copy): one row, with the later copy, each post observed once', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const archive = path.join(dir, 'posts.tar');
    const later = dumpText([{ id: 1, engagements: 8, followers: 100 }]);
    await writeTar(archive, [
      ['a.txt', one, at(1)],
      ['a.txt', later, at(2)],
    ]);
    expect((await append(db, archive)).code).toBe(0);
    expect(inputRows(db, dir).map(({ name, size, modified_at, records }) => [name, size, modified_at, records])).toEqual([
      ['posts.tar', statSync(archive).size, expect.any(String), 2],
      ['posts.tar!/a.txt', Buffer.byteLength(later), at(2).toISOString(), 2],
    ]);
    expect(observations(db)).toEqual([{ id: 'tweet::1', input: 'a.txt', observed_at: at(2).toISOString(), engagements: 8 }]);
  });
});

describe('--append: the database', () => {
  it('has schema 2: tables, columns, declared foreign keys, indexes, header', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    expect((await append(db, dump(path.join(dir, 'a.txt'), [{ id: 1, engagements: 5, followers: 1 }]))).code).toBe(0);
    const objects = sqlite(db, "SELECT type, name, tbl_name AS tbl FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
    expect(objects).toEqual([
      { type: 'index', name: 'inputs_archive', tbl: 'inputs' },
      { type: 'index', name: 'links_link', tbl: 'links' },
      { type: 'index', name: 'observations_input', tbl: 'observations' },
      { type: 'index', name: 'posts_created_at', tbl: 'posts' },
      { type: 'index', name: 'posts_creator_name', tbl: 'posts' },
      { type: 'index', name: 'posts_id', tbl: 'posts' },
      { type: 'index', name: 'topics_topic', tbl: 'topics' },
      { type: 'table', name: 'inputs', tbl: 'inputs' },
      { type: 'table', name: 'links', tbl: 'links' },
      { type: 'table', name: 'observations', tbl: 'observations' },
      { type: 'table', name: 'posts', tbl: 'posts' },
      { type: 'table', name: 'topics', tbl: 'topics' },
    ]);
    const foreignKeys = (table: string) =>
      sqlite(db, `PRAGMA foreign_key_list(${table})`).map(({ from, table: to, to: column, on_delete }) => `${String(from)} -> ${String(to)}.${String(column)} ${String(on_delete)}`);
    expect(foreignKeys('topics')).toEqual(['post -> posts.post_key CASCADE']);
    expect(foreignKeys('links')).toEqual(['post -> posts.post_key CASCADE']);
    expect(foreignKeys('observations').sort()).toEqual(['input -> inputs.input_key CASCADE', 'post -> posts.post_key CASCADE']);
    expect(foreignKeys('inputs')).toEqual(['archive -> inputs.input_key CASCADE']);
    expect(sqlite(db, 'PRAGMA table_info(observations)').map(({ name, pk }) => [name, pk])).toEqual([
      ['post', 1],
      ['input', 2],
      ['observed_at', 0],
      ['source_line', 0],
      ['creator_followers', 0],
      ['engagements', 0],
    ]);
    expect(sqlite(db, 'PRAGMA table_info(posts)')[0]).toMatchObject({ name: 'post_key', pk: 1 });
    expect(sqlite(db, "SELECT [unique] AS u FROM pragma_index_list('posts') WHERE name = 'posts_id'")).toEqual([{ u: 1 }]);
    expect(sqlite(db, 'PRAGMA application_id')).toEqual([{ application_id: 0x70646d70 }]);
    expect(sqlite(db, 'PRAGMA user_version')).toEqual([{ user_version: 2 }]);
    expect(sqlite(db, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(sqlite(db, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it("keeps the user's own tables and views", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    expect((await append(db, dump(path.join(dir, 'a.txt'), [{ id: 1, engagements: 5, followers: 1 }]))).code).toBe(0);
    const handle = new Database(db);
    handle.exec("CREATE TABLE mine (x); INSERT INTO mine VALUES ('kept'); CREATE VIEW busy AS SELECT id FROM posts WHERE engagements > 1;");
    handle.close();
    expect((await append(db, dump(path.join(dir, 'b.txt'), [{ id: 2, engagements: 5, followers: 1 }], 1))).code).toBe(0);
    expect(sqlite(db, 'SELECT x FROM mine')).toEqual([{ x: 'kept' }]);
    expect(sqlite(db, 'SELECT id FROM busy ORDER BY id')).toEqual([{ id: 'tweet::1' }, { id: 'tweet::2' }]);
  });
});

describe('refused databases: exit 2, the file untouched', () => {
  const made = {
    'a database of the user (plain -f sqlite)': (db: string) => new Database(db).exec('CREATE TABLE mine (x); INSERT INTO mine VALUES (1)'),
    'a database of the user (--append)': (db: string) => new Database(db).exec('CREATE TABLE mine (x); INSERT INTO mine VALUES (1)'),
    'an older schema (--append)': (db: string) => new Database(db).exec(`PRAGMA application_id = ${0x70646d70}; PRAGMA user_version = 1; CREATE TABLE posts (id TEXT)`),
    'a plain postdump database (--append)': null,
    'an --append database holding a user table (plain -f sqlite)': null,
  } as const;
  it.each([
    ['a database of the user (plain -f sqlite)', false, /holding what postdump did not make \(table mine\)/],
    ['a database of the user (--append)', true, /postdump did not make \(it holds table mine\)/],
    ['an older schema (--append)', true, /has schema 1, older than this postdump's 2/],
    ['a plain postdump database (--append)', true, /was made without --append/],
    ['an --append database holding a user table (plain -f sqlite)', false, /holding what postdump did not make \(table mine\)/],
  ] as const)('%s', async (name, appending, message) => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const input = dump(path.join(dir, 'a.txt'), [{ id: 1, engagements: 5, followers: 1 }]);
    const make = made[name];
    if (make) make(db);
    else if (name.startsWith('a plain')) await runCli(['-q', '-f', 'sqlite', input, '-o', db]);
    else {
      await append(db, input);
      const handle = new Database(db);
      handle.exec('CREATE TABLE mine (x)');
      handle.close();
    }
    const before = readFileSync(db);
    const result = await runCli(['-q', '-f', 'sqlite', ...(appending ? ['--append'] : []), input, '-o', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a plain run replacing an --append database drops its write-ahead log first', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    const input = dump(path.join(dir, 'a.txt'), [{ id: 1, engagements: 5, followers: 1 }]);
    await append(db, input);
    writeFileSync(`${db}-wal`, 'stale'); // as a reader still holding the database would leave it
    expect((await runCli(['-q', '-f', 'sqlite', input, '-o', db])).code).toBe(0);
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(sqlite(db, 'SELECT count(*) AS n FROM posts')).toEqual([{ n: 1 }]);
  });
});

describe('--append usage errors', () => {
  it.each([
    [['--append', 'a.txt', '-o', 'x.db'], /--append goes with -f sqlite -o DB/],
    [['-f', 'sqlite', '--append', 'a.txt'], /-f sqlite needs -o|--append goes with -f sqlite -o DB/],
    [['-f', 'sqlite', '--append', '--unique', 'a.txt', '-o', 'x.db'], /leave out --unique/],
    [['-f', 'sqlite', '--append', '--fields', 'id', 'a.txt', '-o', 'x.db'], /leave out --fields/],
    [['-f', 'sqlite', '--append', '-', '-o', 'x.db'], /not stdin/],
  ])('postdump %j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

// ---- real processes: kill -9, signals, two writers, a reader ----

/** A folder of `files` dumps of `per` generated posts each (distinct ids), modified a minute apart. */
function generated(dir: string, files: number, per: number, seed = 7): string {
  const folder = path.join(dir, 'dumps');
  mkdirSync(folder, { recursive: true });
  const rng = makeRng(seed);
  for (let i = 0; i < files; i++) {
    const file = path.join(folder, `d${String(i).padStart(4, '0')}.txt`);
    writeFileSync(file, Array.from({ length: per }, () => (generatePost(rng) as { text: string }).text).join('\n\n'));
    const at = new Date(T0 + i * 60_000);
    utimesSync(file, at, at);
  }
  return folder;
}

function spawnAppend(folder: string, db: string): ChildProcess {
  return spawn(process.execPath, [BIN, '-q', '-f', 'sqlite', '--append', folder, '-o', db], { stdio: 'ignore' });
}

/** Everything a load leaves, less the load times (and keys, which count loads). */
function contents(db: string) {
  return {
    posts: sqlite(db, 'SELECT * FROM posts ORDER BY id, source_file, source_line').map(({ post_key: _, ...row }) => row),
    topics: sqlite(db, 'SELECT p.id, t.position, t.topic FROM topics t JOIN posts p ON p.post_key = t.post ORDER BY 1, 2'),
    inputs: sqlite(db, 'SELECT i.name, a.name AS archive, i.size, i.modified_at, i.records, i.problems FROM inputs i LEFT JOIN inputs a ON a.input_key = i.archive ORDER BY i.name'),
    observations: sqlite(
      db,
      'SELECT p.id, i.name, o.observed_at, o.source_line, o.creator_followers, o.engagements FROM observations o JOIN posts p ON p.post_key = o.post JOIN inputs i ON i.input_key = o.input ORDER BY 1, 2',
    ),
    check: sqlite(db, 'PRAGMA foreign_key_check'),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Inputs (a file, or an archive with its members) whose records are not all observed: none, if each is loaded whole or not at all. */
const HALF_LOADED =
  'SELECT count(*) AS n FROM inputs i WHERE i.archive IS NULL AND i.records <> (SELECT count(*) FROM observations o JOIN inputs m ON m.input_key = o.input WHERE m.input_key = i.input_key OR m.archive = i.input_key)';

describe('--append survives what happens to processes', () => {
  const dir = tempDir();
  const folder = generated(dir, 400, 25);
  const clean = path.join(dir, 'clean.db');
  const cleanRun = (async () => {
    // An archive among the files: its members are inputs too, loaded whole with it.
    const rng = makeRng(8);
    const members = Array.from({ length: 40 }, (_, i) => [`m${i}.txt`, Array.from({ length: 25 }, () => (generatePost(rng) as { text: string }).text).join('\n\n'), new Date(T0 + i * 1000)] as const);
    await writeTar(path.join(folder, 'd0100.tar'), members);
    const child = spawnAppend(folder, clean);
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    return contents(clean);
  })();

  it('kill -9 at random moments, again and again, then a rerun: what a clean run leaves', async () => {
    const expected = await cleanRun;
    expect(expected.observations.length).toBe(440 * 25);
    expect(expected.inputs.filter(({ archive }) => archive !== null).length).toBe(40);
    const db = path.join(dir, 'killed.db');
    const rng = makeRng(11);
    for (let round = 0; round < 8; round++) {
      const child = spawnAppend(folder, db);
      await pause(100 + Math.floor(rng() * 700));
      child.kill('SIGKILL');
      await exited(child);
      // Whatever was committed is whole: each input's observations are all there.
      if (existsSync(db)) expect(sqlite(db, HALF_LOADED)).toEqual([{ n: 0 }]);
    }
    expect(await exited(spawnAppend(folder, db))).toEqual({ code: 0, signal: null });
    expect(contents(db)).toEqual(expected);
  }, 120_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s mid-load: exit %i, whole inputs kept, a rerun ends as a clean run',
    async (signal, code) => {
      const expected = await cleanRun;
      const db = path.join(dir, `${signal}.db`);
      const child = spawnAppend(folder, db);
      // Once a first transaction is committed, and well before the end.
      for (;;) {
        if (existsSync(db) && (sqlite(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'inputs'")[0]?.n ?? 0) === 1 && Number(sqlite(db, 'SELECT count(*) AS n FROM inputs')[0]?.n ?? 0) > 0)
          break;
        await pause(2);
      }
      child.kill(signal);
      expect(await exited(child)).toEqual({ code, signal: null });
      const loaded = sqlite(db, 'SELECT count(*) AS n FROM inputs WHERE archive IS NULL')[0]?.n as number;
      expect(loaded).toBeGreaterThan(0);
      expect(loaded).toBeLessThan(400);
      expect(sqlite(db, HALF_LOADED)).toEqual([{ n: 0 }]);
      expect(await exited(spawnAppend(folder, db))).toEqual({ code: 0, signal: null });
      expect(contents(db)).toEqual(expected);
    },
    60_000,
  );

  it('two --append at once load each input once', async () => {
    const expected = await cleanRun;
    const db = path.join(dir, 'two.db');
    const [one, two] = [spawnAppend(folder, db), spawnAppend(folder, db)];
    expect(await exited(one)).toEqual({ code: 0, signal: null });
    expect(await exited(two)).toEqual({ code: 0, signal: null });
    expect(contents(db)).toEqual(expected);
  }, 60_000);

  it('a reader during a load always sees whole inputs', async () => {
    await cleanRun;
    const db = path.join(dir, 'read.db');
    const child = spawnAppend(folder, db);
    const done = exited(child);
    let finished = false;
    void done.then(() => (finished = true));
    let reads = 0;
    while (!finished) {
      if (existsSync(db)) {
        try {
          const handle = new Database(db, { readonly: true, fileMustExist: true });
          try {
            const [row] = handle
              .prepare(
                'SELECT (SELECT coalesce(sum(records), 0) FROM inputs WHERE archive IS NULL) AS records, (SELECT count(*) FROM observations) AS observations, (SELECT count(*) FROM posts) AS posts',
              )
              .all() as Row[];
            expect(row?.observations).toBe(row?.records);
            expect(row?.posts).toBe(row?.records);
            reads++;
          } finally {
            handle.close();
          }
        } catch (error) {
          // Before the schema is committed there is nothing to read yet.
          if (!/no such table|file is not a database|unable to open/.test(String(error))) throw error;
        }
      }
      await pause(5);
    }
    expect(await done).toEqual({ code: 0, signal: null });
    expect(reads).toBeGreaterThan(3);
  }, 60_000);
});
