import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { type ExpectedProblem, type ExpectedRecord, type Expectations, parseExpectations } from '../../src/check/expectations.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const BIN = path.join(ROOT, 'bin/postdump.js');

export interface FixturePair {
  /** Path relative to the project root, e.g. `fixtures/samples/s01-x-guest.txt`. */
  readonly dump: string;
  /** Expected records (possibly partial); [] means the dump must fail. */
  readonly expected: readonly ExpectedRecord[];
  /** Problems it must give besides its records (a bad byte, lines that give no record); [] for none. */
  readonly problems: readonly ExpectedProblem[];
  readonly expectations: Expectations;
}

/** Every `NAME.txt` under fixtures/ with its `NAME.json`, read as `postdump check` reads it. */
export function fixturePairs(): FixturePair[] {
  return fg
    .sync('fixtures/**/*.txt', { cwd: ROOT })
    .sort()
    .map((dump) => {
      const expectations = parseExpectations(readFileSync(path.join(ROOT, dump.replace(/\.txt$/, '.json')), 'utf8'));
      return { dump, expected: expectations.records, problems: expectations.problems ?? [], expectations };
    });
}

/** The expected keys of each record, picked from the actual ones, for an exact `toEqual`. */
export function pickExpectedKeys(actual: readonly object[], expected: readonly ExpectedRecord[]): Record<string, unknown>[] {
  return actual.map((record, i) => {
    const want = expected[i] ?? {};
    return Object.fromEntries(Object.keys(want).map((key) => [key, (record as Record<string, unknown>)[key]]));
  });
}
