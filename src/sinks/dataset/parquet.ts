import { closeSync, openSync, writeSync } from 'node:fs';
import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { PostRecord, RecordKey } from '../../pipeline/record/schema.js';
import { COLUMN_KINDS, type ColumnKind } from './columns.js';
import type { RecordSink } from '../record-sink.js';
import type { Place } from '../target/place.js';
import { createTempFor } from '../target/temp-file.js';

/**
 * A row group is written once it holds this many records or this many characters of text, whichever comes
 * first: so memory holds one group's values (and their encoding) at a time, whatever the input's size.
 */
export interface RowGroupLimits {
  readonly rows: number;
  readonly chars: number;
}
const ROW_GROUP_LIMITS: RowGroupLimits = { rows: 50_000, chars: 1 << 19 };
/**
 * Text that differs from post to post: plain, since trying a dictionary costs time and would not pay; a
 * body's min/max statistics would help no query.
 */
const DISTINCT_TEXT: readonly RecordKey[] = ['id', 'post_link', 'body'];
/** Encoded bytes are written to the file in pieces of about this size. */
const PIECE_BYTES = 1 << 20;

/** `-f parquet`: the records as a Parquet file, one column per field, put in `target` only at the end (see createTempFor). */
export async function openParquetSink(target: Place | string, fields: readonly RecordKey[], limits: RowGroupLimits = ROW_GROUP_LIMITS): Promise<RecordSink> {
  let fd = -1;
  const release = () => {
    if (fd >= 0) closeSync(fd);
    fd = -1;
  };
  const temp = await createTempFor(target, release);
  try {
    fd = openSync(temp.path, 'w');
  } catch (error) {
    await temp.discard();
    throw error;
  }
  const writer = new ParquetWriter({ writer: new FileWriter(fd), schema: parquetSchema(fields), createdBy: 'postdump' });
  const columns = fields.map(() => [] as unknown[]);
  let rows = 0;
  let chars = 0;
  const writeGroup = () => {
    if (rows === 0) return;
    const columnData = fields.map((name, i) => ({
      name,
      data: columns[i] as unknown[],
      ...(DISTINCT_TEXT.includes(name) ? { encoding: 'PLAIN' as const, statistics: name !== 'body' } : {}),
    }));
    void writer.write({ columnData, rowGroupSize: rows }); // synchronous: the file writer has no async flush
    for (const column of columns) column.length = 0;
    rows = 0;
    chars = 0;
  };
  return {
    write(record) {
      fields.forEach((key, i) => {
        const value = record[key];
        if (typeof value === 'string') chars += value.length;
        (columns[i] as unknown[]).push(parquetValue(COLUMN_KINDS[key], value));
      });
      rows++;
      if (rows >= limits.rows || chars >= limits.chars) writeGroup();
    },
    async close() {
      writeGroup();
      await writer.finish(); // synchronous with this file writer; awaited in case a later version is not
      release();
      await temp.commit();
    },
    async abort() {
      release();
      await temp.discard();
    },
  };
}

/** The Parquet schema: a root, then each field's elements (a list takes three: LIST, `list`, `element`). */
function parquetSchema(fields: readonly RecordKey[]): SchemaElement[] {
  return [{ name: 'root', num_children: fields.length }, ...fields.flatMap((key) => columnSchema(key, COLUMN_KINDS[key]))];
}

function columnSchema(name: string, { type, nullable }: ColumnKind): SchemaElement[] {
  const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
  switch (type) {
    case 'text':
      return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type }];
    case 'integer':
      return [{ name, type: 'INT64', repetition_type }];
    case 'timestamp':
      return [
        {
          name,
          type: 'INT64',
          converted_type: 'TIMESTAMP_MILLIS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
          repetition_type,
        },
      ];
    case 'boolean':
      return [{ name, type: 'BOOLEAN', repetition_type }];
    case 'text list':
      return [
        { name, converted_type: 'LIST', num_children: 1, repetition_type },
        { name: 'list', num_children: 1, repetition_type: 'REPEATED' },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ];
  }
}

/** A record value as the writer takes it: INT64 as bigint, a timestamp as milliseconds since 1970 (UTC). */
function parquetValue({ type }: ColumnKind, value: PostRecord[RecordKey]): unknown {
  if (value === null) return null;
  if (type === 'integer') return BigInt(value as number);
  if (type === 'timestamp') return Date.parse(value as string);
  return value;
}

/** hyparquet-writer's byte writer, handing its bytes to a file as they pile up instead of growing. */
class FileWriter extends ByteWriter {
  constructor(private readonly fd: number) {
    super(PIECE_BYTES + (PIECE_BYTES >> 2));
  }

  override ensure(size: number): void {
    if (this.index >= PIECE_BYTES) this.flush();
    super.ensure(size);
  }

  flush(): void {
    let done = 0;
    while (done < this.index) done += writeSync(this.fd, new Uint8Array(this.buffer, done, this.index - done));
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }
}
