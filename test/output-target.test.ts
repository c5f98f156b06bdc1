import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, linkSync, openSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parquetRecords } from './support/datasets.js';
import { exited } from './support/child.js';
import { BIN, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const SAMPLE = readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'), 'utf8');
const OTHER = readFileSync(path.join(ROOT, 'fixtures/samples/s02-youtube-with-key.txt'), 'utf8');

/** Runs postdump in `cwd`; `<`, `FILE` at the end of the arguments makes FILE its standard input. */
function postdump(cwd: string, args: readonly string[]): SpawnSyncReturns<string> {
  const from = args.at(-2) === '<' ? openSync(path.join(cwd, args.at(-1)!), 'r') : 'pipe';
  const argv = from === 'pipe' ? args : args.slice(0, -2);
  try {
    return spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8', stdio: [from, 'pipe', 'pipe'] });
  } finally {
    if (from !== 'pipe') closeSync(from);
  }
}

/** The records `postdump a.txt` prints, run in `dir`. */
function recordsOf(dir: string, input: string): string {
  const result = postdump(dir, [input]);
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Every entry under a folder, with what it is and holds: to show that nothing was touched. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    const stats = lstatSync(file);
    entries[name] = stats.isSymbolicLink() ? `-> ${readlinkSync(file)}` : stats.isDirectory() ? 'folder' : readFileSync(file, 'utf8');
  }
  return entries;
}

/**
 * a.txt, link.txt -> a.txt, hard.ndjson (a second name of a.txt), dumps/b.txt, and dumps/more -> ../other,
 * a folder the walk of dumps/ enters through the link.
 */
function project(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
  symlinkSync('a.txt', path.join(dir, 'link.txt'));
  linkSync(path.join(dir, 'a.txt'), path.join(dir, 'hard.ndjson'));
  mkdirSync(path.join(dir, 'dumps'));
  writeFileSync(path.join(dir, 'dumps/b.txt'), OTHER);
  mkdirSync(path.join(dir, 'other'));
  symlinkSync('../other', path.join(dir, 'dumps/more'));
  return dir;
}

