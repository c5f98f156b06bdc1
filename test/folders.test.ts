import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInputs } from '../src/sources/inputs.js';
import { isDumpName } from '../src/sources/walk.js';
import { canRunAs, runAs } from './support/child.js';
import { runCli } from './support/cli.js';
import { BIN, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const DUMP = readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'));

/** A temporary folder holding a dump at each of these relative paths. */
function tree(files: readonly string[]): string {
  const dir = tempDir('postdump-folders-');
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), DUMP);
  }
  return dir;
}

/** Runs postdump in-process; gives the inputs that gave records (relative to dir) and the error lines. */
async function convert(dir: string, args: string[]) {
  const { code, stdout, stderr } = await runCli(args);
  const sources = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => path.relative(dir, (JSON.parse(line) as { source_file: string }).source_file));
  const errors = stderr.split('\n').filter((line) => line !== '' && !/^postdump: [\d,]+ records?\b/.test(line));
  return { code, sources, errors: errors.map((line) => line.replaceAll(dir + path.sep, '')) };
}

describe('folders', () => {
  it('skips hidden files and folders, but reads one named directly', async () => {
    const dir = tree(['a.txt', '.hidden.txt', '.git/b.txt', 'sub/.c.txt', 'sub/d.txt']);
    expect(await convert(dir, [dir])).toEqual({ code: 0, sources: ['a.txt', 'sub/d.txt'], errors: [] });
    expect((await convert(dir, [path.join(dir, '.hidden.txt')])).sources).toEqual(['.hidden.txt']);
  });

  it.each([
    [['drafts'], ['a.txt', 'x/b.bak.txt', 'x/c.txt']],
    [['*.bak.txt'], ['a.txt', 'drafts/d.txt', 'x/c.txt']],
    [['x/**'], ['a.txt', 'drafts/d.txt']],
    [
      ['drafts/', 'c.txt'],
      ['a.txt', 'x/b.bak.txt'],
    ],
  ])('--ignore %j (repeatable; with a / on the path, without on the name at any depth)', async (patterns, want) => {
    const dir = tree(['a.txt', 'drafts/d.txt', 'x/b.bak.txt', 'x/c.txt']);
    const args = [dir, ...patterns.flatMap((p) => ['--ignore', p])];
    expect(await convert(dir, args)).toEqual({ code: 0, sources: want, errors: [] });
  });

  it('--ignore never skips a file named directly', async () => {
    const dir = tree(['drafts/d.txt']);
    expect(await convert(dir, [path.join(dir, 'drafts/d.txt'), '--ignore', 'drafts', '--ignore', '*.txt'])).toEqual({ code: 0, sources: ['drafts/d.txt'], errors: [] });
  });

  it.each([
    ['post.txt', true],
    ['POST.TXT', true],
    ['post.Txt', true],
    ['post.txt.bak', false],
    ['post.text', false],
    ['posttxt', false],
    ['.txt', false],
  ])('%s is looked for in folders: %s', (name, dump) => {
    expect(isDumpName(name)).toBe(dump);
  });

  it('--ignore applies to what a glob matches, folders on the way included', async () => {
    const dir = tree(['a.txt', 'drafts/d.txt', 'x/b.bak.txt']);
    const got = await convert(dir, [`${dir}/**/*.txt`, '--ignore', 'drafts', '--ignore', '*.bak.txt']);
    expect(got).toEqual({ code: 0, sources: ['a.txt'], errors: [] });
  });

  it('follows symbolic links without looping or reading a file twice', async () => {
    const dir = tree(['a.txt', 'real/b.txt']);
    const outside = tree(['o.txt']);
    symlinkSync('..', path.join(dir, 'real/up'));
    symlinkSync('.', path.join(dir, 'self'));
    symlinkSync('real', path.join(dir, 'z-again'));
    symlinkSync('a.txt', path.join(dir, 'alias.txt'));
    symlinkSync(outside, path.join(dir, 'elsewhere'));
    symlinkSync(dir, path.join(outside, 'back'));
    expect(await convert(dir, [dir])).toEqual({ code: 0, sources: ['a.txt', 'elsewhere/o.txt', 'real/b.txt'], errors: [] });
  });

  it('reports a broken link named like a dump, and goes on', async () => {
    const dir = tree(['a.txt']);
    symlinkSync('gone.txt', path.join(dir, 'broken.txt'));
    symlinkSync('loop.txt', path.join(dir, 'loop.txt'));
    symlinkSync('gone', path.join(dir, 'broken-folder'));
    expect(await convert(dir, [dir])).toEqual({
      code: 1,
      sources: ['a.txt'],
      errors: ['postdump: broken.txt: no such file or directory (a broken symbolic link)', 'postdump: loop.txt: too many levels of symbolic links (a broken symbolic link)'],
    });
  });

  it.each([
    ['folders whose names are prefixes of files and folders', ['a.txt', 'a/x.txt', 'a-c/y.txt', 'a b.txt', 'a0/z.txt', 'a/b/c.txt', 'a/b.txt', 'ab.txt']],
    ['capitals, digits, accents and an emoji', ['B.txt', 'a.txt', 'ä.txt', 'Z/1.txt', 'z/🌸.txt', 'z/~.txt', '0.txt', 'z.txt/in.txt']],
  ])('lists a folder in the order of the full paths: %s', async (_name, files) => {
    const dir = tree(files);
    const { inputs } = await resolveInputs([dir]);
    const names = inputs.map((input) => input.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names).toHaveLength(files.length);
  });

  it('lists a folder reached through links in the order of the full paths, each file once', async () => {
    const dir = tree(['b/x.txt', 'b-/y.txt', 'c.txt']);
    symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    symlinkSync(path.join(dir, 'c.txt'), path.join(dir, 'b.txt'));
    const { inputs } = await resolveInputs([dir]);
    // a/x.txt is b/x.txt, and b.txt is c.txt: each kept under the name that sorts first.
    expect(inputs.map((input) => path.relative(dir, input.name))).toEqual(['a/x.txt', 'b-/y.txt', 'b.txt']);
  });

  it('opens without a look first only what its folder listed as a regular file, or was found so when named', async () => {
    const dir = tree(['a.txt', 'sub/b.txt']);
    const elsewhere = tree(['c.txt']);
    symlinkSync(path.join(elsewhere, 'c.txt'), path.join(dir, 'link.txt'));
    const named = path.join(elsewhere, 'c.txt');
    const { inputs } = await resolveInputs([dir]);
    expect(inputs.map((input) => [path.relative(dir, input.name), input.regular ?? false])).toEqual([
      ['a.txt', true],
      ['link.txt', false],
      ['sub/b.txt', true],
    ]);
    const { inputs: alone } = await resolveInputs([named]);
    expect(alone.map((input) => [input.regular ?? false, input.size])).toEqual([[true, statSync(named).size]]);
    const fifo = path.join(elsewhere, 'feed.txt');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const { inputs: piped } = await resolveInputs([fifo]);
    expect(piped.map((input) => input.regular ?? false)).toEqual([false]);
  });

  it('reads a file named twice, or by a folder and directly, once', async () => {
    const dir = tree(['a.txt', 'b.txt']);
    const got = await convert(dir, [dir, path.join(dir, 'a.txt'), `${dir}/*.txt`]);
    expect(got).toEqual({ code: 0, sources: ['a.txt', 'b.txt'], errors: [] });
  });
});

