import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePost, makeRng } from '../bench/generate.mjs';
import { exited } from './support/child.js';
import { runCli } from './support/cli.js';
import { sqlite } from './support/datasets.js';
import { BIN } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SETTLE = 300;
/** A burst of files, as issue 18 asks. */
const BURST = 10_000;

function startWatch(folder: string, db: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'watch', folder, '-f', 'sqlite', '-o', db, '--settle', String(SETTLE)], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Waits until the database answers this count, or fails after a while. */
async function until(db: string, sql: string, want: number, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      last = sqlite(db, sql)[0]?.n;
      if (last === want) return;
    } catch {
      // not made yet
    }
    await pause(50);
  }
  throw new Error(`${sql}: ${String(last)}, not ${want}`);
}

/** Posts that are generated with distinct ids: `count` of them as dump texts. */
function texts(count: number, seed: number): string[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => (generatePost(rng) as { text: string }).text);
}

/** How many loads there ever were: input keys are never reused. */
const LOADS = "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'inputs'), 0) AS n";

describe('postdump watch', () => {
  it('loads what another process writes (in pieces, renamed into place, in new sub-folders, in a burst, changed in place), each once', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'dumps');
    mkdirSync(folder);
    const db = path.join(dir, 'posts.db');
    const posts = texts(BURST + 30, 3);
    writeFileSync(path.join(folder, 'before.txt'), posts[0] as string);
    const child = startWatch(folder, db);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    await until(db, 'SELECT count(*) AS n FROM inputs', 1);
    // Written slowly, in pieces: never read half.
    const writeSlowly = async (file: string, text: string, pieces: number) => {
      for (let i = 0; i < pieces; i++) {
        appendFileSync(file, text.slice((i * text.length) / pieces, ((i + 1) * text.length) / pieces));
        await pause(SETTLE / 3);
      }
    };
    await writeSlowly(path.join(folder, 'slow.txt'), posts[1] as string, 4);
    // Renamed into place.
    writeFileSync(path.join(folder, '.part'), posts[2] as string);
    renameSync(path.join(folder, '.part'), path.join(folder, 'renamed.txt'));
    // A new sub-folder that settles while a file in it is still being written: the file is not read half.
    mkdirSync(path.join(folder, 'later'));
    await writeSlowly(path.join(folder, 'later/slow.txt'), posts[3] as string, 8);
    // A new sub-folder, and a burst of files in it.
    const sub = path.join(folder, 'new/deeper');
    mkdirSync(sub, { recursive: true });
    for (let i = 4; i < 4 + BURST; i++) writeFileSync(path.join(sub, `b${i}.txt`), posts[i] as string);
    const files = 4 + BURST;
    await until(db, 'SELECT count(*) AS n FROM inputs', files);
    // Five files changed in place.
    for (let i = 4; i < 9; i++) writeFileSync(path.join(sub, `b${i}.txt`), `${posts[i]}\n\n${posts[i + BURST]}`);
    await until(db, 'SELECT count(*) AS n FROM posts', files + 5);
    await until(db, LOADS, files + 5);
    child.kill('SIGINT');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    expect(sqlite(db, 'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM posts')).toEqual([{ n: files + 5, ids: files + 5 }]);
    expect(sqlite(db, 'SELECT count(*) AS n FROM observations')).toEqual([{ n: files + 5 }]);
    expect(sqlite(db, LOADS)).toEqual([{ n: files + 5 }]);

    // A restart resumes: only what is new is loaded; a removed file's rows stay.
    rmSync(path.join(folder, 'before.txt'));
    writeFileSync(path.join(folder, 'later.txt'), posts[BURST + 20] as string);
    const again = startWatch(folder, db);
    await until(db, 'SELECT count(*) AS n FROM posts', files + 6);
    again.kill('SIGTERM');
    expect(await exited(again)).toEqual({ code: 0, signal: null });
    expect(sqlite(db, LOADS)).toEqual([{ n: files + 6 }]);
  }, 480_000);

  it('kill -9 at random moments, then a restart: what one clean --append leaves', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'dumps');
    mkdirSync(folder);
    const all = texts(600, 9);
    const write = (i: number) => {
      const file = path.join(folder, `d${String(i).padStart(3, '0')}.txt`);
      writeFileSync(file, all.slice(i * 3, i * 3 + 3).join('\n\n'));
      utimesSync(file, new Date(1_700_000_000_000 + i), new Date(1_700_000_000_000 + i));
    };
    const db = path.join(dir, 'watched.db');
    const rng = makeRng(4);
    for (let round = 0; round < 5; round++) {
      for (let i = round * 40; i < (round + 1) * 40; i++) write(i);
      const child = startWatch(folder, db);
      await pause(200 + Math.floor(rng() * 800));
      child.kill('SIGKILL');
      await exited(child);
    }
    const child = startWatch(folder, db);
    await until(db, 'SELECT count(*) AS n FROM inputs', 200);
    await pause(1500); // all may have been loaded before: past its start, its handlers are set
    child.kill('SIGINT');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    const clean = path.join(dir, 'clean.db');
    expect((await runCli(['-q', '-f', 'sqlite', '--append', folder, '-o', clean])).code).toBe(0);
    const rows = (file: string) => ({
      posts: sqlite(file, 'SELECT * FROM posts ORDER BY id').map(({ post_key: _, ...row }) => row),
      observations: sqlite(file, 'SELECT p.id, i.name, o.observed_at, o.engagements FROM observations o JOIN posts p ON p.post_key = o.post JOIN inputs i ON i.input_key = o.input ORDER BY 1'),
      inputs: sqlite(file, 'SELECT name, size, modified_at, records FROM inputs ORDER BY name'),
    });
    expect(rows(db)).toEqual(rows(clean));
  }, 120_000);

  it('on a terminal: one line per load (an empty folder is no error)', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'dumps');
    mkdirSync(folder);
    const db = path.join(dir, 'posts.db');
    const command = `timeout --preserve-status -s INT 4 "${process.execPath}" "${BIN}" watch dumps -o posts.db --settle 200 --color never`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (chunk) => (out += String(chunk)));
    await until(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'inputs'", 1);
    writeFileSync(path.join(folder, 'a.txt'), texts(1, 5)[0] as string);
    await until(db, 'SELECT count(*) AS n FROM inputs', 1);
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(out.replaceAll('\r\n', '\n').replace(/\d\d:\d\d:\d\d/, 'HH:MM:SS')).toBe('postdump: loaded dumps into posts.db; watching for more (Ctrl-C ends)\npostdump: HH:MM:SS loaded dumps/a.txt\n');
  }, 30_000);

  it('a database removed while it runs is made again at the next load, with what is new', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'dumps');
    mkdirSync(folder);
    const db = path.join(dir, 'posts.db');
    const [first, second] = texts(2, 7);
    writeFileSync(path.join(folder, 'a.txt'), first as string);
    const child = startWatch(folder, db);
    await until(db, 'SELECT count(*) AS n FROM inputs', 1);
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
    writeFileSync(path.join(folder, 'b.txt'), second as string);
    await until(db, "SELECT count(*) AS n FROM inputs WHERE name LIKE '%b.txt'", 1, 30_000);
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(sqlite(db, 'SELECT count(*) AS n FROM posts')).toEqual([{ n: 1 }]);
  }, 60_000);

  it('refuses a database postdump did not make (exit 2)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'posts.db');
    spawnSync('sqlite3', [db, 'CREATE TABLE mine (x)']);
    const result = await runCli(['watch', dir, '-o', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/postdump did not make \(it holds table mine\)/);
  });

  it.each([
    [['watch', 'dumps', '-f', 'sqlite'], /watch writes an SQLite database/],
    [['watch', 'dumps', '-f', 'ndjson', '-o', 'x.db'], /watch writes an SQLite database/],
    [['watch', 'dumps', '-o', 'x.db', '--settle', 'soon'], /--settle takes a whole number/],
    [['watch', '-o', 'x.db'], /missing required argument/],
  ])('postdump %j is a usage error', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
