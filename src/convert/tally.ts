import type { DumpProblem } from '../pipeline/dump-parser.js';

/** A warning of a record, on its line: printed with `--strict`. */
export interface PlacedWarning {
  readonly line: number;
  readonly message: string;
}

/**
 * What reading an input (or one part of a big one) came to. The one count of a run: made where the records
 * are made, whichever thread that is, and summed by the thread that writes the output, in input order.
 */
export interface Tally {
  /** The input's name, as in records and messages. */
  readonly source: string;
  /** Its size in bytes when known before it was read (for progress); null for a stream. */
  readonly size: number | null;
  /** Bytes read. */
  bytes: number;
  /** Records made (before `--unique` drops any). */
  records: number;
  /** Records with warnings. */
  warned: number;
  /** With `--strict`: each warning, on its record's line. */
  readonly warnings: PlacedWarning[];
  /** Why the input, or part of it, gave no record. */
  readonly problems: DumpProblem[];
  /** This tally ends its input (a part of a big file before its last does not). */
  ends: boolean;
}

export function newTally(source: string, size: number | null): Tally {
  return { source, size, bytes: 0, records: 0, warned: 0, warnings: [], problems: [], ends: true };
}
