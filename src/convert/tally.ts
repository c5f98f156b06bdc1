import type { DumpProblem } from '../pipeline/dump-parser.js';
import { type WarningKind, warningKind } from '../pipeline/reconcile/warning-kinds.js';

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
  /** Warnings by kind (a kind none had is left out). */
  kinds: WarningCounts;
  /** With `--strict`: each warning, on its record's line. */
  readonly warnings: PlacedWarning[];
  /** Why the input, or part of it, gave no record. */
  readonly problems: DumpProblem[];
  /** This tally ends its input (a part of a big file before its last does not). */
  ends: boolean;
}

export function newTally(source: string, size: number | null): Tally {
  return { source, size, bytes: 0, records: 0, warned: 0, kinds: {}, warnings: [], problems: [], ends: true };
}

/** How many warnings of each kind. */
export type WarningCounts = Partial<Record<WarningKind, number>>;

/** Counts a record's warnings into `counts`, by kind. */
export function countKinds(counts: WarningCounts, messages: readonly string[]): void {
  for (const message of messages) {
    const kind = warningKind(message);
    if (kind !== null) counts[kind] = (counts[kind] ?? 0) + 1;
  }
}

/** Adds `more` into `into`. */
export function addKinds(into: WarningCounts, more: WarningCounts): void {
  for (const [kind, n] of Object.entries(more) as [WarningKind, number][]) into[kind] = (into[kind] ?? 0) + n;
}

/**
 * The sum of a run's tallies, kept current by convertInputs as each is told (in input order): what the
 * summary line and `--summary` say, also of a run stopped part-way.
 */
export interface RunTally {
  /** Inputs read to their end, and those of them that failed (gave no record, or part of it could not be read). */
  inputs: number;
  failedInputs: number;
  /** Why: each problem, in order. */
  readonly failures: DumpProblem[];
  /** Problems that are bugs in postdump. */
  bugs: number;
  /** Records written (after `--unique`). */
  records: number;
  /** Records `--unique` dropped. */
  dropped: number;
  /** Records with warnings, and their warnings by kind. */
  warned: number;
  readonly kinds: WarningCounts;
}

export function newRunTally(): RunTally {
  return { inputs: 0, failedInputs: 0, failures: [], bugs: 0, records: 0, dropped: 0, warned: 0, kinds: {} };
}
