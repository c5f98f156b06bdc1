import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePost, makeRng } from '../bench/generate.mjs';
import { exited, firstLineThenClose, headOne } from './support/child.js';
import { BIN, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const STACK = /\n\s+at /;
const SAMPLE = readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'));

/** `count` generated posts, one after another: a dump big enough to overflow a pipe's buffer. */
function posts(count: number, seed = 5): string {
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => (generatePost(rng) as { text: string }).text).join('\n\n');
}

describe('| head -1', () => {
  it.each([[[]], [['-f', 'json']], [['-f', 'csv']]])('ends quietly with exit 0 (%j)', async (flags) => {
    const file = path.join(tempDir(), 'many.txt');
    writeFileSync(file, posts(3000));
    const { first, exit, stderr } = await headOne([file, ...flags]);
    expect(first.length).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
  });

  it.each([[['--help']], [['--version']], [['schema']], [['check', 'fixtures/samples']], [['nope.txt']]])('ends quietly when the reader is gone before anything is written (%j)', async (args) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.destroy(); // the reader is gone before postdump writes
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const exit = await exited(child);
    expect(stderr).not.toMatch(/\n\s+at |EPIPE/);
    expect(exit.signal).toBeNull();
  });

  it('stops reading once the reader is gone, even while its input is still open', async () => {
    const child = spawn(process.execPath, [BIN, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const feed = posts(400);
    const feeding = (async () => {
      // Keeps writing posts, and never ends stdin: only the closed stdout can end the run.
      for (let round = 0; child.exitCode === null && round < 1000; round++) {
        if (!child.stdin!.write(`${feed}\n\n`)) await Promise.race([once(child.stdin!, 'drain'), once(child, 'exit')]);
      }
    })().catch(() => {});
    await firstLineThenClose(child);
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    child.stdin!.destroy();
    await feeding;
  });
});

describe('-o FILE is atomic', () => {
  /** A folder with an earlier out.ndjson in it. */
  function withEarlierOutput() {
    const dir = tempDir();
    const out = path.join(dir, 'out.ndjson');
    writeFileSync(out, 'earlier\n');
    return { dir, out };
  }

  it('a failed write (file size limit) leaves no partial file and the earlier one untouched', () => {
    const { dir, out } = withEarlierOutput();
    const input = path.join(tempDir(), 'many.txt');
    writeFileSync(input, posts(500));
    // `ulimit -f 16`: writes past 16 blocks fail with EFBIG (Node ignores the SIGXFSZ that comes with it).
    const result = spawnSync('sh', ['-c', 'ulimit -f 16 && exec "$0" "$@"', process.execPath, BIN, input, '-o', out], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`postdump: ${out}: cannot write the output: file too large\n`);
    expect(readdirSync(dir)).toEqual(['out.ndjson']);
    expect(readFileSync(out, 'utf8')).toBe('earlier\n');
  });

  it('a target that cannot be replaced (a folder) leaves no temporary file', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'out.ndjson'));
    const result = spawnSync(process.execPath, [BIN, path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'), '-o', path.join(dir, 'out.ndjson')], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot write the output');
    expect(result.stderr).not.toMatch(STACK);
    expect(readdirSync(dir)).toEqual(['out.ndjson']);
  });

  it('writes nothing beside a missing folder, and says why', () => {
    const out = path.join(tempDir(), 'no/such/folder/out.ndjson');
    const result = spawnSync(process.execPath, [BIN, path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'), '-o', out], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`postdump: ${out}: cannot write the output: no such file or directory\n`);
    expect(existsSync(path.dirname(out))).toBe(false);
  });
});

describe('files that are not text dumps', () => {
  const latin1 = Buffer.from(SAMPLE.toString('utf8').replace('Shipped', 'Shippé'), 'latin1');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE.toString('utf8'), 'utf16le')]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR')]);
  const badByteLate = Buffer.concat([SAMPLE, Buffer.from('\n\nnotes: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);

  it('are each named in an error and give no record; the dumps beside them still do, and so do the posts before a bad byte', () => {
    const dir = tempDir();
    const files: Record<string, Buffer> = {
      'a-good.txt': SAMPLE,
      'b-latin1.txt': latin1,
      'c-utf16.txt': utf16,
      'd-image.txt': png,
      'e-late-bad-byte.txt': badByteLate,
      'f-utf16-no-bom.txt': utf16.subarray(2),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
    const result = spawnSync(process.execPath, [BIN, dir], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const sources = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => path.basename(JSON.parse(line).source_file));
    expect(sources).toEqual(['a-good.txt', 'c-utf16.txt', 'e-late-bad-byte.txt']);
    const lateLine = badByteLate.subarray(0, badByteLate.indexOf(0xe9)).toString('utf8').split('\n').length;
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('postdump: /'));
    expect(errors.map((line) => line.replace(dir + path.sep, ''))).toEqual([
      `postdump: b-latin1.txt:1: not UTF-8 text (an invalid byte at offset ${latin1.indexOf(0xe9)}); if it is Latin-1, convert it: iconv -f latin1 -t UTF-8 ${dir}/b-latin1.txt > ${dir}/b-latin1.utf8.txt`,
      'postdump: d-image.txt: binary file (NUL byte at offset 8)',
      `postdump: e-late-bad-byte.txt:${lateLine}: not UTF-8 text (an invalid byte at offset ${badByteLate.indexOf(0xe9)}); nothing from there on is read; if it is Latin-1, convert it: iconv -f latin1 -t UTF-8 ${dir}/e-late-bad-byte.txt > ${dir}/e-late-bad-byte.utf8.txt`,
      `postdump: f-utf16-no-bom.txt: UTF-16 text without a byte order mark (a NUL at every other byte); convert it: iconv -f UTF-16LE -t UTF-8 ${dir}/f-utf16-no-bom.txt > ${dir}/f-utf16-no-bom.utf8.txt`,
    ]);
    expect(result.stderr).not.toMatch(STACK);
  });
});

describe('pipes named as inputs', () => {
  it('reads a named pipe (FIFO) given as a path', async () => {
    const fifo = path.join(tempDir(), 'feed.txt');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    writeFileSync(fifo, SAMPLE); // blocks until postdump opens the pipe for reading
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).source_file),
    ).toEqual([fifo]);
  });

  it("reads a shell's process substitution (<(cat post.txt))", () => {
    const sample = path.join(ROOT, 'fixtures/samples/s01-x-guest.txt');
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" <(cat "${sample}")`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
  });
});
