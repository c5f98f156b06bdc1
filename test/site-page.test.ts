import { describe, expect, it } from 'vitest';
import { parseDump } from '../src/index.js';
import { sitePageKind } from '../src/pipeline/split/site-page.js';

const BANNER = '[GUEST ACCESS MODE: Data is scrambled.]';
const POST = ['Ann @ann on x 5 followers', 'Created: 2026-01-01 00:00:00 UTC', 'hi', '7 engagements', '/post/tweet::1'];

describe('sitePageKind', () => {
  it.each([
    ['# Bitcoin', 'topic page'],
    ['### Insights', 'topic page'],
    ['# Robin Monotti @robinmonotti', 'creator page'],
    ['# Bitcoin time series', 'time-series table'],
    ['| --- | :---: | ---: |', 'time-series table'],
    ['time,engagements,mentions', 'time-series table'],
    ['Date,Posts', 'time-series table'],
    ['#hashtag', null],
    ['| a | b |', null],
    ['- Engagements: [-------] (24h)', null],
    ['timely,notes', null],
    ['log: fetched 3 pages', null],
  ])('%j is %s', (line, kind) => {
    expect(sitePageKind(line)).toBe(kind);
  });
});

describe('a file holding only another page of the site', () => {
  it.each([
    ['a topic page', [BANNER, '# Bitcoin', '- Engagements: [-------] (24h)', '[--] Week: [---------] +258%', '### Insights'], 1, 'a topic page, not a post'],
    ['a creator page', [BANNER, '# ![avatar](https://x.y/a.png) Robin Monotti @robinmonotti', '- YouTube: [------]'], 1, 'a creator page, not a post'],
    ['a topic page saved with a key', ['# Ethereum', '- Engagements: 1.2M (24h)'], 1, 'a topic page, not a post'],
    ['a time-series table', ['| time | engagements |', '| --- | --- |', '| 2026-01-01 | [----] |'], 1, 'a time-series table, not a post'],
    ['a CSV time series', ['time,engagements', '1767225600,1204'], 1, 'a time-series table, not a post'],
    ['a page with a header look-alike in it', [BANNER, '# Bitcoin', 'Ann @ann on x 5 followers', 'no date'], 1, 'a topic page, not a post'],
  ])('%s is refused as such', (_name, lines, line, message) => {
    expect(parseDump(lines.join('\n'), 'page.txt')).toEqual({ records: [], problems: [{ source: 'page.txt', line, message }] });
  });

  it('ends a line copy cut off before it: the page is not body text', () => {
    const cut = POST.slice(0, 3);
    const { records } = parseDump([...cut, BANNER, '# Bitcoin', '- Mentions: [---]', ...POST].join('\n'));
    expect(records.map((r) => [r.source_line, r.body])).toEqual([
      [1, 'hi'],
      [7, 'hi'],
    ]);
    expect(records[0]?.warnings).toContain('line copy cut off (line 1): it has no /post/ line');
  });

  it('gives no record inside a dump, and the posts around it theirs', () => {
    const { records, problems } = parseDump([...POST, BANNER, '# Bitcoin', '- Mentions: [---]', '### Insights', ...POST].join('\n'));
    expect(records.map((r) => r.source_line)).toEqual([1, 10]);
    expect(problems).toEqual([]);
  });
});
