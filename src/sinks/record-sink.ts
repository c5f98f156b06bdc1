import type { PostRecord } from '../pipeline/record/schema.js';

/**
 * Where records go, one at a time, in input order. `close` finishes the output (a file sink puts its file
 * in place); `abort` drops it (a file sink leaves any earlier file untouched). Exactly one of them is called.
 */
export interface RecordSink {
  write(record: PostRecord): Promise<void> | void;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** An output that cannot be written for a reason a person can fix (a missing library): said as it is. */
export class SinkError extends Error {
  override name = 'SinkError';
}

/** An output postdump will not write, for the user's data there would be lost (a usage error: exit 2). */
export class OutputRefused extends SinkError {
  override name = 'OutputRefused';
}
