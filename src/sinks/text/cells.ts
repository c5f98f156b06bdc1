import type { PostRecord, RecordKey } from '../../pipeline/record/schema.js';
import { escapeFormula } from './formula.js';

/** Joins the items of an array value (`topics`, `scrambled`, `warnings`) in one cell. */
const ARRAY_SEPARATOR = '|';

type Value = PostRecord[RecordKey];

/**
 * One record value as one spreadsheet cell, the same rule for every column: null is an empty cell,
 * booleans are `true`/`false`, numbers plain digits, arrays joined with `|`. Text (strings and joined
 * arrays) may be formula-escaped; numbers and booleans never need it.
 */
export function toCell(value: Value, escapeFormulas: boolean): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Counts are safe integers (the schema caps them), so String() gives plain digits, never an exponent.
  if (typeof value === 'number') return String(value);
  const text = Array.isArray(value) ? value.join(ARRAY_SEPARATOR) : value;
  return escapeFormulas ? escapeFormula(text) : text;
}

const TSV_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };

/** TSV has no quoting: tab, line breaks and backslash inside a value are written `\t` `\n` `\r` `\\`. */
export function escapeTsv(cell: string): string {
  return cell.replace(/[\t\n\r\\]/g, (char) => TSV_ESCAPES[char] ?? char);
}
