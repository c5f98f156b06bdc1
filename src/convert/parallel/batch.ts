import { BytesParser } from '../../pipeline/bytes-parser.js';
import type { DumpProblem } from '../../pipeline/dump-parser.js';
import type { PostRecord } from '../../pipeline/record/schema.js';
import { readSmallBytes } from '../../sources/read-ahead.js';
import { EncodedOutput } from './encoded-output.js';
import type { RecordFormatter } from '../../sinks/text/format.js';

/** One small file of a batch: its name in records and messages, and where to read it. */
export interface BatchFile {
  readonly name: string;
  readonly path: string;
  /** Listed by its folder as a regular file: read without a look first. */
  readonly regular: boolean;
}

/** What one file of a batch gave, besides its records. */
export interface FileDone {
  /** Its size in bytes, for progress. */
  readonly size: number;
  /** Its records (after the batch's first, see {@link BatchDone.first}) formatted into {@link BatchDone.bytes}, or 0 in record mode. */
  readonly count: number;
  readonly warned: number;
  /** With --strict, in text mode: each formatted record that has warnings, by line. */
  readonly warnings: readonly { readonly line: number; readonly warnings: readonly string[] }[];
  readonly problems: readonly DumpProblem[];
  /** In record mode: the file's records, as they are. */
  readonly records: readonly PostRecord[] | null;
}

/**
 * A batch of small files parsed, in file order. In text mode the batch's first record comes as it is (only
 * the main thread knows whether it opens the output, which a JSON array must be told) and the others come
 * formatted and encoded as UTF-8, one buffer for the whole batch; in record mode every record comes as it is
 * (for `--unique` and the datasets, which need the values).
 */
export interface BatchDone {
  readonly id: number;
  readonly first: PostRecord | null;
  /** The file {@link first} came from (-1 when there is none). */
  readonly firstFile: number;
  readonly bytes: Uint8Array;
  /** The files parsed: the batch's first ones, all of them unless {@link cut} says why not. */
  readonly files: readonly FileDone[];
  /**
   * Why the files after {@link files} were not parsed: `full`, the batch read {@link BATCH_BYTES} (the rest
   * is another batch); `notSmall`, the next file is not a small file read whole (it failed, is gzip, is
   * larger, grew), so the thread that writes the output opens it in its turn, as one thread would.
   */
  readonly cut: 'full' | 'notSmall' | null;
}

/** A batch stops reading at this many bytes: a few milliseconds of parsing, and its output stays small. */
export const BATCH_BYTES = 256 << 10;

/**
 * Reads and parses each file of a batch as the sequential path does (one {@link BytesParser} per file, from
 * its start), through the whole pipeline, on whichever thread calls it. `formatter` null: record mode.
 * `spare`: output buffers written out, filled again before a new one is made.
 */
export function parseBatch(id: number, files: readonly BatchFile[], formatter: RecordFormatter | null, strict: boolean, spare: ArrayBuffer[] = []): BatchDone {
  let first: PostRecord | null = null;
  let firstFile = -1;
  let out: EncodedOutput | null = null;
  let read = 0;
  let cut: BatchDone['cut'] = null;
  const done: FileDone[] = [];
  for (const [i, file] of files.entries()) {
    if (read >= BATCH_BYTES) {
      cut = 'full';
      break;
    }
    const bytes = readSmallBytes(file.path, file.regular);
    if (bytes === null) {
      cut = 'notSmall';
      break;
    }
    read += bytes.length;
    const parser = new BytesParser(file.name);
    const records = parser.end(bytes);
    let count = 0;
    let warned = 0;
    const warnings: { line: number; warnings: readonly string[] }[] = [];
    if (formatter) {
      // Sized from the first file: files of a folder tend to be alike.
      out ??= new EncodedOutput(Math.min(bytes.length * (files.length - i), BATCH_BYTES) * 1.5, spare);
      for (const record of records) {
        if (first === null) {
          first = record;
          firstFile = i;
          continue;
        }
        out.write(formatter.record(record, false));
        count++;
        if (record.warnings.length > 0) {
          warned++;
          if (strict) warnings.push({ line: record.source_line, warnings: record.warnings });
        }
      }
    }
    done.push({ size: bytes.length, count, warned, warnings, problems: [...parser.problems], records: formatter ? null : records });
  }
  return { id, first, firstFile, bytes: out ? out.bytes() : new Uint8Array(0), files: done, cut };
}
