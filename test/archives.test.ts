import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { jsCrc32 } from '../src/sources/gzip-members.js';
import { openInput } from '../src/sources/open-input.js';
import { readInput } from '../src/convert/read-input.js';
import type { PostRecord } from '../src/pipeline/record/schema.js';
import { type Member, writeTar, writeZip } from './support/archives.js';
import { runCli } from './support/cli.js';
import { BIN, FIXTURES } from './support/fixtures.js';
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
    .filter((line) => line !== '' && !/^postdump: [\d,]+ records?\b/.test(line)) // not the summary
    .map((line) => line.replaceAll(dir + path.sep, ''));
  return { code, records, errors };
}

/** Each record's `source_file`, relative to `dir`. */
const sourcesOf = (run: Run, dir: string) => run.records.map((record) => path.relative(dir, String(record.source_file)));

const gz = (bytes: Uint8Array) => gzipSync(bytes);
/** A report's lines, with the test's folder left out of the paths. */
const linesOf = (stdout: string, dir: string) =>
  stdout
    .replaceAll(dir + path.sep, '')
    .trimEnd()
    .split('\n');

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
    ['a .zip of stored members', (dir: string) => writeZip(path.join(dir, 'f.zip'), packed, false), (dump: string) => `f.zip!/${dump}`],
    ['a .zip of .txt.gz members', (dir: string) => writeZip(path.join(dir, 'f.zip'), packedGz), (dump: string) => `f.zip!/${dump}.gz`],
    ['a .tar of .txt.gz members', (dir: string) => writeTar(path.join(dir, 'f.tar'), packedGz), (dump: string) => `f.tar!/${dump}.gz`],
    ['a folder of .txt.gz files', (dir: string) => writeTree(dir, packedGz), (dump: string) => `${dump}.gz`],
    [
      'a folder of gzip saved as .txt',
      (dir: string) =>
        writeTree(
          dir,
          packedGz.map(([name, bytes]) => [name.slice(0, -3), bytes]),
        ),
      (dump: string) => dump,
    ],
  ])('%s', async (_, write, sourceOf) => {
    const plain = await convert(
      ['samples', 'seed', 'variations'].map((folder) => path.join(FIXTURES, folder)),
      FIXTURES,
    );
    const dir = tempDir('postdump-archives-');
    await write(dir);
    const archived = await convert([dir], dir);

    expect(plain.records.length).toBeGreaterThan(20);
    expect(sourcesOf(archived, dir)).toEqual(sourcesOf(plain, FIXTURES).map(sourceOf));
    const withoutSource = (run: Run) => run.records.map(({ source_file, ...rest }) => rest);
    expect(withoutSource(archived)).toEqual(withoutSource(plain));
    expect({ code: archived.code, errors: archived.errors }).toEqual({ code: 0, errors: [] });
  });

  it.each([
    ['read whole (small)', 1 << 20],
    ['streamed (large)', 100],
  ])('a gzipped file %s gives the records of the plain file', async (_, wholeFileBytes) => {
    const dir = tempDir('postdump-archives-');
    const file = path.join(dir, 'two.txt');
    writeFileSync(file, gz(TWO_POSTS));
    const input = { name: file, path: file };
    const opened = await openInput(input, Readable.from([]), wholeFileBytes);
    const records: PostRecord[] = [];
    const outcome = await readInput(input, opened, (found) => {
      records.push(...found);
    });
    expect({ kind: opened.kind, problems: outcome.problems, lines: records.map((record) => record.source_line) }).toEqual({ kind: 'stream', problems: [], lines: [1, 10] });
  });

  it.runIf(process.platform === 'linux')('a gzipped file given up before it is read lets go of the file', async () => {
    const dir = tempDir('postdump-archives-');
    const file = path.join(dir, 'noise.txt.gz');
    writeFileSync(file, gz(randomBytes(4 << 20))); // more than is read ahead: the file stays open until let go
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const opened = await openInput({ name: file, path: file }, Readable.from([]));
    expect(openFiles()).toBe(before + 1);
    if (opened.kind === 'stream') opened.stream.destroy(); // as convert does when the reader goes away
    for (let wait = 0; wait < 100 && openFiles() > before; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(openFiles()).toBe(before);
  });

  it('reads gzip on stdin', async () => {
    const run = await convert(['-'], '', gz(TWO_POSTS));
    expect(run.records.map((record) => [record.source_file, record.source_line])).toEqual([
      ['-', 1],
      ['-', 10],
    ]);
  });
});

