import type { PostRecord } from '../../pipeline/record/schema.js';

/**
 * Turns records into output text, piece by piece, so output streams: `start` before the first record,
 * `record` for each, `end` after the last. Pure: the CLI decides where the text goes.
 */
export interface RecordFormatter {
  start(): string;
  record(record: PostRecord): string;
  end(): string;
}