describe('-o onto a file an input reads is refused before anything is read or written', () => {
  it.each([
    ['the same file', ['a.txt', '-o', 'a.txt'], 'postdump: -o a.txt is also the input a.txt: writing it would destroy what is read; write the output elsewhere'],
    ['the same file by another path', ['a.txt', '-o', './dumps/../a.txt'], 'postdump: -o ./dumps/../a.txt is also the input a.txt: writing it would destroy what is read; write the output elsewhere'],
    ['the target of a link that is an input', ['link.txt', '-o', 'a.txt'], 'postdump: -o a.txt is also the input link.txt: writing it would destroy what is read; write the output elsewhere'],
    ['a link to an input', ['a.txt', '-o', 'link.txt'], 'postdump: -o link.txt is also the input a.txt: writing it would destroy what is read; write the output elsewhere'],
    ['another name (hard link) of an input', ['a.txt', '-o', 'hard.ndjson'], 'postdump: -o hard.ndjson is also the input a.txt: writing it would destroy what is read; write the output elsewhere'],
    ['a file a folder input reads', ['dumps/', '-o', 'dumps/b.txt'], 'postdump: -o dumps/b.txt is also the input dumps/b.txt: writing it would destroy what is read; write the output elsewhere'],
    ['a file a glob input reads', ['dumps/*.txt', '-o', 'dumps/b.txt'], 'postdump: -o dumps/b.txt is also the input dumps/b.txt: writing it would destroy what is read; write the output elsewhere'],
    ['a new file a folder input would read', ['-f', 'csv', 'dumps/', '-o', 'dumps/x.txt'], 'postdump: -o dumps/x.txt would be read by the input dumps/ once written: write the output elsewhere'],
    ['a new file in a folder the walk enters by a link', ['dumps/', '-o', 'other/x.TXT'], 'postdump: -o other/x.TXT would be read by the input dumps/ once written: write the output elsewhere'],
    ['a new gzipped dump a folder input would read', ['dumps/', '-o', 'dumps/x.txt.gz'], 'postdump: -o dumps/x.txt.gz would be read by the input dumps/ once written: write the output elsewhere'],
    [
      'a new archive a folder input would read',
      ['-f', 'parquet', 'dumps/', '-o', 'dumps/x.TGZ'],
      'postdump: -o dumps/x.TGZ would be read by the input dumps/ once written: write the output elsewhere',
    ],
    ['standard input, when it is the file', ['-', '-o', 'a.txt', '<', 'a.txt'], 'postdump: -o a.txt is also the input -: writing it would destroy what is read; write the output elsewhere'],
    ['a new file a glob input would match', ['dumps/*.txt', '-o', 'dumps/x.txt'], 'postdump: -o dumps/x.txt would be read by the input dumps/*.txt once written: write the output elsewhere'],
  ])('%s: exit 2, naming both', (_, args, message) => {
    const dir = project();
    const before = snapshot(dir);
    const result = postdump(dir, args);
    expect([result.status, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toBe(`${message}\n`);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ['a folder walk reads only *.txt files', ['dumps/', '-o', 'dumps/x.ndjson'], 'dumps/x.ndjson'],
    ['a folder walk skips hidden files', ['dumps/', '-o', 'dumps/.x.txt'], 'dumps/.x.txt'],
    ['a folder walk skips what --ignore names', ['dumps/', '--ignore', 'x.txt', '-o', 'dumps/x.txt'], 'dumps/x.txt'],
    ['a glob that does not match it', ['dumps/b*.txt', '-o', 'dumps/x.txt'], 'dumps/x.txt'],
  ])('is allowed when no input reads it: %s', (_, args, output) => {
    const dir = project();
    const result = postdump(dir, args);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(readFileSync(path.join(dir, output), 'utf8')).toBe(recordsOf(dir, 'dumps/b.txt'));
  });
});

describe('-o onto what is not a regular file', () => {
  it.runIf(process.getuid?.() === 0)('a character device is written, not replaced (as root)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    expect(spawnSync('mknod', [path.join(dir, 'null'), 'c', '1', '3']).status).toBe(0); // a second /dev/null
    const result = postdump(dir, ['a.txt', '-o', 'null']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(statSync(path.join(dir, 'null')).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'null']);
  });

  it('a named pipe is written to its reader, and stays a pipe', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    const fifo = path.join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let read = '';
    reader.stdout.on('data', (chunk) => (read += String(chunk)));
    const writer = spawn(process.execPath, [BIN, 'a.txt', '-o', 'pipe'], { cwd: dir, stdio: 'ignore' });
    const [written] = await Promise.all([exited(writer), exited(reader)]);
    expect(written).toEqual({ code: 0, signal: null });
    expect(read).toBe(recordsOf(dir, 'a.txt'));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'pipe']);
  });

  it('a socket is connected to and written', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    let read = '';
    const server = createServer((socket) => socket.on('data', (chunk) => (read += String(chunk))));
    server.listen(path.join(dir, 'socket'));
    await once(server, 'listening');
    const writer = spawn(process.execPath, [BIN, 'a.txt', '-o', 'socket'], { cwd: dir, stdio: 'ignore' });
    const written = await exited(writer);
    server.close();
    await once(server, 'close');
    expect(written).toEqual({ code: 0, signal: null });
    expect(read).toBe(recordsOf(dir, 'a.txt'));
  });

  it.each([
    ['a link to a file: the file is replaced', 'old\n'],
    ['a link to nothing yet: the file is made', null],
  ])('%s, and the link stays a link', (_, earlier) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    mkdirSync(path.join(dir, 'real'));
    if (earlier !== null) writeFileSync(path.join(dir, 'real/out.ndjson'), earlier);
    symlinkSync('real/out.ndjson', path.join(dir, 'out.ndjson'));
    const result = postdump(dir, ['a.txt', '-o', 'out.ndjson']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(readlinkSync(path.join(dir, 'out.ndjson'))).toBe('real/out.ndjson');
    expect(readFileSync(path.join(dir, 'real/out.ndjson'), 'utf8')).toBe(recordsOf(dir, 'a.txt'));
    expect(readdirSync(path.join(dir, 'real'))).toEqual(['out.ndjson']);
  });
});

describe('a run that gives no record', () => {
  it.each([
    ['leaves an existing output as it was', 'keep\n'],
    ['makes no output file', null],
  ])('%s (exit 1)', (_, earlier) => {
    const dir = tempDir();
    if (earlier !== null) writeFileSync(path.join(dir, 'keep.ndjson'), earlier);
    const before = snapshot(dir);
    const result = postdump(dir, ['missing.txt', '-o', 'keep.ndjson']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('postdump: missing.txt: no such file or directory\n');
    expect(snapshot(dir)).toEqual(before);
  });

  it('but a run where only some inputs fail writes what it has (exit 1)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    writeFileSync(path.join(dir, 'out.ndjson'), 'earlier\n');
    const result = postdump(dir, ['a.txt', 'missing.txt', '-o', 'out.ndjson']);
    expect(result.status).toBe(1);
    expect(readFileSync(path.join(dir, 'out.ndjson'), 'utf8')).toBe(recordsOf(dir, 'a.txt'));
  });
});

