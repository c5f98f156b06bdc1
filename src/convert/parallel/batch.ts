import { BytesParser } from '../../pipeline/bytes-parser.js';
import type { DumpProblem } from '../../pipeline/dump-parser.js';
import type { PostRecord } from '../../pipeline/record/schema.js';
import { EncodedOutput } from './encoded-output.js';
import type { RecordFormatter } from '../../sinks/text/format.js';

/** One small file of a batch: its name and where its bytes are in the batch's buffer. */
export interface BatchFile {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** What one file of a batch gave, besides its records. */
export interface FileDone {
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
  readonly files: readonly FileDone[];
}

/**
 * Parses each file of a batch as the sequential path does (one {@link BytesParser} per file, from its
 * start), through the whole pipeline. `formatter` null: record mode.
 */
export function parseBatch(id: number, files: readonly Uint8Array[], names: readonly string[], formatter: RecordFormatter | null, strict: boolean): BatchDone {
  let first: PostRecord | null = null;
  let firstFile = -1;
  const out = formatter ? new EncodedOutput(files.reduce((sum, bytes) => sum + bytes.length, 0) * 1.5) : null;
  const done: FileDone[] = [];
  files.forEach((bytes, i) => {
    const parser = new BytesParser(names[i] as string);
    const records = [...parser.push(bytes), ...parser.end()];
    let count = 0;
    let warned = 0;
    const warnings: { line: number; warnings: readonly string[] }[] = [];
    if (out && formatter) {
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
    done.push({ count, warned, warnings, problems: [...parser.problems], records: out ? null : records });
  });
  return { id, first, firstFile, bytes: out ? out.bytes() : new Uint8Array(0), files: done };
}
