import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotTextError, decodeDump, parseDump } from '../src/index.js';
import { BIN, ROOT, fixturePairs, pickExpectedKeys } from './support/fixtures.js';

const pairs = fixturePairs();

/** Decodes and parses a dump as the CLI does: UTF-8 or UTF-16 with a mark; any other bytes are one problem. */
function parseBytes(bytes: Buffer, source: string) {
  let text: string;
  try {
    text = decodeDump(bytes, source);
  } catch (error) {
    if (!(error instanceof NotTextError)) throw error;
    return { records: [], problems: [{ source, line: null, message: error.message }] };
  }
  return parseDump(text, source);
}

describe('fixtures', () => {
  it('has the seed, the shared samples and at least 15 dumps', () => {
    const names = pairs.map((p) => p.dump);
    expect(names).toContain('fixtures/seed/000_b92caf215c590286.txt');
    expect(names.filter((n) => n.startsWith('fixtures/samples/')).length).toBeGreaterThanOrEqual(5);
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  it.each(pairs)('$dump parses to its expected records', ({ dump, expected }) => {
    const { records, problems } = parseBytes(readFileSync(path.join(ROOT, dump)), dump);
    expect(records.length).toBe(expected.length);
    expect(pickExpectedKeys(records, expected)).toEqual(expected);
    if (expected.length === 0) expect(problems).toHaveLength(1);
    else expect(problems).toEqual([]);
  });

  it.each(pairs)('$dump gives the same through the CLI', ({ dump, expected }) => {
    const result = spawnSync(process.execPath, [BIN, dump], { cwd: ROOT, encoding: 'utf8' });
    const records = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as object);
    expect(pickExpectedKeys(records, expected)).toEqual(expected);
    expect(records.length).toBe(expected.length);
    if (expected.length === 0) {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`postdump: ${dump}`);
    } else {
      expect(result.status).toBe(0);
      expect(records.every((r) => (r as { source_file: string }).source_file === dump)).toBe(true);
    }
  });
});
