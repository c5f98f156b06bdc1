import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Difference, compareDump, sameJson } from '../src/check/compare.js';
import { PLAIN, describeDifferences, statusLine, summaryLine } from '../src/check/describe.js';
import { type ExpectedRecord, formatExpectations, parseExpectations } from '../src/check/expectations.js';
import { junitXml } from '../src/check/junit.js';
import { parseDump } from '../src/index.js';
import { FIXTURES } from './support/fixtures.js';
import { findAll, loadXml } from './support/xml.js';

const parsed = (name: string) => parseDump(readFileSync(path.join(FIXTURES, name), 'utf8'), name);
const GUEST = 'samples/s01-x-guest.txt'; // one tweet: engagements scrambled, topics ["rate limiting", "api"]
const LINE_ONLY = 'samples/s03-line-copy-only.txt'; // one post with a warning
const NOT_A_DUMP = 'invalid/s06-not-a-dump.txt';
const expect_ = (...records: ExpectedRecord[]) => ({ records, note: null });

describe('parseExpectations', () => {
  it.each([
    ['an array', '[{"id": "a::1"}]', { records: [{ id: 'a::1' }], note: null }],
    ['an object with a note', '{"note": "why", "records": []}', { records: [], note: 'why' }],
    ['an object without a note', '{"records": [{}]}', { records: [{}], note: null }],
    ['a byte order mark', '\uFEFF[]', { records: [], note: null }],
    ['source_file, which is never compared', '[{"source_file": "x.txt", "body": ""}]', { records: [{ body: '' }], note: null }],
    ['problems', '{"records": [{}], "problems": [{"line": 4, "message": "not UTF-8"}]}', { records: [{}], note: null, problems: [{ line: 4, message: 'not UTF-8' }] }],
  ])('reads %s', (_, text, expected) => {
    expect(parseExpectations(text)).toEqual(expected);
  });

  it.each([
    ['broken JSON', '[\n  {"a": 1,\n  }]', 'not valid JSON: Expected double-quoted property name in JSON at position 15 (line 3 column 3)'],
    ['a string', '"records"', 'expected an array of records or {"records": [...], "note": "..."}'],
    ['an object without records', '{"note": "x"}', '"records" must be an array'],
    ['a misspelt top-level key', '{"records": [], "notes": "x"}', 'unknown key "notes": only "records", "note" and "problems" belong at the top'],
    ['a note that is no string', '{"records": [], "note": 1}', '"note" must be a string'],
    ['a record that is no object', '[{}, 1]', 'records[1] must be an object of record keys'],
    ['a misspelt record key', '[{"engagement": 1}]', 'records[0]: unknown key "engagement": did you mean engagements? (a record has id, post_type, network'],
    ['an unknown record key like none', '[{"zzz": 1}]', 'records[0]: unknown key "zzz" (a record has id, post_type, network'],
    ['problems that are no list', '{"records": [], "problems": {}}', '"problems" must be an array'],
    ['a problem without its line', '{"records": [], "problems": [{"message": "x"}]}', 'problems[0] must be {"line": <number or null>, "message": "<part of the message>"}'],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseExpectations(text)).toThrow(message);
  });
});

