import type { Writable } from 'node:stream';
import { type DatasetFormat, isDatasetFormat, openDatasetSink } from './dataset/datasets.js';
import type { RecordSink } from './record-sink.js';
import { fileSink } from './target/file.js';
import { placeOf } from './target/place.js';
import { type TextSink, streamSink } from './target/stream.js';
import { type FormattedSink, openFormattedSink } from './text/formatted-sink.js';
import { FORMATS, type FormatName } from './text/formats.js';
import type { FormatOptions } from './text/options.js';

/** Where a run's records go: the record sink, and for a text format the text sink under it. */
export interface Output {
  /** The text output (null for a dataset). */
  readonly text: TextSink | null;
  readonly records: RecordSink;
  /** For a text format: records formatted and encoded elsewhere (by a parsing thread) are written here. */
  readonly formatted: FormattedSink | null;
  /** A file put in place only at the end (every dataset; `-o` to a regular file). */
  readonly atomic: boolean;
}

/**
 * Opens the output for a format: a text format to `file` (atomically, see fileSink) or else to `stdout`; a
 * dataset format (SQLite, Parquet) to `file`, which it needs. Throws a file system error or a SinkError.
 */
export async function openOutput(format: FormatName | DatasetFormat, options: FormatOptions, file: string | undefined, stdout: Writable): Promise<Output> {
  if (isDatasetFormat(format)) {
    if (!file) throw new Error(`-f ${format} needs -o FILE`); // refused as usage before this
    return { text: null, records: await openDatasetSink(format, await placeOf(file), options.fields), formatted: null, atomic: true };
  }
  const text = file ? await fileSink(file) : streamSink(stdout, { gather: true });
  const formatted = await openFormattedSink(text, FORMATS[format](options));
  return { text, records: formatted, formatted, atomic: text.atomic === true };
}
