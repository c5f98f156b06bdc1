import type { DumpResult } from '../pipeline/dump-parser.js';
import type { Expectations } from './expectations.js';
import { type WarningKind, warningKind } from '../pipeline/reconcile/warning-kinds.js';

/** One way a dump differs from what is expected of it. `record` is the index in the records (and in NAME.json). */
export type Difference =
  /** An expected key has another value. */
  | { readonly kind: 'value'; readonly record: number; readonly line: number; readonly key: string; readonly expected: unknown; readonly actual: unknown }
  /** The dump gave another number of records. */
  | { readonly kind: 'count'; readonly expected: number; readonly actual: number }
  /** The dump, or part of it, gave no record although records were expected (or postdump failed: `bug`). */
  | { readonly kind: 'problem'; readonly line: number | null; readonly message: string; readonly bug?: Error }
  /** A dump without NAME.json gave a record with a warning. */
  | { readonly kind: 'warning'; readonly record: number; readonly line: number; readonly warning: string }
  /** A problem NAME.json lists that the dump did not give. */
  | { readonly kind: 'missing problem'; readonly line: number | null; readonly message: string };

/**
 * Compares what a dump gave with what is expected of it; no difference means it passes.
 * - With expectations: the same number of records, and each expected key with the same value (deep, exact).
 *   No expected record means the dump must fail to parse. Expected problems, when listed, in order: each on
 *   its line, its message holding the expected text; none more, none fewer.
 * - Without (`null`, no NAME.json beside the dump): a health check, at least one record and no warnings
 *   (but those of the kinds in `allow`).
 */
export function compareDump(actual: DumpResult, expectations: Expectations | null, allow: ReadonlySet<WarningKind> = new Set()): Difference[] {
  const { records, problems } = actual;
  const differences: Difference[] = [];
  const mustFail = expectations !== null && expectations.records.length === 0;
  const listed = expectations?.problems;
  const unexpected = (problem: DumpResult['problems'][number]): Difference => ({ kind: 'problem', line: problem.line, message: problem.message, ...(problem.bug && { bug: problem.bug }) });
  if (listed) {
    let at = 0;
    for (const problem of problems) {
      const want = listed[at];
      if (!problem.bug && want && want.line === problem.line && problem.message.includes(want.message)) at++;
      else differences.push(unexpected(problem));
    }
    for (const want of listed.slice(at)) differences.push({ kind: 'missing problem', line: want.line, message: want.message });
  } else {
    // A dump that must fail fails with a problem; a bug is never the failure it should have.
    for (const problem of problems) if (!mustFail || problem.bug) differences.push(unexpected(problem));
  }
  if (expectations === null) {
    if (records.length === 0 && problems.length === 0) differences.push({ kind: 'problem', line: null, message: 'no record' });
    records.forEach((record, i) => {
      for (const warning of record.warnings) if (!allow.has(warningKind(warning) as WarningKind)) differences.push({ kind: 'warning', record: i, line: record.source_line, warning });
    });
    return differences;
  }
  const expected = expectations.records;
  if (records.length !== expected.length) differences.push({ kind: 'count', expected: expected.length, actual: records.length });
  for (let i = 0; i < Math.min(records.length, expected.length); i++) {
    const record = records[i] as unknown as Record<string, unknown> & { source_line: number };
    for (const [key, want] of Object.entries(expected[i] ?? {})) {
      if (!sameJson(record[key], want)) differences.push({ kind: 'value', record: i, line: record.source_line, key, expected: want, actual: record[key] });
    }
  }
  return differences;
}

/** Deep equality of JSON values: key order in objects does not matter, array order does. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
