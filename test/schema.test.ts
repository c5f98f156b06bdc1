import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { decodeDump, parseDump } from '../src/index.js';
import { recordJsonSchemaText } from '../src/pipeline/record/json-schema.js';
import { RECORD_KEYS } from '../src/pipeline/record/schema.js';
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
    const { records } = parseDump(decodeDump(readFileSync(path.join(ROOT, dump)), dump), dump);
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
    { change: 'id as a number', record: { ...seed, id: 1947549321324285992 } },
    { change: 'timestamp not in UTC', record: { ...seed, created_at: '2025-07-22 06:48:36' } },
    { change: 'unknown scrambled key', record: { ...seed, scrambled: ['body'] } },
    { change: 'a missing key', record: Object.fromEntries(Object.entries(seed).filter(([key]) => key !== 'warnings')) },
    { change: 'an extra key', record: { ...seed, likes: 3 } },
  ])('refuses a record with $change', ({ record }) => {
    expect(validate(record)).toBe(false);
  });
});

describe('postdump with subcommands', () => {
  it('still converts a folder given as the first argument', async () => {
    const { code, stdout } = await runCli(['--fields', 'id', path.join(ROOT, 'fixtures/samples')]);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(8);
  });
});
