import { RECORD_KEYS, type RecordKey } from '../pipeline/record/keys.js';
import type { PostRecord } from '../pipeline/record/schema.js';
import { nearestName } from '../text/nearest.js';

/** An expected record: any of the record's keys, each compared exactly; keys left out are not checked. */
export type ExpectedRecord = Partial<Record<RecordKey, unknown>>;

/** A problem a dump must give: on this line (null: the input as a whole), its message holding this text. */
export interface ExpectedProblem {
  readonly line: number | null;
  readonly message: string;
}

/**
 * What a `NAME.json` beside a dump says: its records (none = the dump must fail), and a note for people.
 * With `problems`, the dump must give exactly these problems too (a dump that gives records and names lines
 * it could not read); without, any problem fails a dump that must give records.
 */
export interface Expectations {
  readonly records: readonly ExpectedRecord[];
  readonly note: string | null;
  readonly problems?: readonly ExpectedProblem[];
}

/** A `NAME.json` that cannot be read as expectations; the message says what to fix. */
export class ExpectationsError extends Error {
  override name = 'ExpectationsError';
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(RECORD_KEYS);
const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['records', 'note', 'problems']);

/**
 * Reads a `NAME.json`: an array of expected records, or `{"records": [...], "note": "...", "problems": [...]}`
 * (`problems`: `{"line": 12, "message": "not UTF-8 text"}`, each message a part of the one expected).
 * `source_file` is dropped (it names where the dump was read from, not what it says). Unknown keys are
 * refused, so a typo (`engagement`) is reported instead of silently checking nothing. Throws {@link ExpectationsError}.
 */
export function parseExpectations(text: string): Expectations {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ExpectationsError(`not valid JSON: ${withLineAndColumn((error as Error).message, text)}`);
  }
  if (Array.isArray(json)) return { records: json.map(expectedRecord), note: null };
  if (!isPlainObject(json)) throw new ExpectationsError('expected an array of records or {"records": [...], "note": "..."}');
  const unknown = Object.keys(json).filter((key) => !TOP_LEVEL_KEYS.has(key));
  if (unknown.length > 0) throw new ExpectationsError(`unknown key ${JSON.stringify(unknown[0])}: only "records", "note" and "problems" belong at the top`);
  if (!Array.isArray(json.records)) throw new ExpectationsError('"records" must be an array');
  if (json.note !== undefined && typeof json.note !== 'string') throw new ExpectationsError('"note" must be a string');
  const read = { records: json.records.map(expectedRecord), note: (json.note as string | undefined) ?? null };
  if (json.problems === undefined) return read;
  if (!Array.isArray(json.problems)) throw new ExpectationsError('"problems" must be an array');
  return { ...read, problems: json.problems.map(expectedProblem) };
}

function expectedProblem(value: unknown, index: number): ExpectedProblem {
  const ok = isPlainObject(value) && (value.line === null || Number.isInteger(value.line)) && typeof value.message === 'string';
  if (!ok || Object.keys(value).some((key) => key !== 'line' && key !== 'message')) {
    throw new ExpectationsError(`problems[${index}] must be {"line": <number or null>, "message": "<part of the message>"}`);
  }
  return { line: value.line as number | null, message: value.message as string };
}

/**
 * The `NAME.json` text for what a dump gives now: whole records without `source_file`, in contract order,
 * under the kept note when there is one, and, when the dump gives records and problems, the problems (each
 * message up to its first `;`, the part that says what went wrong, without hints that name paths).
 * Two-space JSON and a final newline, like the files in fixtures/.
 */
export function formatExpectations(records: readonly PostRecord[], note: string | null, problems: readonly { line: number | null; message: string }[] = []): string {
  const bare = records.map(({ source_file: _source, ...rest }) => rest);
  const expected = records.length > 0 ? problems.map(({ line, message }) => ({ line, message: message.split('; ')[0] ?? message })) : [];
  if (note === null && expected.length === 0) return `${JSON.stringify(bare, null, 2)}\n`;
  return `${JSON.stringify({ ...(note === null ? {} : { note }), records: bare, ...(expected.length > 0 ? { problems: expected } : {}) }, null, 2)}\n`;
}

function expectedRecord(value: unknown, index: number): ExpectedRecord {
  if (!isPlainObject(value)) throw new ExpectationsError(`records[${index}] must be an object of record keys`);
  const unknown = Object.keys(value).find((key) => !KNOWN_KEYS.has(key));
  if (unknown !== undefined) {
    const near = nearestName(unknown, RECORD_KEYS);
    throw new ExpectationsError(`records[${index}]: unknown key ${JSON.stringify(unknown)}${near ? `: did you mean ${near}?` : ''} (a record has ${RECORD_KEYS.join(', ')})`);
  }
  const { source_file: _source, ...rest } = value;
  return rest;
}

/** Node 20 says only `at position 123`; people look for a line and a column. */
function withLineAndColumn(message: string, text: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined || message.includes('line')) return message;
  const before = text
    .replace(/^\uFEFF/, '')
    .slice(0, Number(position))
    .split('\n');
  return `${message} (line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1})`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
