import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DumpProblem, parseDump, parseDumpBytes, parseDumpFile } from '../src/index.js';
import { runCli } from './support/cli.js';
import { ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const SAMPLE = readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'));
const TEXT = SAMPLE.toString('utf8');
const LATIN1 = Buffer.from(TEXT.replaceAll('Shipped', 'Shippé'), 'latin1');
const CASES: [string, Uint8Array][] = [
  ['a dump', SAMPLE],
  ['a dump with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), SAMPLE])],
  ['Latin-1 text', LATIN1],
  ['a binary file', Buffer.concat([SAMPLE.subarray(0, 100), Buffer.from([0]), SAMPLE.subarray(100)])],
  ['an empty file', new Uint8Array(0)],
  ['two dumps, then a bad byte past the first 64 KiB', Buffer.concat([Buffer.from(`${TEXT}\n\n`.repeat(80)), Buffer.from([0xff])])],
];

/** As the CLI prints a problem. */
const line = (problem: DumpProblem) => `postdump: ${problem.source}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;

describe('parseDumpFile and parseDumpBytes give what the CLI gives', () => {
  it.each(CASES)('%s', async (_, bytes) => {
    const file = path.join(tempDir(), 'dump.txt');
    writeFileSync(file, bytes);
    const cli = await runCli([file, '--quiet']);
    const fromFile = await parseDumpFile(file);
    expect(fromFile.records).toEqual(
      cli.stdout
        .split('\n')
        .filter(Boolean)
        .map((text) => JSON.parse(text)),
    );
    expect(fromFile.problems.map(line)).toEqual(cli.stderr.split('\n').filter(Boolean));
    expect(parseDumpBytes(bytes, file)).toEqual(fromFile);
  });
});

describe('what parseDump(text) cannot tell', () => {
  it('Latin-1 read as UTF-8 gives a record with U+FFFD in it; the bytes give a problem instead', () => {
    expect(parseDump(LATIN1.toString('utf8'), 'x.txt').records[0]?.body).toContain('Shipp\uFFFD');
    expect(parseDumpBytes(LATIN1, 'x.txt')).toEqual({
      records: [],
      problems: [
        {
          source: 'x.txt',
          line: 1,
          message: `not UTF-8 text (an invalid byte at offset ${LATIN1.indexOf(0xe9)}); if it is Latin-1, convert it: iconv -f latin1 -t UTF-8 x.txt > x.utf8.txt`,
        },
      ],
    });
  });

  it('a file that cannot be read is a problem, not a throw', async () => {
    const file = path.join(tempDir(), 'missing.txt');
    expect(await parseDumpFile(file)).toEqual({ records: [], problems: [{ source: file, line: null, message: 'no such file or directory' }] });
  });
});
