import type { Sink } from '../target/stream.js';
import type { RecordFormatter } from './format.js';
import type { RecordSink } from '../record-sink.js';

/** Records as text (NDJSON, JSON, CSV, TSV) into a text sink: the formatter's start now, its end on close. */
export async function openFormattedSink(sink: Sink, formatter: RecordFormatter): Promise<RecordSink> {
  try {
    await sink.write(formatter.start());
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return {
    write: (record) => sink.write(formatter.record(record)),
    async close() {
      await sink.write(formatter.end());
      await sink.close();
    },
    abort: () => sink.abort(),
  };
}
