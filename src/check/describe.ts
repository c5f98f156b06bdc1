import type { Difference } from './compare.js';

/** How parts of the report are shown: colours on a terminal, plain text elsewhere (CI logs, JUnit). */
export interface Paint {
  readonly ok: (text: string) => string;
  readonly fail: (text: string) => string;
  readonly expected: (text: string) => string;
  readonly actual: (text: string) => string;
}

export const PLAIN: Paint = { ok: String, fail: String, expected: String, actual: String };

/** Strings at least this long get a pointer to where they first differ, which a long body needs. */
const LONG_STRING = 40;

/** `ok   fixtures/a.txt` or `FAIL fixtures/a.txt`: the first line of each dump's result. */
export function statusLine(dump: string, passed: boolean, paint: Paint): string {
  return passed ? `${paint.ok('ok  ')} ${dump}` : `${paint.fail('FAIL')} ${dump}`;
}

/**
 * The differences as lines a person can act on, each starting with the dump's `path:line` so editors and
 * CI logs link to it, e.g. `fixtures/a.txt:1: records[0].engagements` then the expected and actual values.
 */
export function describeDifferences(dump: string, differences: readonly Difference[], paint: Paint): string[] {
  const at = (line: number | null) => `${dump}${line ? `:${line}` : ''}:`;
  return differences.flatMap((d): string[] => {
    switch (d.kind) {
      case 'value': {
        const lines = [`${at(d.line)} records[${d.record}].${d.key}`, `  expected: ${paint.expected(show(d.expected))}`, `  actual:   ${paint.actual(show(d.actual))}`];
        const from = firstDifference(d.expected, d.actual);
        if (from !== null) lines.push(`  (the strings part at character ${from})`);
        return lines;
      }
      case 'count':
        if (d.expected === 0) return [`${at(null)} expected to fail with no record, but it gave ${plural(d.actual, 'record')}`];
        return [`${at(null)} expected ${plural(d.expected, 'record')}, got ${d.actual}`];
      case 'problem':
        return [`${at(d.line)} ${d.bug ? 'internal error (a bug in postdump): ' : ''}${d.message}`];
      case 'warning':
        return [`${at(d.line)} records[${d.record}] has a warning (no NAME.json beside it, so none is allowed): ${d.warning}`];
    }
  });
}

/** `N passed, M failed`: the last line of a check, alone on its line, for CI tools to read. */
export function summaryLine(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}

/**
 * Values as JSON, so strings show their quotes and `null` is not `"null"`; characters that cannot be seen
 * (zero-width, non-breaking and other odd spaces) are escaped too, or two different values would look alike.
 */
function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  return JSON.stringify(value).replace(/(?! )[\p{Cf}\p{Z}]/gu, (c) => c.split('').map(escapeUnit).join(''));
}

/** One UTF-16 code unit as a JSON escape, e.g. `\u200b`. */
function escapeUnit(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The 0-based index where two long strings first differ, or null when that would not help. */
function firstDifference(a: unknown, b: unknown): number | null {
  if (typeof a !== 'string' || typeof b !== 'string' || Math.max(a.length, b.length) < LONG_STRING) return null;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
