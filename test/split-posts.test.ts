import { describe, expect, it } from 'vitest';
import { LineSplitter, trimTrailingBlanks } from '../src/pipeline/decode/lines.js';
import type { PostSegment } from '../src/pipeline/split/segment.js';
import { PostSplitter } from '../src/pipeline/split/split-posts.js';

const BANNER = '[GUEST ACCESS MODE: Data is scrambled.]';
const flat = (handle: string, body: string) =>
  `A ${handle} [@${handle}](/creator/twitter/${handle}) on x 5 followers Created: 2026-01-01 00:00:00 UTC ${body}  7 engagements [Post Link](https://x.com/${handle}/status/9)`;
const lineCopy = (handle: string, body: string[], guest = false) => [
  ...(guest ? [BANNER] : []),
  `A ${handle} @${handle} on x 5 followers`,
  'Created: 2026-01-01 00:00:00 UTC',
  ...body,
  '7 engagements',
  '/post/tweet::9',
];

/** The line copy with another `/post/` id than the flat copies' (9). */
const withPostId = (lines: string[], id: number) => lines.map((line) => (line === '/post/tweet::9' ? `/post/tweet::${id}` : line));

/** Splits lines into posts and sums each up: where it starts, which copies, body lines, cut off. */
function split(lines: string[]): string[] {
  const splitter = new PostSplitter();
  const segments: PostSegment[] = [];
  lines.forEach((text, i) => segments.push(...splitter.push({ no: i + 1, text })));
  segments.push(...splitter.end());
  return segments.map((s) => {
    const copies = [s.flat ? 'flat' : '', s.cutFlat ? `cutFlat@${s.cutFlat.no}` : '', s.lineCopy ? `lines[${s.lineCopy.body.map((l) => l.no).join(',')}]` : ''].filter(Boolean).join('+');
    return `${s.startLine}:${copies}${s.lineCopy?.cutOff ? ' cut' : ''}`;
  });
}