describe('which members are dumps', () => {
  const MEMBERS: Member[] = [
    ['a.txt', ONE_POST],
    ['deep/er/b.txt', ONE_POST],
    ['C.TXT', ONE_POST],
    ['d.txt.gz', gz(ONE_POST)],
    ['notes.md', ONE_POST],
    ['e.txt.bak', ONE_POST],
    ['inner.zip', ONE_POST],
    ['.hidden.txt', ONE_POST],
    ['.git/f.txt', ONE_POST],
    ['sub/.g.txt', ONE_POST],
    ['folder.txt/', ''],
    ['drafts/h.txt', ONE_POST],
    ['july/i.txt', ONE_POST],
    ['july/i.bak.txt', ONE_POST],
  ];
  const READ = ['a.txt', 'deep/er/b.txt', 'C.TXT', 'd.txt.gz', 'drafts/h.txt', 'july/i.txt', 'july/i.bak.txt'];

  it.each([
    ['zip', 'm.zip', writeZip],
    ['tar', 'm.tar', writeTar],
    ['tar.gz', 'm.tar.gz', (file: string, members: readonly Member[]) => writeTar(file, members, true)],
  ])('%s: *.txt and *.txt.gz at any depth, in archive order; other and hidden members skipped', async (_, name, write) => {
    const dir = tempDir('postdump-members-');
    await write(path.join(dir, name), MEMBERS);
    const run = await convert([path.join(dir, name)], dir);
    expect({ code: run.code, sources: sourcesOf(run, dir), errors: run.errors }).toEqual({
      code: 0,
      sources: READ.map((member) => `${name}!/${member}`),
      errors: [],
    });
  });

  it.each([
    ['zip', 'up.zip'],
    ['tar', 'up.tar'],
  ])('%s: members named with `..` or from the root are read as any other, and the archive goes on', async (kind, name) => {
    const dir = tempDir('postdump-members-');
    const file = path.join(dir, name);
    // yazl refuses such names: a zip's are written with stand-ins of the same length, then put in place.
    const stored = ['good1.txt', '../up.txt', 'a/../../b.txt', '../assets/logo.png', '/abs/x.txt', 'good2.txt'];
    const standIns = kind === 'zip' ? stored.map((member) => member.replaceAll('..', '__').replace(/^\//, '_')) : stored;
    await (kind === 'zip' ? writeZip : writeTar)(
      file,
      standIns.map((member) => [member, ONE_POST] as const),
    );
    const bytes = readFileSync(file);
    stored.forEach((member, i) => {
      const [from, to] = [Buffer.from(standIns[i] as string), Buffer.from(member)];
      for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) to.copy(bytes, at);
    });
    writeFileSync(file, bytes);
    const run = await convert([file], dir);
    expect({ code: run.code, sources: run.records.map((record) => record.source_file), errors: run.errors }).toEqual({
      code: 0,
      sources: ['good1.txt', '../up.txt', 'a/../../b.txt', 'abs/x.txt', 'good2.txt'].map((member) => `${file}!/${member}`),
      errors: [],
    });
  });

  it.each([
    ['drafts', ['drafts/h.txt']],
    ['drafts/**', ['drafts/h.txt']],
    ['july/*.txt', ['july/i.txt', 'july/i.bak.txt']],
    ['*.bak.txt', ['july/i.bak.txt']],
    ['*.gz', ['d.txt.gz']],
  ])('--ignore %s skips inside archives as in folders', async (pattern, skipped) => {
    const dir = tempDir('postdump-members-');
    await writeZip(path.join(dir, 'm.zip'), MEMBERS);
    const run = await convert([path.join(dir, 'm.zip'), '--ignore', pattern], dir);
    expect(sourcesOf(run, dir)).toEqual(READ.filter((member) => !skipped.includes(member)).map((member) => `m.zip!/${member}`));
  });

  it('a folder walk picks up *.txt, *.txt.gz and archives, and nothing else', async () => {
    const dir = tempDir('postdump-members-');
    for (const name of ['a.txt', 'b.TXT.GZ', 'c.gz', 'd.txt.gz.bak', 'e.rar', 'f.txt.zst']) writeFileSync(path.join(dir, name), name.includes('GZ') ? gz(ONE_POST) : ONE_POST);
    await writeZip(path.join(dir, 'g.zip'), [['x.txt', ONE_POST]]);
    await writeTar(path.join(dir, 'h.tar'), [['x.txt', ONE_POST]]);
    await writeTar(path.join(dir, 'i.tar.gz'), [['x.txt', ONE_POST]], true);
    await writeTar(path.join(dir, 'j.TGZ'), [['x.txt', ONE_POST]], true);
    await writeZip(path.join(dir, '.k.zip'), [['x.txt', ONE_POST]]);
    const run = await convert([dir], dir);
    expect({ code: run.code, sources: sourcesOf(run, dir) }).toEqual({
      code: 0,
      sources: ['a.txt', 'b.TXT.GZ', 'g.zip!/x.txt', 'h.tar!/x.txt', 'i.tar.gz!/x.txt', 'j.TGZ!/x.txt'],
    });
  });

  it.each([
    ['zip', 'big.zip', writeZip],
    ['tar.gz', 'big.tar.gz', (file: string, members: readonly Member[]) => writeTar(file, members, true)],
  ])('%s: a member of several megabytes is streamed, and gives every post', async (_, name, write) => {
    const dir = tempDir('postdump-members-');
    const posts = 3000; // about 4 MB
    await write(path.join(dir, name), [['many.txt', Array(posts).fill(ONE_POST.toString()).join('\n')]]);
    const run = await convert([path.join(dir, name)], dir);
    expect({ code: run.code, records: run.records.length, errors: run.errors }).toEqual({ code: 0, records: posts, errors: [] });
    const linesPerPost = ONE_POST.toString().split('\n').length;
    expect(run.records.at(-1)?.source_line).toBe((posts - 1) * linesPerPost + 1);
  });

  it('an archive without dumps is an error naming it', async () => {
    const dir = tempDir('postdump-members-');
    await writeZip(path.join(dir, 'm.zip'), [['notes.md', ONE_POST]]);
    expect(await convert([path.join(dir, 'm.zip')], dir)).toEqual({ code: 1, records: [], errors: ['postdump: m.zip: no .txt or .txt.gz members in this archive'] });
  });
});

describe('corrupt archives', () => {
  const THREE: Member[] = [
    ['a.txt', ONE_POST],
    ['b.txt', TWO_POSTS],
    ['c.txt', ONE_POST],
  ];
  /** Where a member's stored (compressed) data starts in a zip: after its local header, name and extra field. */
  const zipDataOffset = (zip: Buffer, member: string) => {
    const header = zip.indexOf(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1')]), zip.indexOf(member) - 30);
    return header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  };
  /** The tar's bytes up to the middle of member b.txt's data (each header and each member take whole 512-byte blocks). */
  /** 300 posts, about 400 KiB of text (gzipped, decompressed in 64 KiB pieces). */
  const MANY_POSTS = Buffer.from(Array(300).fill(ONE_POST.toString()).join('\n'));
  const MANY_POSTS_GZ = gz(MANY_POSTS);
  const tarCutInB = (tar: Buffer) => tar.subarray(0, 512 + Math.ceil(ONE_POST.length / 512) * 512 + 512 + 700);

  it.each([
    [
      'a zip cut short (its list of members is lost)',
      async (file: string) => {
        await writeZip(file, THREE);
        writeFileSync(file, readFileSync(file).subarray(0, 1500));
      },
      'x.zip',
      [],
      ['postdump: x.zip: not a readable zip file: cut short, or not a zip (End of central directory record signature not found. Either not a zip file, or file is truncated.)'],
    ],
    [
      'a zip with a damaged list of members',
      async (file: string) => {
        await writeZip(file, THREE);
        const zip = readFileSync(file);
        const second = zip.indexOf('PK\x01\x02', zip.indexOf('PK\x01\x02') + 4); // b.txt's entry in the list at the end
        zip[second + 3] = 0;
        writeFileSync(file, zip);
      },
      'x.zip',
      ['x.zip!/a.txt'],
      ['postdump: x.zip: corrupt zip file (invalid central directory file header signature: 0x14b50) after member a.txt'],
    ],
    [
      'a zip member with corrupt data',
      async (file: string) => {
        await writeZip(file, THREE);
        const zip = readFileSync(file);
        zip[zipDataOffset(zip, 'b.txt')] = 0xff; // a deflate block of the reserved type
        writeFileSync(file, zip);
      },
      'x.zip',
      ['x.zip!/a.txt', 'x.zip!/c.txt'],
      ['postdump: x.zip!/b.txt: corrupt zip member (invalid block type)'],
    ],
    [
      'a zip member of many posts, damaged in its middle',
      async (file: string) => {
        await writeZip(file, [['many.txt', MANY_POSTS]]);
        const zip = readFileSync(file);
        zip.fill(0xff, zipDataOffset(zip, 'many.txt') + 2000, zipDataOffset(zip, 'many.txt') + 2100);
        writeFileSync(file, zip);
      },
      'x.zip',
      // The posts inflated before the damage; the last one's line copy cut off where the inflated text stops
      // joining up (what damaged data inflates to is copied from earlier text), with a warning.
      Array(264).fill('x.zip!/many.txt'),
      ['postdump: x.zip!/many.txt: corrupt zip member (unexpected end of file)'],
    ],
    [
      'a stored zip member with a damaged byte (its CRC-32 differs)',
      async (file: string) => {
        await writeZip(file, [['many.txt', MANY_POSTS]], false);
        const zip = readFileSync(file);
        zip[zipDataOffset(zip, 'many.txt') + MANY_POSTS.length - 1]! ^= 0x01; // the last digit of a count
        writeFileSync(file, zip);
      },
      'x.zip',
      Array(299).fill('x.zip!/many.txt'), // the damage is known at the end, as in gzip: all but the post still open then
      ['postdump: x.zip!/many.txt: corrupt zip member (incorrect data check: its CRC-32 differs)'],
    ],
    [
      'a tar member too big to read whole (streamed), cut short in its middle',
      async (file: string) => {
        const big = Buffer.from(Array(1500).fill(ONE_POST.toString()).join('\n')); // about 1.5 MB
        await writeTar(file, [
          ['big.txt', big],
          ['after.txt', ONE_POST],
        ]);
        writeFileSync(file, readFileSync(file).subarray(0, 512 + big.length / 2));
      },
      'x.tar',
      Array(749).fill('x.tar!/big.txt'), // the posts whole in the first half
      ['postdump: x.tar!/big.txt: tar archive cut short (unexpected end of data)'],
    ],
    [
      'a tar member of many posts, cut short in its middle',
      async (file: string) => {
        await writeTar(file, [['many.txt', MANY_POSTS]]);
        writeFileSync(file, readFileSync(file).subarray(0, 512 + MANY_POSTS.length / 2));
      },
      'x.tar',
      Array(149).fill('x.tar!/many.txt'), // the posts whole in the first half
      ['postdump: x.tar!/many.txt: tar archive cut short (unexpected end of data)'],
    ],
    [
      'a .txt.gz with a garbage byte after it',
      (file: string) => writeFileSync(file, Buffer.concat([gz(Buffer.from(`${MANY_POSTS}\n`)), Buffer.from('X')])),
      'x.txt.gz',
      Array(300).fill('x.txt.gz'), // every record of the complete member, then the garbage named
      [`postdump: x.txt.gz: trailing garbage after the gzip data, at offset ${gz(Buffer.from(`${MANY_POSTS}\n`)).length} (what came before it was read whole)`],
    ],
    [
      'two gzip members, then garbage',
      (file: string) => writeFileSync(file, Buffer.concat([gz(Buffer.from(`${ONE_POST}\n`)), gz(Buffer.from(`${ONE_POST}\n`)), Buffer.from([0, 0, 7])])),
      'x.txt.gz',
      ['x.txt.gz', 'x.txt.gz'],
      [`postdump: x.txt.gz: trailing garbage after the gzip data, at offset ${2 * gz(Buffer.from(`${ONE_POST}\n`)).length + 2} (what came before it was read whole)`],
    ],
    [
      'a .txt.gz with a bad CRC',
      (file: string) => {
        const bytes = Buffer.from(MANY_POSTS_GZ);
        bytes[bytes.length - 8]! ^= 0xff; // the CRC-32 of the data, in the gzip trailer
        writeFileSync(file, bytes);
      },
      'x.txt.gz',
      Array(299).fill('x.txt.gz'), // every post but the last, its last line unended: the data is given as it is inflated, then the check at the member's end fails
      ['postdump: x.txt.gz: corrupt gzip data (incorrect data check)'],
    ],
    [
      'a .txt.gz cut short',
      (file: string) => writeFileSync(file, MANY_POSTS_GZ.subarray(0, MANY_POSTS_GZ.length / 2)),
      'x.txt.gz',
      Array(104).fill('x.txt.gz'), // the posts whole in the first half
      ['postdump: x.txt.gz: gzip data cut short (unexpected end of file)'],
    ],
    [
      'a tar cut short',
      async (file: string) => {
        await writeTar(file, THREE);
        writeFileSync(file, tarCutInB(readFileSync(file)));
      },
      'x.tar',
      ['x.tar!/a.txt'],
      ['postdump: x.tar!/b.txt: tar archive cut short (unexpected end of data)'],
    ],
    [
      'a tar cut short between members',
      async (file: string) => {
        await writeTar(file, THREE);
        writeFileSync(file, readFileSync(file).subarray(0, 512 + Math.ceil(ONE_POST.length / 512) * 512 + 100));
      },
      'x.tar',
      ['x.tar!/a.txt'],
      ['postdump: x.tar: tar archive cut short (unexpected end of data) after member a.txt'],
    ],
    [
      'a tar cut short exactly at the end of a member (GNU tar says nothing): only its missing end tells',
      async (file: string) => {
        await writeTar(file, THREE);
        writeFileSync(file, readFileSync(file).subarray(0, 512 + Math.ceil(ONE_POST.length / 512) * 512));
      },
      'x.tar',
      ['x.tar!/a.txt'],
      ["postdump: x.tar: tar archive cut short (it does not end with a tar's end-of-archive blocks) after member a.txt"],
    ],
    [
      'a .tar.gz of a tar cut short at the end of a member',
      async (file: string) => {
        await writeTar(file, THREE);
        const tar = readFileSync(file);
        writeFileSync(file, gz(tar.subarray(0, 512 + Math.ceil(ONE_POST.length / 512) * 512 + 512 + Math.ceil(TWO_POSTS.length / 512) * 512)));
      },
      'x.tar.gz',
      ['x.tar.gz!/a.txt', 'x.tar.gz!/b.txt', 'x.tar.gz!/b.txt'],
      ["postdump: x.tar.gz: tar archive cut short (it does not end with a tar's end-of-archive blocks) after member b.txt"],
    ],
    [
      'a .tar.gz cut short',
      async (file: string) => {
        await writeTar(file, THREE);
        writeFileSync(file, gz(tarCutInB(readFileSync(file))).subarray(0, -8));
      },
      'x.tar.gz',
      ['x.tar.gz!/a.txt'],
      ['postdump: x.tar.gz!/b.txt: gzip data cut short (unexpected end of file)'],
    ],
  ])('%s: an error naming it, records already read kept, the next input read, exit 1', async (_, write, name, sources, errors) => {
    const dir = tempDir('postdump-corrupt-');
    await write(path.join(dir, name));
    writeFileSync(path.join(dir, 'z.txt'), ONE_POST);
    const run = await convert([path.join(dir, name), path.join(dir, 'z.txt')], dir);
    expect({ code: run.code, sources: sourcesOf(run, dir), errors: run.errors }).toEqual({ code: 1, sources: [...sources, 'z.txt'], errors });
  });
});

describe('a decompression bomb', () => {
  /** 200 MiB of junk lines, gzipped as it is made (about 0.7 MB): never whole in memory, here either. */
  async function writeBomb(file: string): Promise<void> {
    const line = Buffer.from('junk junk junk junk junk junk junk junk junk junk junk junk junk junk junk\n');
    const piece = Buffer.concat(Array(Math.floor((1 << 20) / line.length)).fill(line));
    async function* junk() {
      for (let i = 0; i < 200; i++) yield piece;
    }
    await pipeline(Readable.from(junk()), createGzip({ level: 9 }), createWriteStream(file));
  }

  it('costs bounded memory and ends with an error naming it', async () => {
    const dir = tempDir('postdump-bomb-');
    const bomb = path.join(dir, 'bomb.txt.gz');
    await writeBomb(bomb);
    expect(statSync(bomb).size).toBeLessThan(1 << 20);
    // A heap of 64 MiB could not hold the text whole (200 MiB); the resident size says what it cost.
    const run = spawnSync('/usr/bin/time', ['-v', process.execPath, '--max-old-space-size=64', BIN, bomb], { encoding: 'utf8', cwd: dir });
    const lines = run.stderr.split('\n');
    const peakKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1]);
    expect({ status: run.status, stdout: run.stdout, messages: lines.filter((line) => line.startsWith('postdump:')) }).toEqual({
      status: 1,
      stdout: '',
      messages: [`postdump: ${bomb}: not a dump: no post header in 2796200 lines`, 'postdump: 0 records from 1 input (1 failed)'],
    });
    expect(peakKiB).toBeGreaterThan(0);
    expect(peakKiB / 1024).toBeLessThan(150);
  });
});