describe('-o naming a descriptor (/dev/stdout, /dev/fd/N, /proc/self/fd/N) writes to it, never replaces the file behind it', () => {
  /** Runs postdump through bash, so that the shell's own redirections give it its descriptors. */
  function shell(dir: string, script: string): SpawnSyncReturns<string> {
    return spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, POSTDUMP: `${process.execPath} ${BIN}` } });
  }

  it.each(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'])('%s opened by >> is appended to', (name) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    writeFileSync(path.join(dir, 'log.ndjson'), 'earlier\n');
    const result = shell(dir, `$POSTDUMP a.txt -o ${name} >> log.ndjson`);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(readFileSync(path.join(dir, 'log.ndjson'), 'utf8')).toBe(`earlier\n${recordsOf(dir, 'a.txt')}`);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'log.ndjson']);
  });

  it('is written at the descriptor offset, between what the shell writes before and after', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    const result = shell(dir, '{ echo before; $POSTDUMP a.txt -o /dev/fd/3; echo after; } 3> out.ndjson >&3');
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(readFileSync(path.join(dir, 'out.ndjson'), 'utf8')).toBe(`before\n${recordsOf(dir, 'a.txt')}after\n`);
  });

  it('a dataset goes into a descriptor too: SQLite through /dev/stdout, Parquet into a pipe', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    const sqlite = shell(dir, '$POSTDUMP a.txt -f sqlite -o /dev/stdout > out.sqlite');
    expect([sqlite.status, sqlite.stderr]).toEqual([0, '']);
    const parquet = shell(dir, '$POSTDUMP a.txt -f parquet -o >(cat > out.parquet); wait $!');
    expect([parquet.status, parquet.stderr]).toEqual([0, '']);
    const record = JSON.parse(recordsOf(dir, 'a.txt'));
    expect(new Database(path.join(dir, 'out.sqlite'), { readonly: true }).prepare('SELECT id FROM posts').all()).toEqual([{ id: record.id }]);
    expect((await parquetRecords(path.join(dir, 'out.parquet'))).map((row) => row.id)).toEqual([record.id]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'out.parquet', 'out.sqlite']);
  });

  it('stdout or stderr that is a socket (a parent written in Node gives one) is written as stdout is', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    for (const [name, stream] of [
      ['/dev/stdout', 'stdout'],
      ['/proc/self/fd/2', 'stderr'],
    ] as const) {
      const result = postdump(dir, ['a.txt', '-o', name]);
      expect(result.status).toBe(0);
      expect(result[stream]).toBe(recordsOf(dir, 'a.txt'));
    }
    const parquet = spawnSync(process.execPath, [BIN, 'a.txt', '-f', 'parquet', '-o', '/dev/stdout'], { cwd: dir });
    expect([parquet.status, String(parquet.stderr)]).toEqual([0, '']);
    writeFileSync(path.join(dir, 'out.parquet'), parquet.stdout);
    expect((await parquetRecords(path.join(dir, 'out.parquet'))).map((row) => row.id)).toEqual([JSON.parse(recordsOf(dir, 'a.txt')).id]);
  });

  it('a pipe the shell gives (>(…)) is written to its reader', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    const result = shell(dir, '$POSTDUMP a.txt -o >(cat > out.ndjson); wait $!');
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(readFileSync(path.join(dir, 'out.ndjson'), 'utf8')).toBe(recordsOf(dir, 'a.txt'));
  });

  // Node's own descriptors sit just above stdio: its event loop's epoll and eventfd, pipes with both ends in
  // the process (writing into those crashed the run), and a /dev/null, which is harmless to write to.
  it.each(Array.from({ length: 20 }, (_, i) => i + 3))('/dev/fd/%i, which the shell did not give, is refused (exit 1) unless it is a /dev/null: no crash', (fd) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    const result = postdump(dir, ['a.txt', '-o', `/dev/fd/${fd}`]);
    expect([result.signal, result.stdout]).toEqual([null, '']);
    const refused = new RegExp(`^postdump: /dev/fd/${fd}: cannot write the output: (descriptor ${fd} was not given to postdump \\(a shell opens it with ${fd}> FILE\\)|no such descriptor is open)\\n`);
    if (result.status === 0) expect(result.stderr).toBe('');
    else expect([result.status, refused.test(result.stderr)]).toEqual([1, true]);
  });
});

describe('a dataset onto what is not a regular file is written into it, not put in its place', () => {
  it.each(['sqlite', 'parquet'])('-f %s onto a named pipe: the reader gets the file, the pipe stays a pipe', async (format) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    const fifo = path.join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('bash', ['-c', `cat pipe > out.${format}`], { cwd: dir, stdio: 'ignore' });
    const writer = spawn(process.execPath, [BIN, 'a.txt', '-f', format, '-o', 'pipe'], { cwd: dir, stdio: 'ignore' });
    expect(await Promise.all([exited(writer), exited(reader)])).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const id = JSON.parse(recordsOf(dir, 'a.txt')).id;
    const out = path.join(dir, `out.${format}`);
    const ids =
      format === 'sqlite'
        ? new Database(out, { readonly: true })
            .prepare('SELECT id FROM posts')
            .all()
            .map((row) => (row as { id: string }).id)
        : (await parquetRecords(out)).map((row) => row.id);
    expect(ids).toEqual([id]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', `out.${format}`, 'pipe']);
  });

  it.runIf(process.getuid?.() === 0).each(['sqlite', 'parquet'])('-f %s onto a character device is written, not replaced (as root)', (format) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), SAMPLE);
    expect(spawnSync('mknod', [path.join(dir, 'null'), 'c', '1', '3']).status).toBe(0); // a second /dev/null
    const result = postdump(dir, ['a.txt', '-f', format, '-o', 'null']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(statSync(path.join(dir, 'null')).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'null']);
  });
});
