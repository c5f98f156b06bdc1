import type { RecordKey } from '../../pipeline/record/schema.js';
import type { RecordSink } from '../record-sink.js';
import type { Place } from '../target/place.js';

/** Formats that are files with typed columns, not text: they need `-o FILE`. */
export const DATASET_FORMATS = ['sqlite', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export function isDatasetFormat(format: string): format is DatasetFormat {
  return (DATASET_FORMATS as readonly string[]).includes(format);
}

/** The sink for a dataset format; its library is loaded only now, so text formats never load it. */
export async function openDatasetSink(format: DatasetFormat, target: Place, fields: readonly RecordKey[]): Promise<RecordSink> {
  if (format === 'sqlite') return (await import('./sqlite.js')).openSqliteSink(target, fields);
  return (await import('./parquet.js')).openParquetSink(target, fields);
}