describe('postdump check', () => {
  /** A folder with a plain dump, a gzipped dump beside its NAME.json, a zip and a zip cut short. */
  async function folder(): Promise<string> {
    const dir = tempDir('postdump-check-archives-');
    writeFileSync(path.join(dir, 'a.txt'), ONE_POST);
    writeFileSync(path.join(dir, 'b.txt.gz'), gz(TWO_POSTS));
    writeFileSync(path.join(dir, 'b.json'), readFileSync(path.join(FIXTURES, 'samples/s04-two-posts.json')));
    await writeZip(path.join(dir, 'c.zip'), [
      ['july/x.txt', ONE_POST],
      ['july/binary.txt', readFileSync(path.join(FIXTURES, 'invalid/binary.txt'))],
      ['notes.md', ''],
    ]);
    await writeZip(path.join(dir, 'd.zip'), [['y.txt', ONE_POST]]);
    writeFileSync(path.join(dir, 'd.zip'), readFileSync(path.join(dir, 'd.zip')).subarray(0, 100));
    return dir;
  }

  it('checks .txt.gz against NAME.json, and each archive member as a dump without one, as ARCHIVE!/MEMBER', async () => {
    const dir = await folder();
    const { code, stdout } = await runCli(['check', dir]);
    expect({
      code,
      lines: linesOf(stdout, dir),
    }).toEqual({
      code: 1,
      lines: [
        'ok   a.txt',
        'ok   b.txt.gz',
        'ok   c.zip!/july/x.txt',
        'FAIL c.zip!/july/binary.txt',
        '  c.zip!/july/binary.txt: binary file (NUL byte at offset 8)',
        'FAIL d.zip',
        '  d.zip: not a readable zip file: cut short, or not a zip (End of central directory record signature not found. Either not a zip file, or file is truncated.)',
        '3 passed, 2 failed',
      ],
    });
  });

  it('--ignore skips archive members as in folders', async () => {
    const dir = await folder();
    const { code, stdout } = await runCli(['check', '--ignore', 'binary.txt', path.join(dir, 'c.zip')]);
    expect({
      code,
      lines: linesOf(stdout, dir),
    }).toEqual({ code: 0, lines: ['ok   c.zip!/july/x.txt', '1 passed, 0 failed'] });
  });

  it('--update --all writes NAME.json for a .txt.gz, shows the archive members that fail as check does, and exits 1 for them', async () => {
    const dir = await folder();
    const { code, stdout } = await runCli(['check', '--update', '--all', path.join(dir, 'b.txt.gz'), path.join(dir, 'c.zip')]);
    expect({
      code,
      lines: linesOf(stdout, dir),
    }).toEqual({
      code: 1,
      lines: ['updated b.json', 'FAIL c.zip!/july/binary.txt', '  c.zip!/july/binary.txt: binary file (NUL byte at offset 8)', '1 changed, 0 unchanged, 1 failed'],
    });
    const passing = await runCli(['check', '--update', '--ignore', 'binary.txt', path.join(dir, 'c.zip')]);
    expect([passing.code, passing.stdout.replaceAll(dir + path.sep, '')]).toEqual([0, 'skipped c.zip (an archive: its members pass, and have no NAME.json to update)\n0 changed, 0 unchanged\n']);
    expect((JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8')) as { id: string }[]).map((record) => record.id)).toEqual(['tiktok-video::7494000000000000002', 'instagram-post::DIaBcDeFgHi']);
  });
});

describe('gzip read member by member', () => {
  it('accepts zero padding after the last member, silently', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'x.txt.gz'), Buffer.concat([gz(ONE_POST), Buffer.alloc(1024)]));
    const { code, stdout, stderr } = await runCli([path.join(dir, 'x.txt.gz')]);
    expect([code, stdout.trim().split('\n').length, stderr]).toEqual([0, 1, '']);
  });

  it('checks CRC-32 without zlib.crc32 (Node before 20.15) as zlib does', async () => {
    const zlib = (await import('node:zlib')) as { crc32?: (data: Uint8Array, value?: number) => number };
    const data = Buffer.concat([ONE_POST, Buffer.from([0, 255, 128])]);
    const expected = zlib.crc32 ? zlib.crc32(data) : gzipSync(data).readUInt32LE(gzipSync(data).length - 8);
    expect(jsCrc32(data)).toBe(expected);
    expect(jsCrc32(data.subarray(10), jsCrc32(data.subarray(0, 10)))).toBe(expected);
  });
});

