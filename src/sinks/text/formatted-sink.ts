import type { TextSink } from '../target/stream.js';
import type { RecordFormatter } from './format.js';
import type { RecordSink } from '../record-sink.js';

/** Records as text (NDJSON, JSON, CSV, TSV) into a text sink: the formatter's start now, its end on close. */
export async function openFormattedSink(sink: TextSink, formatter: RecordFormatter): Promise<RecordSink> {
  try {
    await sink.write(formatter.start());
  } catch (error) {
    await sink.abort();
    throw error;
  }
  let empty = true;
  return {
    write(record) {
      const text = formatter.record(record, empty);
      empty = false;
      return sink.write(text);
    },
    async close() {
      await sink.write(formatter.end(empty));
      await sink.close();
    },
    abort: () => sink.abort(),
  };
}