describe('unreadable entries', () => {
  it.skipIf(!canRunAs())('a folder or a file it may not read is reported and skipped', () => {
    const dir = tree(['a.txt', 'locked/b.txt', 'c.txt']);
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'locked'), 0o000);
    chmodSync(path.join(dir, 'c.txt'), 0o000);
    const result = spawnSync(process.execPath, [BIN, dir], { ...runAs, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(
      result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => path.relative(dir, JSON.parse(line).source_file)),
    ).toEqual(['a.txt']);
    expect(result.stderr).toContain(`postdump: ${path.join(dir, 'locked')}: permission denied\n`);
    expect(result.stderr).toContain(`postdump: ${path.join(dir, 'c.txt')}: permission denied\n`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(!canRunAs()).each([
    ['**/*.txt', ['a.txt', 'open/d.txt']],
    ['*/*.txt', ['a.txt', 'open/d.txt']],
    ['locked/*.txt', ['a.txt']],
  ])('a glob %s through a folder it may not list: the folder is named, the other inputs and matches read (exit 1)', (pattern, sources) => {
    const dir = tree(['a.txt', 'locked/b.txt', 'open/d.txt']);
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'locked'), 0o000);
    const result = spawnSync(process.execPath, [BIN, 'a.txt', pattern], { ...runAs, cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(
      result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).source_file),
    ).toEqual(sources);
    expect(result.stderr).toMatch(/^postdump: locked: permission denied\n/);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
