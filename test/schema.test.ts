import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseDump, parseDumpBytes } from '../src/index.js';
import { recordJsonSchemaText } from '../src/pipeline/record/json-schema.js';
import { RECORD_KEYS } from '../src/pipeline/record/schema.js';
import { PostRecordSchema } from '../src/pipeline/record/schema.js';
import { runCli } from './support/cli.js';
import { ROOT, fixturePairs } from './support/fixtures.js';

const SCHEMA_FILE = path.join(ROOT, 'schema/record.schema.json');
const committed = readFileSync(SCHEMA_FILE, 'utf8');
const schema = JSON.parse(committed) as { properties: object };
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

describe('the JSON Schema', () => {
  it('committed in schema/record.schema.json is the one zod generates (npm run schema regenerates it)', () => {
    expect(committed).toBe(recordJsonSchemaText());
  });

  it('is what `postdump schema` prints', async () => {
    const { code, stdout } = await runCli(['schema']);
    expect(code).toBe(0);
    expect(stdout).toBe(committed);
  });

  it('lists the properties in record order', () => {
    expect(Object.keys(schema.properties)).toEqual(RECORD_KEYS);
  });

  it.each(fixturePairs().filter((pair) => pair.expected.length > 0))('validates every record of $dump', ({ dump }) => {
    const { records } = parseDumpBytes(readFileSync(path.join(ROOT, dump)), dump);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      validate(record);
      expect(validate.errors ?? []).toEqual([]);
    }
  });

  const { records } = parseDump(readFileSync(path.join(ROOT, 'fixtures/seed/000_b92caf215c590286.txt'), 'utf8'), 'seed.txt');
  const seed = records[0]!;
  it.each([
    { change: 'scrambled count as text', record: { ...seed, engagements: 'XXXXXXX' } },
    { change: 'scrambled count as 0.5', record: { ...seed, creator_followers: 0.5 } },
    { change: 'id as a number', record: { ...seed, id: 1947549321324286000 } },
    { change: 'timestamp not in UTC', record: { ...seed, created_at: '2025-07-22 06:48:36' } },
    { change: 'unknown scrambled key', record: { ...seed, scrambled: ['body'] } },
    { change: 'a missing key', record: Object.fromEntries(Object.entries(seed).filter(([key]) => key !== 'warnings')) },
    { change: 'an extra key', record: { ...seed, likes: 3 } },
  ])('refuses a record with $change', ({ record }) => {
    expect(validate(record)).toBe(false);
  });
});

const GOOD = {
  id: 'tweet::1',
  post_type: 'tweet',
  network: 'x',
  post_link: null,
  creator_name: 'ann',
  creator_display_name: null,
  creator_followers: 5,
  created_at: null,
  body: '',
  links: null,
  engagements: null,
  topics: [],
  guest_mode: false,
  scrambled: [],
  source_file: 'a.txt',
  source_line: 1,
  warnings: [],
};
const BROKEN: [string, object, string][] = [
  ['an empty id', { ...GOOD, id: '' }, 'id: Too small: expected string to have >=1 characters'],
  ['a fraction of a follower', { ...GOOD, creator_followers: 1.5 }, 'creator_followers: Invalid input: expected int, received number'],
  ['a key the contract does not have', { ...GOOD, extra: 1 }, '(record): Unrecognized key: "extra"'],
  ['a key scrambled that cannot be', { ...GOOD, scrambled: ['body'] }, 'scrambled.0: Invalid option: expected one of "creator_followers"|"engagements"'],
  ['a local time', { ...GOOD, created_at: '2026-01-01 10:00' }, 'created_at: Invalid string: must match pattern /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$/'],
  ['line 0', { ...GOOD, source_line: 0 }, 'source_line: Too small: expected number to be >=1'],
];

/** What zod says of a record that breaks the contract. */
function brokenBy(record: object): string {
  const result = PostRecordSchema.safeParse(record);
  return result.success ? 'nothing' : result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
}

describe('the schema is the contract', () => {
  it.each(BROKEN)('%s breaks it, told in words', (_name, record, message) => {
    expect(brokenBy(record)).toBe(message);
  });

  it('has the record keys, in their order', () => {
    expect(Object.keys(PostRecordSchema.shape)).toEqual(RECORD_KEYS);
  });

  it('composes with the full zod API, as built', async () => {
    const { z } = await import('zod');
    const { PostRecordSchema: built } = (await import(path.join(ROOT, 'dist/index.js'))) as typeof import('../src/index.js');
    const many = z.array(built);
    expect(many.parse([GOOD, GOOD])).toEqual([GOOD, GOOD]);
    expect(many.safeParse([GOOD, { ...GOOD, id: '' }]).error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[[1, 'id'], 'Too small: expected string to have >=1 characters']]);
  });
});

describe('postdump with subcommands', () => {
  it('still converts a folder given as the first argument', async () => {
    const { code, stdout } = await runCli(['--fields', 'id', path.join(ROOT, 'fixtures/samples')]);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(11);
  });
});
