import type { FormatName } from '../../sinks/text/formats.js';
import type { FormatOptions } from '../../sinks/text/options.js';
import type { DumpProblem } from '../../pipeline/dump-parser.js';
import type { PostRecord } from '../../pipeline/record/schema.js';
import type { BatchFile } from './batch.js';
import type { ByteRange } from './ranges.js';

/** What a worker is started with. */
export interface WorkerSetup {
  readonly path: string;
  /** The input's name in records and messages. */
  readonly source: string;
  readonly format: FormatName;
  readonly formatOptions: FormatOptions;
  /** Collect each record's warnings (for --strict), not only count them. */
  readonly strict: boolean;
}

/** Main → worker: the file's parts (sent once), then one part to parse at a time. */
export type ToWorker =
  | { readonly kind: 'ranges'; readonly ranges: readonly ByteRange[] }
  | { readonly kind: 'parse'; readonly start: number }
  /** An output buffer handed back once written: the worker fills it again (so no memory waits for a collection). */
  | { readonly kind: 'reuse'; readonly buffer: ArrayBuffer }
  /**
   * A batch of small files, by path: the worker reads and parses them into a BatchDone, formatted unless
   * `records` (then the records come as they are).
   */
  | { readonly kind: 'batch'; readonly id: number; readonly files: readonly BatchFile[]; readonly records: boolean };

/**
 * Worker → main: the records of parts `start` to `through` (the parse went on past a part's end until it
 * was between posts there). The first record comes as it is (the main thread formats it: only it knows
 * whether the record opens the output, as a JSON array must be told); the others come formatted and encoded.
 */
export interface PartDone {
  readonly start: number;
  readonly through: number;
  readonly first: PostRecord | null;
  /** The records after the first, formatted and encoded as UTF-8. */
  readonly rest: Uint8Array;
  readonly restCount: number;
  readonly restWarned: number;
  /** With --strict: each of the rest's records that has warnings, by line. */
  readonly warnings: readonly { readonly line: number; readonly warnings: readonly string[] }[];
  readonly problems: readonly DumpProblem[];
  /** The parser gave up: the input ends here, as in the sequential path. */
  readonly halted: boolean;
}