describe('PostSplitter', () => {
  it.each<[string, string[], string[]]>([
    ['one post, both copies', [flat('a', 'hi'), ...lineCopy('a', ['hi'])], ['1:flat+lines[4]']],
    ['guest mode', [flat('a', 'hi'), ...lineCopy('a', ['hi'], true)], ['1:flat+lines[5]']],
    ['two posts, no blank line', [flat('a', 'x'), ...lineCopy('a', ['x']), flat('b', 'y'), ...lineCopy('b', ['y'])], ['1:flat+lines[4]', '7:flat+lines[10]']],
    ['two posts, blank lines between and around', ['', flat('a', 'x'), '', ...lineCopy('a', ['x']), '', '', flat('b', 'y'), ...lineCopy('b', ['y']), ''], ['2:flat+lines[6]', '11:flat+lines[14]']],
    ['flat copy only', [flat('a', 'x')], ['1:flat']],
    ['two flat copies in a row', [flat('a', 'x'), flat('b', 'y')], ['1:flat', '2:flat']],
    ['line copy only, guest', lineCopy('a', ['x', 'y'], true), ['1:lines[4,5]']],
    ['line copy only, with a key', lineCopy('a', ['x', 'y']), ['1:lines[3,4]']],
    ['an empty body', [flat('a', ''), ...lineCopy('a', [])], ['1:flat+lines[]']],
    ['a flat copy then another creator’s line copy', [flat('a', 'x'), ...withPostId(lineCopy('b', ['x']), 10)], ['1:flat', '2:lines[4]']],
    ['a flat copy then another creator’s line copy without a /post/ line', [flat('a', 'x'), ...lineCopy('b', ['x']).slice(0, -1)], ['1:flat', '2:lines[4] cut']],
    ['a flat copy then a line copy of the same post id under another handle: one post', [flat('a', 'x'), ...lineCopy('b', ['x'])], ['1:flat+lines[4]']],
    ['a line copy cut off at the end of the file', [flat('a', 'x y'), ...lineCopy('a', ['x', 'y']).slice(0, 3)], ['1:flat+lines[4] cut']],
    ['a line copy cut off by the next flat copy', [...lineCopy('a', ['x', 'y']).slice(0, 3), flat('b', 'z'), ...lineCopy('b', ['z'])], ['1:lines[3] cut', '4:flat+lines[7]']],
    ['a line copy cut off by a banner and header', [...lineCopy('a', ['x']).slice(0, 3), ...lineCopy('b', ['z'], true)], ['1:lines[3] cut', '4:lines[7]']],
    ['log lines around posts', ['log: start', flat('a', 'x'), ...lineCopy('a', ['x']), 'log: end', '</html>'], ['2:flat+lines[5]']],
    ['a banner with nothing after it', [BANNER, 'garbage'], []],
    ['a header with no Created line', ['A a @a on x 5 followers', 'garbage'], []],
  ])('%s', (_name, lines, expected) => {
    expect(split(lines)).toEqual(expected);
  });

  it.each<[string, string[], string[]]>([
    [
      'guided by the flat body, footer and header look-alikes stay in the body',
      [
        flat('a', 'p 1 engagements /post/tweet::9 A b @b on x 5 followers Created: 2026-01-01 00:00:00 UTC q'),
        ...lineCopy('a', ['p', '1 engagements', '/post/tweet::9', 'A b @b on x 5 followers', 'Created: 2026-01-01 00:00:00 UTC', 'q']),
      ],
      ['1:flat+lines[4,5,6,7,8,9]'],
    ],
    [
      'guided, a new flat copy and a banner+header inside the body stay in the body',
      [flat('a', `p ${flat('z', 'w')} ${BANNER} A c @c on x 5 followers`), ...lineCopy('a', ['p', flat('z', 'w'), BANNER, 'A c @c on x 5 followers'])],
      ['1:flat+lines[4,5,6,7]'],
    ],
    [
      'without a flat copy, body look-alikes of Created and engagements stay in the body',
      lineCopy('a', ['Created: 2026-01-01 00:00:00 UTC', '500 engagements', 'Related Topics x', 'end']),
      ['1:lines[3,4,5,6]'],
    ],
    [
      'guided, a blank first body line keeps the guide: look-alikes after it stay in the body',
      [flat('a', ' 3 engagements /post/tweet::5 real end'), ...lineCopy('a', ['', '3 engagements', '/post/tweet::5', 'real end'])],
      ['1:flat+lines[4,5,6,7]'],
    ],
    [
      'guided, blank lines in the middle and at the end of the body',
      [flat('a', 'x  3 engagements /post/tweet::5 '), ...lineCopy('a', ['x', '', '3 engagements', '/post/tweet::5', ''])],
      ['1:flat+lines[4,5,6,7,8]'],
    ],
    ['guided, an empty body followed by look-alike footer lines', [flat('a', ''), ...lineCopy('a', [])], ['1:flat+lines[]']],
    [
      'a flat copy cut before its followers, then its line copy: one post, the cut line neither a post nor body',
      [`${BANNER}  A a [@a](/creator/twitter/a) on x 12K`, ...lineCopy('a', ['x'], true)],
      ['1:cutFlat@1+lines[5]'],
    ],
    ['a guest flat copy cut inside its creator link, a blank line, then its line copy', [`${BANNER}  A a [@a](/creator/tw`, '', ...lineCopy('a', ['x'], true)], ['1:cutFlat@1+lines[6]']],
    ['a flat copy cut before its followers without a banner, then its line copy', ['A a [@a](/creator/twitter/a) on x', ...lineCopy('a', ['x'])], ['1:cutFlat@1+lines[4]']],
    ['a flat copy cut in its header, then another creator’s line copy: the cut line gives nothing', ['A a [@a](/creator/twitter/a) on x 5', ...lineCopy('b', ['x'])], ['2:lines[4]']],
    [
      'a line copy cut off by a cut flat copy and the next line copy',
      [...lineCopy('a', ['x', 'y']).slice(0, 3), `${BANNER}  A b [@b](/creator/twitter/b) on x 5`, ...lineCopy('b', ['z'], true)],
      ['1:lines[3] cut', '4:cutFlat@4+lines[8]'],
    ],
    ['a cut flat copy followed by prose is dropped: the prose is not a post', ['A a [@a](/creator/twitter/a) on x 5', 'just notes'], []],
    [
      'a flat-only post, then the same creator’s line copy of another post (other id): two posts',
      [flat('a', 'one thing'), ...lineCopy('a', ['another thing']).slice(0, -1), '/post/tweet::8'],
      ['1:flat', '2:lines[4]'],
    ],
    [
      'the same creator’s other post, with links that carry no id: the bodies do not join, two posts',
      [flat('a', 'one thing').replace('https://x.com/a/status/9', 'https://news.example.com/a'), ...lineCopy('a', ['another thing'])],
      ['1:flat', '2:lines[4]'],
    ],
    [
      'the same creator’s other post, created at another time, with links that carry no id: two posts',
      [flat('a', 'same words').replace('https://x.com/a/status/9', 'https://news.example.com/a'), ...lineCopy('a', ['same words']).map((l) => l.replace('00:00:00', '00:00:01'))],
      ['1:flat', '2:lines[4]'],
    ],
    [
      'copies that disagree on the body but carry the same id are one post',
      [flat('a', 'one thing'), ...lineCopy('a', ['another thing']), flat('b', 'y'), ...lineCopy('b', ['y'])],
      ['1:flat+lines[4]', '7:flat+lines[10]'],
    ],
  ])('%s', (_name, lines, expected) => {
    expect(split(lines)).toEqual(expected);
  });

  it.each([
    ['at the end of the file', ['A a [@a](/creator/twitter/a) on x 5']],
    ['followed by text', ['A a [@a](/creator/twitter/a) on x 5', 'notes']],
  ])('names a flat copy cut inside its header with no line copy after it, %s', (_name, lines) => {
    const splitter = new PostSplitter();
    lines.forEach((text, i) => splitter.push({ no: i + 1, text }));
    splitter.end();
    expect(splitter.takeLost()).toEqual([{ line: 1, message: 'a flat copy cut off inside its header, with no line copy after it; it gives no record' }]);
  });

  it('names a banner with no header after it', () => {
    const splitter = new PostSplitter();
    splitter.push({ no: 1, text: 'note' });
    splitter.push({ no: 2, text: BANNER });
    splitter.push({ no: 3, text: 'nothing' });
    splitter.end();
    expect(splitter.takeLost()).toEqual([{ line: 2, message: 'no header line after the banner; it gives no record' }]);
  });
});

