import { DumpDecoder, NotTextError } from './decode/decode.js';
import { type DumpResult, DumpParser } from './dump-parser.js';
import type { PostRecord } from './record/schema.js';

/** Text is decoded this much at a time: V8 and ICU are much slower on pieces from 128 KiB to 512 KiB. */
export const DECODE_BYTES = 1 << 16;

/**
 * Parses a whole dump given as bytes, with the checks the CLI applies to a file: a byte order mark is
 * dropped, and binary content or text that is not in the dump's encoding is a problem, never records
 * parsed from garbage. The records and problems are the CLI's for the same bytes (records found before
 * a bad byte included). Pure; never throws for bad input.
 */
export function parseDumpBytes(bytes: Uint8Array, source: string): DumpResult {
  const decoder = new DumpDecoder(source);
  const parser = new DumpParser(source);
  const records: PostRecord[] = [];
  try {
    for (let at = 0; at < bytes.length; at += DECODE_BYTES) records.push(...parser.push(decoder.push(bytes.subarray(at, at + DECODE_BYTES))));
    records.push(...parser.push(decoder.end()));
  } catch (error) {
    if (!(error instanceof NotTextError)) throw error;
    return { records, problems: [...parser.problems, { source, line: null, message: error.message }] };
  }
  records.push(...parser.end());
  return { records, problems: [...parser.problems] };
}
