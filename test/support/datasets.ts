import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { COLUMN_KINDS } from '../../src/sinks/dataset/columns.js';
import type { RecordKey } from '../../src/pipeline/record/schema.js';

type Row = Record<string, unknown>;

/** A whole number as a JS number, refusing one that a double cannot hold exactly. */
function exactNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${value} is past 2^53`);
  return Number(value);
}

/** `2025-07-22T06:48:36.000Z` as the record writes it: `2025-07-22T06:48:36Z`. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** Runs SQL on DuckDB (in memory) and gives the rows as JS values (BIGINT as bigint, TIMESTAMPTZ as a Date). */
export async function duckdb(sql: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Row[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A Parquet file's rows read by DuckDB, turned back into records (typed values, checked, to JSON's). */
export async function parquetRecords(file: string): Promise<Row[]> {
  const rows = await duckdb(`SELECT * FROM read_parquet('${file}')`);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => {
        if (typeof value === 'bigint') return [key, exactNumber(value)];
        if (value instanceof Date) return [key, isoSeconds(value)];
        return [key, value];
      }),
    ),
  );
}

/** The `posts` table read by better-sqlite3, turned back into records (post_key left out): 0/1 to booleans, JSON text to arrays. */
export function sqliteRecords(file: string): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM posts ORDER BY post_key').all() as Row[];
    return rows.map((row) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([key]) => key !== 'post_key')
          .map(([key, value]) => {
            const { type } = COLUMN_KINDS[key as RecordKey];
            if (type === 'boolean') return [key, value === 1 ? true : value === 0 ? false : `not 0/1: ${String(value)}`];
            if (type === 'text list') return [key, JSON.parse(value as string)];
            return [key, value];
          }),
      ),
    );
  } finally {
    db.close();
  }
}

/** Runs a query on an SQLite file (read-only). */
export function sqlite(file: string, sql: string): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as Row[];
  } finally {
    db.close();
  }
}
