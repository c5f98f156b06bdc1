import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDump } from '../src/check/compare.js';
import { parseDumpBytes } from '../src/index.js';
import { BIN, ROOT, fixturePairs, pickExpectedKeys } from './support/fixtures.js';

const pairs = fixturePairs();

describe('fixtures', () => {
  it('has the seed, the shared samples and at least 15 dumps', () => {
    const names = pairs.map((p) => p.dump);
    expect(names).toContain('fixtures/seed/000_b92caf215c590286.txt');
    expect(names.filter((n) => n.startsWith('fixtures/samples/')).length).toBeGreaterThanOrEqual(5);
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  it.each(pairs)('$dump parses to its expected records', ({ dump, expected, problems: listed, expectations }) => {
    const result = parseDumpBytes(readFileSync(path.join(ROOT, dump)), dump);
    const { records, problems } = result;
    expect(records.length).toBe(expected.length);
    expect(pickExpectedKeys(records, expected)).toEqual(expected);
    expect(compareDump(result, expectations)).toEqual([]);
    if (expected.length === 0) expect(problems).toHaveLength(Math.max(1, listed.length));
    else expect(problems).toHaveLength(listed.length);
  });

  it.each(pairs)('$dump gives the same through the CLI', ({ dump, expected, problems }) => {
    const result = spawnSync(process.execPath, [BIN, dump], { cwd: ROOT, encoding: 'utf8' });
    const records = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as object);
    expect(pickExpectedKeys(records, expected)).toEqual(expected);
    expect(records.length).toBe(expected.length);
    for (const { line, message } of problems) expect(result.stderr).toContain(`postdump: ${dump}${line === null ? '' : `:${line}`}: ${message}`);
    if (expected.length === 0 || problems.length > 0) {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`postdump: ${dump}`);
    } else {
      expect(result.status).toBe(0);
      expect(records.every((r) => (r as { source_file: string }).source_file === dump)).toBe(true);
    }
  });
});
