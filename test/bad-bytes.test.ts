import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesParser, type PostRecord, parseDumpBytes, parseDumpFile } from '../src/index.js';
import { cliWith } from './support/threads.js';
import { tempDir } from './support/temp.js';

/** A whole line-copy post of about 800 bytes. */
const post = (i: number) => `Ann @ann on x 10 followers\nCreated: 2025-01-01 00:00:${String(i % 60).padStart(2, '0')} UTC\n${'word '.repeat(140).trimEnd()}\n${i} engagements\n/post/tweet::${i}\n`;
const posts = (n: number) => Array.from({ length: n }, (_, i) => post(i + 1)).join('');

/** Where a bad byte goes: at the end, after 100 whole posts (past the pieces decoded at once), or inside the second post. */
const CASES = [
  { name: '100 whole posts, then one bad byte', bytes: Buffer.concat([Buffer.from(posts(100)), Buffer.from([0xff, 0x0a])]), records: 100, line: 501, open: null },
  {
    name: 'a bad byte in the second post',
    bytes: Buffer.concat([Buffer.from(`${post(1)}${post(2).slice(0, 80)}`), Buffer.from([0xe9]), Buffer.from(post(2).slice(80) + post(3))]),
    records: 1,
    line: 8,
    open: 6,
  },
];

describe('a byte that is not UTF-8: every post that ended before it is a record', () => {
  it.each(CASES)('$name: parseDumpBytes', ({ bytes, records, line, open }) => {
    const result = parseDumpBytes(bytes, 'bad.txt');
    expect(result.records).toHaveLength(records);
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem?.line).toBe(line);
    expect(problem?.message).toContain(`not UTF-8 text (an invalid byte at offset ${bytes.findIndex((b) => b === 0xff || b === 0xe9)})`);
    if (open !== null) expect(problem?.message).toContain(`nor the post from line ${open}`);
  });

  it.each(CASES)('$name: BytesParser, the bytes in chunks of every size from 1 to 97 bytes and of 64 KiB + 1', ({ bytes }) => {
    const whole = parseDumpBytes(bytes, 'bad.txt');
    for (const size of [...Array.from({ length: 97 }, (_, i) => i + 1), (1 << 16) + 1]) {
      const parser = new BytesParser('bad.txt');
      const records: PostRecord[] = [];
      for (let at = 0; at < bytes.length; at += size) records.push(...parser.push(bytes.subarray(at, at + size)));
      records.push(...parser.end());
      expect({ records, problems: [...parser.problems] }).toEqual(whole);
    }
  });

  it.each(CASES)('$name: parseDumpFile, and the CLI on one thread and on two (exit 1)', async ({ bytes, records }) => {
    const file = path.join(tempDir(), 'bad.txt');
    writeFileSync(file, bytes);
    const fromFile = await parseDumpFile(file);
    expect(fromFile).toEqual(parseDumpBytes(bytes, file));
    for (const parallel of ['off', '0:4096']) {
      const cli = await cliWith(['--quiet', file], parallel);
      expect(cli.code).toBe(1);
      expect(
        cli.stdout
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as PostRecord),
      ).toEqual(fromFile.records);
      expect(cli.stdout.trimEnd().split('\n')).toHaveLength(records);
      expect(cli.stderr).toContain(`${file}:${fromFile.problems[0]?.line}: not UTF-8 text`);
    }
  });
});
