import { BytesParser } from './bytes-parser.js';
import { type DumpResult, DumpParser } from './dump-parser.js';

/** Parses a whole dump held in memory. `source` names it in records and problems (`-` for stdin). */
export function parseDump(text: string, source = '-'): DumpResult {
  const parser = new DumpParser(source);
  const records = parser.push(text);
  for (const record of parser.end()) records.push(record);
  return { records, problems: [...parser.problems] };
}

/**
 * Parses a whole dump given as bytes, with the checks the CLI applies to a file: a byte order mark is
 * dropped, and binary content or text that is not in the dump's encoding is a problem, never records
 * parsed from garbage. The records and problems are the CLI's for the same bytes (records found before
 * a bad byte included). Pure; never throws for bad input.
 */
export function parseDumpBytes(bytes: Uint8Array, source: string): DumpResult {
  const parser = new BytesParser(source);
  const records = parser.push(bytes);
  for (const record of parser.end()) records.push(record);
  return { records, problems: [...parser.problems] };
}
