import { type PostRecord, RECORD_KEYS, type RecordKey } from '../pipeline/record/schema.js';

/** An expected record: any of the record's keys, each compared exactly; keys left out are not checked. */
export type ExpectedRecord = Partial<Record<RecordKey, unknown>>;

/** What a `NAME.json` beside a dump says: its records (none = the dump must fail), and a note for people. */
export interface Expectations {
  readonly records: readonly ExpectedRecord[];
  readonly note: string | null;
}

/** A `NAME.json` that cannot be read as expectations; the message says what to fix. */
export class ExpectationsError extends Error {
  override name = 'ExpectationsError';
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(RECORD_KEYS);
const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['records', 'note']);

/**
 * Reads a `NAME.json`: an array of expected records, or `{"records": [...], "note": "..."}`.
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
  if (unknown.length > 0) throw new ExpectationsError(`unknown key ${JSON.stringify(unknown[0])}: only "records" and "note" belong at the top`);
  if (!Array.isArray(json.records)) throw new ExpectationsError('"records" must be an array');
  if (json.note !== undefined && typeof json.note !== 'string') throw new ExpectationsError('"note" must be a string');
  return { records: json.records.map(expectedRecord), note: json.note ?? null };
}

/**
 * The `NAME.json` text for what a dump gives now: whole records without `source_file`, in contract order,
 * under the kept note when there is one. Two-space JSON and a final newline, like the files in fixtures/.
 */
export function formatExpectations(records: readonly PostRecord[], note: string | null): string {
  const bare = records.map(({ source_file: _source, ...rest }) => rest);
  return `${JSON.stringify(note === null ? bare : { note, records: bare }, null, 2)}\n`;
}

function expectedRecord(value: unknown, index: number): ExpectedRecord {
  if (!isPlainObject(value)) throw new ExpectationsError(`records[${index}] must be an object of record keys`);
  const unknown = Object.keys(value).find((key) => !KNOWN_KEYS.has(key));
  if (unknown !== undefined) throw new ExpectationsError(`records[${index}]: unknown key ${JSON.stringify(unknown)} (a record has ${RECORD_KEYS.join(', ')})`);
  const { source_file: _source, ...rest } = value;
  return rest;
}

/** Node 20 says only `at position 123`; people look for a line and a column. */
function withLineAndColumn(message: string, text: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined || message.includes('line')) return message;
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(position)).split('\n');
  return `${message} (line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1})`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
