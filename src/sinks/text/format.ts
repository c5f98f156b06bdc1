import type { PostRecord } from '../../pipeline/record/schema.js';

/**
 * Turns records into output text, piece by piece, so output streams: `start` before the first record,
 * `record` for each, `end` after the last. Pure and stateless: what depends on a record's place in the
 * output is passed in, so any thread can format any run of records (the two-thread path formats most of
 * them in a worker) and the text is the same. Where the text goes is the caller's business.
 */
export interface RecordFormatter {
  start(): string;
  /** `first`: this is the output's first record (a JSON array has no comma before it). */
  record(record: PostRecord, first: boolean): string;
  /** `empty`: no record was written at all (a JSON array is then `[]`). */
  end(empty: boolean): string;
}