describe('formatExpectations', () => {
  it('writes whole records without source_file, two-space JSON, like fixtures/', () => {
    const { records } = parsed(GUEST);
    const text = formatExpectations(records, null);
    expect(JSON.parse(text)).toEqual([Object.fromEntries(Object.entries(records[0] ?? {}).filter(([key]) => key !== 'source_file'))]);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it('writes the problems of a dump that gives records too, each message up to its first ";"', () => {
    const { records } = parsed(GUEST);
    const problems = [{ line: 30, message: 'not UTF-8 text (an invalid byte at offset 3); if it is Latin-1, convert it: iconv x > y' }];
    expect(JSON.parse(formatExpectations(records, 'why', problems))).toMatchObject({ note: 'why', problems: [{ line: 30, message: 'not UTF-8 text (an invalid byte at offset 3)' }] });
    expect(JSON.parse(formatExpectations([], null, problems))).toEqual([]);
  });

  it('keeps a note, in the layout of the shared samples', () => {
    const file = readFileSync(path.join(FIXTURES, 'invalid/s06-not-a-dump.json'), 'utf8');
    expect(formatExpectations([], parseExpectations(file).note)).toBe(file);
  });
});

describe('compareDump', () => {
  const value = (key: string, expected: unknown, actual: unknown): Difference => ({ kind: 'value', record: 0, line: 1, key, expected, actual });
  it.each<[string, string, ReturnType<typeof expect_> | null, Difference[]]>([
    ['matching keys', GUEST, expect_({ engagements: null, topics: ['rate limiting', 'api'] }), []],
    ['an empty expected record', GUEST, expect_({}), []],
    ['a wrong count', GUEST, expect_({ engagements: 5 }), [value('engagements', 5, null)]],
    ['topics in another order', GUEST, expect_({ topics: ['api', 'rate limiting'] }), [value('topics', ['api', 'rate limiting'], ['rate limiting', 'api'])]],
    ['a number as text', GUEST, expect_({ creator_followers: '18900' }), [value('creator_followers', '18900', 18900)]],
    ['one record too many expected', GUEST, expect_({}, {}), [{ kind: 'count', expected: 2, actual: 1 }]],
    ['a dump that should fail but parses', GUEST, expect_(), [{ kind: 'count', expected: 0, actual: 1 }]],
    ['a dump that fails as it should', NOT_A_DUMP, expect_(), []],
    [
      'a dump that fails but should not',
      NOT_A_DUMP,
      expect_({}),
      [
        { kind: 'problem', line: null, message: 'not a dump: no post header in 2 lines' },
        { kind: 'count', expected: 1, actual: 0 },
      ],
    ],
    ['a healthy dump without expectations', GUEST, null, []],
    ['a warning without expectations', LINE_ONLY, null, [{ kind: 'warning', record: 0, line: 1, warning: 'only the line copy was saved: post_link is unknown' }]],
    ['a warning that is expected', LINE_ONLY, expect_({ warnings: ['only the line copy was saved: post_link is unknown'] }), []],
    ['no post without expectations', NOT_A_DUMP, null, [{ kind: 'problem', line: null, message: 'not a dump: no post header in 2 lines' }]],
  ])('%s', (_, dump, expectations, differences) => {
    expect(compareDump(parsed(dump), expectations)).toEqual(differences);
  });

  const withProblems = {
    records: [{ source_file: 'a.txt' } as never],
    problems: [{ source: 'a.txt', line: 9, message: 'not UTF-8 text (an invalid byte at offset 12); nothing from there on is read' }],
  };
  it.each<[string, { line: number | null; message: string }[], Difference[]]>([
    ['a listed problem, by part of its message', [{ line: 9, message: 'not UTF-8 text' }], []],
    [
      'on another line',
      [{ line: 8, message: 'not UTF-8 text' }],
      [
        { kind: 'problem', line: 9, message: withProblems.problems[0]!.message },
        { kind: 'missing problem', line: 8, message: 'not UTF-8 text' },
      ],
    ],
    [
      'one more listed than given',
      [
        { line: 9, message: 'not UTF-8' },
        { line: 20, message: 'a header line' },
      ],
      [{ kind: 'missing problem', line: 20, message: 'a header line' }],
    ],
    ['none listed: the problem fails the dump', [], [{ kind: 'problem', line: 9, message: withProblems.problems[0]!.message }]],
  ])('problems listed in NAME.json: %s', (_, problems, differences) => {
    expect(compareDump(withProblems, { records: [{}], note: null, problems })).toEqual(differences);
  });

  it('counts a bug as a failure even where the dump must fail', () => {
    const bug = new Error('boom');
    const result = { records: [], problems: [{ source: 'a.txt', line: 3, message: 'internal error while reading this post: boom', bug }] };
    expect(compareDump(result, expect_())).toEqual([{ kind: 'problem', line: 3, message: 'internal error while reading this post: boom', bug }]);
  });
});

describe('sameJson', () => {
  it.each([
    [{ a: 1, b: [1, 'x'] }, { b: [1, 'x'], a: 1 }, true],
    [[1, 2], [2, 1], false],
    [null, undefined, false],
    [{}, [], false],
    [{ a: undefined }, { b: undefined }, false],
    ['1', 1, false],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});

describe('describeDifferences', () => {
  it.each<[string, Difference, string[]]>([
    ['a value', { kind: 'value', record: 1, line: 12, key: 'engagements', expected: 5, actual: null }, ['d.txt:12: records[1].engagements', '  expected: 5', '  actual:   null']],
    [
      'invisible characters, escaped',
      { kind: 'value', record: 0, line: 1, key: 'creator_display_name', expected: 'A\u200bB\u00a0C', actual: 'AB C' },
      ['d.txt:1: records[0].creator_display_name', '  expected: "A\\u200bB\\u00a0C"', '  actual:   "AB C"'],
    ],
    [
      'strings up to 80 characters, whole',
      { kind: 'value', record: 0, line: 1, key: 'body', expected: `${'x'.repeat(76)}\nend`, actual: `${'x'.repeat(76)} end` },
      ['d.txt:1: records[0].body', `  expected: "${'x'.repeat(76)}\\nend"`, `  actual:   "${'x'.repeat(76)} end"`],
    ],
    [
      'a long body: where it differs, 40 characters each side',
      { kind: 'value', record: 0, line: 1, key: 'body', expected: `${'a'.repeat(1500)}\n${'c'.repeat(1500)}`, actual: `${'a'.repeat(1500)} ${'c'.repeat(1499)}` },
      [
        'd.txt:1: records[0].body: differs at character 1,500 (expected 3,001 characters, got 3,000)',
        `  expected: …"${'a'.repeat(40)}\\n${'c'.repeat(39)}"…`,
        `  actual:   …"${'a'.repeat(40)} ${'c'.repeat(39)}"…`,
      ],
    ],
    [
      'a long body differing at its start, and one cut short',
      { kind: 'value', record: 0, line: 1, key: 'body', expected: `x${'a'.repeat(100)}`, actual: 'y' },
      ['d.txt:1: records[0].body: differs at character 0 (expected 101 characters, got 1)', `  expected: "x${'a'.repeat(39)}"…`, '  actual:   "y"'],
    ],
    [
      'an emoji at the edge is never cut in half',
      { kind: 'value', record: 0, line: 1, key: 'body', expected: `${'a'.repeat(59)}😀${'a'.repeat(39)}X`, actual: `${'a'.repeat(59)}😀${'a'.repeat(39)}Y` },
      ['d.txt:1: records[0].body: differs at character 100 (expected 101 characters, got 101)', `  expected: …"😀${'a'.repeat(39)}X"`, `  actual:   …"😀${'a'.repeat(39)}Y"`],
    ],
    ['control characters in values and messages, escaped', { kind: 'problem', line: 3, message: 'bad \u001b[31mRED\u009b\u202e' }, ['d.txt:3: bad \\x1b[31mRED\\x9b\\u202e']],
    [
      'C1 and bidi controls in a value, escaped as JSON',
      { kind: 'value', record: 0, line: 1, key: 'body', expected: 'a\u0085\u007f\u202eb', actual: '\u001b' },
      ['d.txt:1: records[0].body', '  expected: "a\\u0085\\u007f\\u202eb"', '  actual:   "\\u001b"'],
    ],
    ['a count', { kind: 'count', expected: 2, actual: 1 }, ['d.txt: expected 2 records, got 1']],
    ['a dump that should have failed', { kind: 'count', expected: 0, actual: 1 }, ['d.txt: expected to fail with no record, but it gave 1 record']],
    ['a problem', { kind: 'problem', line: null, message: 'empty file' }, ['d.txt: empty file']],
    ['a missing problem', { kind: 'missing problem', line: 7, message: 'not UTF-8' }, ['d.txt:7: expected a problem saying "not UTF-8", but there is none']],
    ['a warning', { kind: 'warning', record: 0, line: 4, warning: 'missing engagements' }, ['d.txt:4: records[0] has a warning (no NAME.json beside it, so none is allowed): missing engagements']],
  ])('%s', (_, difference, lines) => {
    expect(describeDifferences('d.txt', [difference], PLAIN)).toEqual(lines);
  });

  it('ends with the line CI tools read', () => {
    expect(summaryLine(6, 1)).toBe('6 passed, 1 failed');
    expect(summaryLine(1234, 0)).toBe('1,234 passed, 0 failed');
  });

  it('escapes control characters in the dump name', () => {
    expect(describeDifferences('evil\u001b]0;title\u0007.txt', [{ kind: 'count', expected: 2, actual: 1 }], PLAIN)).toEqual(['evil\\x1b]0;title\\x07.txt: expected 2 records, got 1']);
    expect(statusLine('evil\u001b[31m.txt', false, PLAIN)).toBe('FAIL evil\\x1b[31m.txt');
  });
});

describe('junitXml', () => {
  const odd = 'a <b> & "c" \'d\' \u0001 \uD800 \uFFFE 😀\r\nnext\tline';
  const xml = junitXml('postdump check', [
    { name: 'dumps/ok.txt', seconds: 0.5 },
    { name: 'dumps/bad.txt', failure: { message: odd, text: odd } },
    { name: 'top.txt', failure: { message: 'boom', text: 'internal error', error: true } },
  ]);
  // Parsed in each test, so a parse error fails the tests instead of hiding them.
  const testcases = () => findAll(loadXml(xml), 'testcase');

  it('loads in a strict XML parser, with the counts CI systems show', () => {
    const root = loadXml(xml);
    expect(root.name).toBe('testsuites');
    expect(findAll(root, 'testsuite').map((s) => s.attributes)).toEqual([{ name: 'postdump check', tests: '3', failures: '1', errors: '1', time: '0.500', skipped: '0' }]);
  });

  it('gives one testcase per dump and one failure per failing dump', () => {
    expect(testcases().map((c) => [c.attributes.name, c.attributes.classname, c.children.map((child) => child.name)])).toEqual([
      ['dumps/ok.txt', 'dumps', []],
      ['dumps/bad.txt', 'dumps', ['failure']],
      ['top.txt', '.', ['error']],
    ]);
  });

  it('keeps any text, writing what XML cannot hold as \\u escapes', () => {
    const kept = 'a <b> & "c" \'d\' \\u0001 \\ud800 \\ufffe 😀\r\nnext\tline';
    const failure = testcases()[1]?.children[0];
    expect(failure?.attributes.message).toBe(kept);
    expect(failure?.text).toBe(kept);
  });
});
