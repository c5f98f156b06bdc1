import { formatCount, plural } from '../text/count.js';
import { escapeControls } from '../text/escape-controls.js';
import type { Difference } from './compare.js';

/** How parts of the report are shown: colours on a terminal, plain text elsewhere (CI logs, JUnit). */
export interface Paint {
  readonly ok: (text: string) => string;
  readonly fail: (text: string) => string;
  readonly expected: (text: string) => string;
  readonly actual: (text: string) => string;
}

export const PLAIN: Paint = { ok: String, fail: String, expected: String, actual: String };

/** Characters shown on each side of where two long strings first differ. */
const CONTEXT = 40;

/** `ok   fixtures/a.txt` or `FAIL fixtures/a.txt`: the first line of each dump's result. */
export function statusLine(dump: string, passed: boolean, paint: Paint): string {
  return `${passed ? paint.ok('ok  ') : paint.fail('FAIL')} ${escapeControls(dump)}`;
}

/**
 * The differences as lines a person can act on, each starting with the dump's `path:line` so editors and
 * CI logs link to it, e.g. `fixtures/a.txt:1: records[0].engagements` then the expected and actual values.
 * Input-derived text (the path, messages, values) has its control characters escaped.
 */
export function describeDifferences(dump: string, differences: readonly Difference[], paint: Paint): string[] {
  const at = (line: number | null) => `${escapeControls(dump)}${line ? `:${line}` : ''}:`;
  return differences.flatMap((d): string[] => {
    switch (d.kind) {
      case 'value': {
        const from = partingPoint(d.expected, d.actual);
        if (from === null) {
          return [`${at(d.line)} records[${d.record}].${d.key}`, `  expected: ${paint.expected(show(d.expected))}`, `  actual:   ${paint.actual(show(d.actual))}`];
        }
        const [expected, actual] = [d.expected as string, d.actual as string];
        return [
          `${at(d.line)} records[${d.record}].${d.key}: differs at character ${formatCount(from)} (expected ${plural(expected.length, 'character')}, got ${formatCount(actual.length)})`,
          `  expected: ${paint.expected(around(expected, from))}`,
          `  actual:   ${paint.actual(around(actual, from))}`,
        ];
      }
      case 'count':
        if (d.expected === 0) return [`${at(null)} expected to fail with no record, but it gave ${plural(d.actual, 'record')}`];
        return [`${at(null)} expected ${plural(d.expected, 'record')}, got ${formatCount(d.actual)}`];
      case 'problem':
        return [`${at(d.line)} ${d.bug ? 'internal error (a bug in postdump): ' : ''}${escapeControls(d.message)}`];
      case 'warning':
        return [`${at(d.line)} records[${d.record}] has a warning (no NAME.json beside it, so none is allowed): ${escapeControls(d.warning)}`];
      case 'missing problem':
        return [`${at(d.line)} expected a problem saying ${show(d.message)}, but there is none`];
    }
  });
}

/** `N passed, M failed`: the last line of a check, alone on its line, for CI tools to read. */
export function summaryLine(passed: number, failed: number): string {
  return `${formatCount(passed)} passed, ${formatCount(failed)} failed`;
}

/**
 * Values as JSON, so strings show their quotes and `null` is not `"null"`; characters that cannot be seen
 * (zero-width, non-breaking and other odd spaces) or that act on a terminal (DEL, C1 controls, bidi
 * marks) are escaped too, or two different values would look alike.
 */
function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  return JSON.stringify(value).replace(/(?! )[\p{Cc}\p{Cf}\p{Z}]/gu, (c) => c.split('').map(escapeUnit).join(''));
}

/**
 * The part of a long string around `from`, {@link CONTEXT} characters each side, shown as JSON with `…`
 * outside the quotes where text was left out: `…"ere they differ"…`.
 */
function around(text: string, from: number): string {
  let start = Math.max(0, from - CONTEXT);
  let end = Math.min(text.length, from + CONTEXT);
  // Never split a surrogate pair: an emoji cut in half would show as an escape it is not.
  if (isLowSurrogate(text, start)) start--;
  if (isLowSurrogate(text, end)) end++;
  return `${start > 0 ? '…' : ''}${show(text.slice(start, end))}${end < text.length ? '…' : ''}`;
}

function isLowSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return index > 0 && unit >= 0xdc00 && unit <= 0xdfff;
}

/** One UTF-16 code unit as a JSON escape, e.g. `\u200b`. */
function escapeUnit(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * The 0-based index where two strings first differ, when either is too long to show whole (longer than
 * the context on both sides); null otherwise, and for other values.
 */
function partingPoint(a: unknown, b: unknown): number | null {
  if (typeof a !== 'string' || typeof b !== 'string' || Math.max(a.length, b.length) <= 2 * CONTEXT) return null;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
