import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DumpParser, PostRecordSchema, decodeDump, parseDump } from '../src/index.js';
import { ROOT, fixturePairs } from './support/fixtures.js';

const BANNER = '[GUEST ACCESS MODE: Data is scrambled or limited to provide examples.]';

describe('parseDump', () => {
  it.each([
    ['', null, 'empty file'],
    ['\n  \n\r\n', null, 'no text, only 3 blank lines'],
    ['scrape log\nfetched 0 pages\n', null, 'not a dump: no post header in 2 lines'],
    [`note\n${BANNER}\nnothing\n`, 2, 'no header line after the banner; it gives no record'],
    ['A a @a on x 5 followers\nno created line\n', 1, 'a header line with no `Created:` line after it; it gives no record'],
    ['\u0089PNG\r\n\u001a\n\u0000\u0000IHDR', null, 'binary content (a NUL character at offset 8)'],
  ])('%j gives no record and says why', (text, line, message) => {
    expect(parseDump(text, 'in.txt')).toEqual({ records: [], problems: [{ source: 'in.txt', line, message }] });
  });

  // Text the bytes decode to whole (fixtures with a bad byte give problems, and are for BytesParser).
  const pairs = fixturePairs().filter((p) => p.expected.length > 0 && p.problems.length === 0);

  it.each(pairs)('$dump gives the same records whatever the chunk size', ({ dump }) => {
    const text = decodeDump(readFileSync(path.join(ROOT, dump)), dump); // UTF-8, or UTF-16 with its byte order mark
    const whole = parseDump(text, dump).records;
    for (const size of [1, 3, 64, 8191]) {
      const parser = new DumpParser(dump);
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records).toEqual(whole);
      expect(parser.problems).toEqual([]);
    }
  });

  it.each([
    ['lone brackets', '[[[[]]]](((('],
    ['a header with nothing after it', 'A a @a on x 5 followers\nCreated: 2026-01-01 00:00:00 UTC'],
    ['a flat copy cut in its header', `${BANNER}  A [@a](/creator/twitter/a) on x`],
    ['footer lines only', '7 engagements\nRelated Topics a\n/post/tweet::1'],
    ['a header and a post id', 'A a @a on x 5 followers\nCreated: 2026-99-99 99:99:99 UTC\n/post/tweet::1'],
    ['a huge count', 'A a @a on x 99999999999999999999B followers\nCreated: 2026-01-01 00:00:00 UTC\nhi\n1 engagements\n/post/t::1'],
  ])('survives %s: never throws, every record fits the schema', (_name, text) => {
    const { records } = parseDump(text, 'x');
    for (const record of records) expect(PostRecordSchema.safeParse(record).success).toBe(true);
  });

  it('keeps a scrambled count null and names it, never 0 or XXX', () => {
    const text = readFileSync(path.join(ROOT, 'fixtures/samples/s04-two-posts.txt'), 'utf8');
    const [first] = parseDump(text).records;
    expect(first).toMatchObject({ creator_followers: null, engagements: null, scrambled: ['creator_followers', 'engagements'] });
  });

  it('gives source_file as given, "-" by default', () => {
    const text = readFileSync(path.join(ROOT, 'fixtures/samples/s02-youtube-with-key.txt'), 'utf8');
    expect(parseDump(text).records[0]?.source_file).toBe('-');
    expect(parseDump(text, 'a/b.txt').records[0]?.source_file).toBe('a/b.txt');
  });

  it('orders keys as the schema does', () => {
    const text = readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'), 'utf8');
    expect(Object.keys(parseDump(text).records[0] ?? {})).toEqual(Object.keys(PostRecordSchema.shape));
  });
});