describe('archives on stdin, known by their first bytes', () => {
  const members: Member[] = [
    ['a.txt', ONE_POST],
    ['b.txt', ONE_POST],
  ];
  const stdinOf = async (kind: string): Promise<Buffer> => {
    const file = path.join(tempDir(), `x.${kind}`);
    if (kind === 'zip') await writeZip(file, members);
    else await writeTar(file, members, kind === 'tar.gz');
    return readFileSync(file);
  };
  /** The real CLI, stdin from `input`, its temporary files in a folder of their own. */
  const cat = (input: Buffer) => {
    const tmp = tempDir();
    const result = spawnSync(process.execPath, [BIN], { input, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, left: readdirSync(tmp) };
  };

  it.each(['tar', 'tar.gz', 'zip'])('cat x.%s | postdump reads its members as -!/MEMBER, and leaves no temporary file', async (kind) => {
    const { code, stdout, stderr, left } = cat(await stdinOf(kind));
    const sources = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as PostRecord).source_file);
    expect({ code, sources, stderr, left }).toEqual({ code: 0, sources: ['-!/a.txt', '-!/b.txt'], stderr: '', left: [] });
  });

  it.each([
    ['text that starts with PK', Buffer.from('PK is not a zip\n'), 'postdump: -: not a dump: no post header in 1 line\n'],
    [
      'a block with ustar in place and a checksum that does not add up',
      Buffer.concat([Buffer.alloc(257, 0x41), Buffer.from('ustar\0'), Buffer.alloc(249)]),
      'postdump: -: binary file (NUL byte at offset 262)\n',
    ],
  ])('%s is read as a dump', (_, input, message) => {
    const { code, stderr } = cat(input);
    expect([code, `${stderr.split('\n')[0]}\n`]).toEqual([1, message]);
  });
});