describe('LineSplitter', () => {
  it.each<[string, string[], string[]]>([
    ['LF', ['a\nb\n'], ['a', 'b']],
    ['CRLF', ['a\r\nb\r\n'], ['a', 'b']],
    ['no final newline', ['a\nb'], ['a', 'b']],
    ['a BOM', ['\ufeffa\nb'], ['a', 'b']],
    ['a line across chunks', ['ab', 'c\nd', 'e'], ['abc', 'de']],
    ['CRLF split between chunks', ['a\r', '\nb'], ['a', 'b']],
    ['trailing spaces and tabs', ['a  \t\nb \r\n'], ['a', 'b']],
    ['blank lines kept', ['\n\na\n\n'], ['', '', 'a', '']],
  ])('%s', (_name, chunks, lines) => {
    const splitter = new LineSplitter();
    const got = chunks.flatMap((c) => splitter.push(c)).concat(splitter.end());
    expect(got.map((l) => l.text)).toEqual(lines);
    expect(got.map((l) => l.no)).toEqual(lines.map((_, i) => i + 1));
  });

  it.each([
    ['keeps a non-breaking space', 'a\u00a0', 'a\u00a0'],
    ['keeps a zero-width space', 'a\u200b', 'a\u200b'],
    ['drops spaces, tabs and CRs', 'a \t\r ', 'a'],
    ['keeps inner spaces', 'a  b', 'a  b'],
  ])('trimTrailingBlanks %s', (_name, text, trimmed) => {
    expect(trimTrailingBlanks(text)).toBe(trimmed);
  });
});
