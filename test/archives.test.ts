import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { type Member, writeTar, writeZip } from './support/archives.js';
import { runCli } from './support/cli.js';
import { FIXTURES } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

/** The fixture dumps that give records, as `samples/s01-x-guest.txt` (relative to fixtures/), in name order. */
const DUMPS = fg.sync('{samples,seed,variations}/**/*.txt', { cwd: FIXTURES }).sort();
const bytesOf = (dump: string) => readFileSync(path.join(FIXTURES, dump));
const ONE_POST = bytesOf('samples/s01-x-guest.txt');
const TWO_POSTS = bytesOf('samples/s04-two-posts.txt');

interface Run {
  readonly code: number;
  readonly records: Record<string, unknown>[];
  /** stderr lines, less the summary, with the temporary folder taken out. */
  readonly errors: string[];
}

async function convert(args: string[], dir: string, stdin: string | Uint8Array = ''): Promise<Run> {
  const { code, stdout, stderr } = await runCli(args, stdin);
  const records = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const errors = stderr
    .split('\n')
    .filter((line) => line !== '' && !/ records? from \d+ of /.test(line))
    .map((line) => line.replaceAll(dir + path.sep, ''));
  return { code, records, errors };
}

/** Each record's `source_file`, relative to `dir`. */
const sourcesOf = (run: Run, dir: string) => run.records.map((record) => path.relative(dir, String(record.source_file)));

const gz = (bytes: Uint8Array) => gzipSync(bytes);

describe('archives give the records of the same dumps as plain files', () => {
  const packed: Member[] = DUMPS.map((dump) => [dump, bytesOf(dump)]);
  const packedGz: Member[] = DUMPS.map((dump) => [`${dump}.gz`, gz(bytesOf(dump))]);

  /** Writes each dump at its path under `dir`, with these bytes. */
  const writeTree = (dir: string, members: readonly Member[]) => {
    for (const [name, bytes] of members) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), bytes);
    }
  };

  /** Each way of packing the fixtures: what to write in a temporary folder, and each dump's `source_file` then. */
  it.each([
    ['a .zip', (dir: string) => writeZip(path.join(dir, 'f.zip'), packed), (dump: string) => `f.zip!/${dump}`],
    ['a .tar', (dir: string) => writeTar(path.join(dir, 'f.tar'), packed), (dump: string) => `f.tar!/${dump}`],
    ['a .tar.gz', (dir: string) => writeTar(path.join(dir, 'f.tar.gz'), packed, true), (dump: string) => `f.tar.gz!/${dump}`],
    ['a .tgz', (dir: string) => writeTar(path.join(dir, 'f.tgz'), packed, true), (dump: string) => `f.tgz!/${dump}`],
    ['a .zip of .txt.gz members', (dir: string) => writeZip(path.join(dir, 'f.zip'), packedGz), (dump: string) => `f.zip!/${dump}.gz`],
    ['a .tar of .txt.gz members', (dir: string) => writeTar(path.join(dir, 'f.tar'), packedGz), (dump: string) => `f.tar!/${dump}.gz`],
    ['a folder of .txt.gz files', (dir: string) => writeTree(dir, packedGz), (dump: string) => `${dump}.gz`],
    ['a folder of gzip saved as .txt', (dir: string) => writeTree(dir, packedGz.map(([name, bytes]) => [name.slice(0, -3), bytes])), (dump: string) => dump],
  ])('%s', async (_, write, sourceOf) => {
    const plain = await convert(['samples', 'seed', 'variations'].map((folder) => path.join(FIXTURES, folder)), FIXTURES);
    const dir = tempDir('postdump-archives-');
    await write(dir);
    const archived = await convert([dir], dir);

    expect(plain.records.length).toBeGreaterThan(20);
    expect(sourcesOf(archived, dir)).toEqual(sourcesOf(plain, FIXTURES).map(sourceOf));
    const withoutSource = (run: Run) => run.records.map(({ source_file, ...rest }) => rest);
    expect(withoutSource(archived)).toEqual(withoutSource(plain));
    expect({ code: archived.code, errors: archived.errors }).toEqual({ code: 0, errors: [] });
  });

  it('reads gzip on stdin', async () => {
    const run = await convert(['-'], '', gz(TWO_POSTS));
    expect(run.records.map((record) => [record.source_file, record.source_line])).toEqual([
      ['-', 1],
      ['-', 10],
    ]);
  });
});
