import type { PostRecord } from '../../pipeline/record/schema.js';

/**
 * Turns records into output text, piece by piece, so output streams: `start` before the first record,
 * `record` for each, `end` after the last. Pure and stateless, so any thread can format any run of records
 * and the text is the same: a record is always written as it follows another (a JSON array's `,` before
 * it); the output's first record opens with {@link opening} instead, which the writer of the output puts in
 * (it alone knows whether it has written a record yet).
 */
export interface RecordFormatter {
  start(): string;
  record(record: PostRecord): string;
  /** `empty`: no record was written at all (a JSON array is then `[]`). */
  end(empty: boolean): string;
  /** The character the output's first record starts with in place of its own first one (`[` for `,`). */
  readonly opening?: string;
}
