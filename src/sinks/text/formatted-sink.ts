import type { TextSink } from '../target/stream.js';
import type { RecordFormatter } from './format.js';
import type { RecordSink } from '../record-sink.js';

/** Records as text into a text sink: formatted here one by one, or formatted (and encoded) elsewhere. */
export interface FormattedSink extends RecordSink {
  /**
   * Records formatted with the same formatter's {@link RecordFormatter.record} and encoded as UTF-8, by any
   * thread. With `reuse`, resolves once the bytes are written out (see TextSink.writeBytes).
   */
  writeFormatted(bytes: Uint8Array, reuse?: boolean): Promise<void>;
}

/**
 * Records as text (NDJSON, JSON, CSV, TSV) into a text sink: the formatter's start now, its end on close. It
 * alone knows whether a record was written yet: the output's first record opens with the formatter's
 * {@link RecordFormatter.opening} (a JSON array's `[` for the `,` every record is formatted with).
 */
export async function openFormattedSink(sink: TextSink, formatter: RecordFormatter): Promise<FormattedSink> {
  try {
    await sink.write(formatter.start());
  } catch (error) {
    await sink.abort();
    throw error;
  }
  const opening = formatter.opening?.charCodeAt(0);
  let empty = true;
  return {
    write(record) {
      const text = formatter.record(record);
      const first = empty && opening !== undefined;
      empty = false;
      return sink.write(first ? String.fromCharCode(opening) + text.slice(1) : text);
    },
    async writeFormatted(bytes, reuse) {
      if (bytes.length === 0) return;
      if (empty && opening !== undefined) bytes[0] = opening;
      empty = false;
      await sink.writeBytes(bytes, reuse);
    },
    async close() {
      await sink.write(formatter.end(empty));
      await sink.close();
    },
    abort: () => sink.abort(),
  };
}
