import { describe, expect, it } from 'vitest';
import { countLineFeeds, scanRanges } from '../src/convert/ranges.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('countLineFeeds', () => {
  it.each([
    ['', 0, undefined, 0],
    ['a\nb\nc', 0, undefined, 2],
    ['\n\n\n', 0, undefined, 3],
    ['a\r\nb\r\n', 0, undefined, 2],
    ['a\nb\nc\n', 2, undefined, 2],
    ['a\nb\nc\n', 0, 3, 1],
    ['a\nb\nc\n', 0, 4, 2],
  ])('%j from %i to %s: %i', (text, from, to, want) => {
    expect(countLineFeeds(bytes(text), from, to)).toBe(want);
  });
});

describe('scanRanges: where a part may start', () => {
  it.each([
    ['no post line', 'a\nb\n', 1, [0]],
    ['after the /post/ line', 'x\n/post/tweet::1\nnext\n', 1, [0, 17]],
    ['CRLF', 'x\r\n/post/tweet::1\r\nnext\r\n', 1, [0, 19]],
    ['after a /post/ line at the very start of the file', '/post/a::1\nnext\n', 0, [0, 11]],
    ['only /post/ lines that start at or after the part size', 'x\n/post/a::1\ny\n/post/b::2\nz\n', 3, [0, 26]],
    ['a /post/ line starting exactly at the part size', 'x\n/post/a::1\ny\n', 2, [0, 13]],
    ['none when the /post/ line is the last one', 'x\n/post/a::1', 1, [0]],
    ['not inside a line', 'see /post/a::1\nz\n', 1, [0]],
  ])('%s', (_, text, rangeBytes, starts) => {
    const data = bytes(text);
    const parts = scanRanges(data.length, (position, length) => data.subarray(position, position + length), rangeBytes);
    expect(parts?.map((part) => part.start)).toEqual(starts);
  });
});

describe('scanRanges', () => {
  const post = (i: number) => `Name @h${i} on x 1 followers\nCreated: 2025-01-01 00:00:00 UTC\nbody ${i}\n1 engagements\n/post/tweet::${i}\n\n`;
  const file = Array.from({ length: 40 }, (_, i) => post(i)).join('');
  const reader = (data: Buffer) => (position: number, length: number) => data.subarray(position, position + length);

  it.each([
    [16, 1 << 20],
    [100, 1 << 20],
    [100, 7], // pieces smaller than a line: parts are still contiguous and numbered right
    [100, 33],
    [1000, 64],
    [1 << 20, 1 << 20], // one part
  ])('parts of at least %i bytes read in pieces of %i: contiguous, each after a /post/ line, lines counted', (rangeBytes, pieceBytes) => {
    const data = bytes(file);
    const ranges = scanRanges(data.length, reader(data), rangeBytes, { pieceBytes });
    expect(ranges).not.toBeNull();
    const parts = ranges ?? [];
    expect(parts[0]?.start).toBe(0);
    expect(parts.at(-1)?.end).toBe(data.length);
    for (const [i, part] of parts.entries()) {
      if (i > 0) {
        expect(part.start).toBe(parts[i - 1]?.end);
        expect(data.subarray(0, part.start).toString().split('\n').at(-2)).toMatch(/^\/post\//);
        if (i < parts.length - 1) expect(part.end - part.start).toBeGreaterThanOrEqual(rangeBytes);
      }
      expect(part.firstLine).toBe(countLineFeeds(data, 0, part.start) + 1);
    }
    if (rangeBytes < 1000 && pieceBytes >= 40) expect(parts.length).toBeGreaterThan(3);
  });

  it('gives the same parts whatever the piece size', () => {
    const data = bytes(file);
    const want = scanRanges(data.length, reader(data), 150);
    for (const pieceBytes of [40, 41, 57, 64, 100, 1000]) expect(scanRanges(data.length, reader(data), 150, { pieceBytes })).toEqual(want);
  });

  it('gives null when a piece fails the check, and shows each byte to the check once', () => {
    const data = bytes(file);
    let seen = 0;
    scanRanges(data.length, reader(data), 100, {
      pieceBytes: 50,
      check: (piece) => {
        seen += piece.length;
        return true;
      },
    });
    expect(seen).toBe(data.length);
    expect(scanRanges(data.length, reader(data), 100, { check: () => false })).toBeNull();
  });

  it('a file without /post/ lines is one part', () => {
    const data = bytes('a\n'.repeat(1000));
    expect(scanRanges(data.length, reader(data), 10, { pieceBytes: 64 })).toEqual([{ start: 0, end: data.length, firstLine: 1 }]);
  });
});
