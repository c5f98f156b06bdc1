import type BetterSqlite3 from 'better-sqlite3';
import type { PostRecord, RecordKey } from '../../pipeline/record/schema.js';
import { rm } from 'node:fs/promises';
import { OutputRefused, type RecordSink, SinkError } from '../record-sink.js';
import { foreignObjects, sqliteStatements } from './sqlite-schema.js';
import { readSqliteHeader } from './sqlite-file.js';
import type { Place } from '../target/place.js';
import { createTempFor } from '../target/temp-file.js';

type DatabaseClass = typeof BetterSqlite3;

/**
 * `-f sqlite`: the records as an SQLite database, written in one transaction into a temporary file that
 * is put in `target` at the end (see createTempFor). Schema 2 (see sqlite-schema.ts): table `posts`, post_key
 * then one column per field; with `topics` among the fields, table `topics` (post → posts.post_key, position
 * from 0, topic) too, and with `links`, table `links` (post, position, link) alike. An SQLite database there
 * that holds tables postdump did not make is refused (OutputRefused), and left as it was.
 */
export async function openSqliteSink(target: Place | string, fields: readonly RecordKey[], load: () => Promise<DatabaseClass> = loadBetterSqlite): Promise<RecordSink> {
  const Database = await load();
  if (typeof target !== 'string' && target.kind === 'file') await refuseForeign(Database, target.path);
  let db: BetterSqlite3.Database | null = null;
  const release = () => {
    db?.close();
    db = null;
  };
  const temp = await createTempFor(target, release);
  try {
    const statements = sqliteStatements(fields);
    const open = new Database(temp.path);
    db = open;
    // No journal file and no syncing: the temporary file is thrown away on failure, and the rename makes it
    // whole. (better-sqlite3 refuses `journal_mode = OFF`; a new file's journal in memory stays small.)
    open.pragma('journal_mode = MEMORY');
    open.pragma('synchronous = OFF');
    open.exec(statements.createTables);
    open.exec('BEGIN');
    const insertPost = open.prepare(statements.insertPost);
    const lists = statements.lists.map(({ key, insert }) => ({ key, insert: open.prepare(insert) }));
    return {
      write(record) {
        const { lastInsertRowid } = insertPost.run(sqliteRow(record, fields));
        for (const { key, insert } of lists) record[key]?.forEach((item, position) => insert.run(lastInsertRowid, position, item));
      },
      async close() {
        open.exec(statements.createIndexes);
        open.exec('COMMIT');
        release();
        // The write-ahead log of the database replaced (an --append one) would be read into the new file.
        if (typeof target !== 'string' && target.kind === 'file') for (const suffix of ['-wal', '-shm']) await rm(target.path + suffix, { force: true });
        await temp.commit();
      },
      async abort() {
        release();
        await temp.discard();
      },
    };
  } catch (error) {
    release();
    await temp.discard();
    throw error;
  }
}

/** Refuses to replace an SQLite database holding tables (views, indexes, triggers) that postdump did not make. */
async function refuseForeign(Database: DatabaseClass, file: string): Promise<void> {
  if (!(await readSqliteHeader(file))) return;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let foreign: string[];
  try {
    foreign = foreignObjects(db);
  } finally {
    db.close();
  }
  if (foreign.length > 0) {
    throw new OutputRefused(
      `${file} is an SQLite database holding what postdump did not make (${foreign.join(', ')}): not replaced; write to another file, or use --append to add to a database postdump made`,
    );
  }
}

/** A record's values for SQLite: booleans as 0/1, arrays as JSON text (null stays NULL), the rest as they are. */
export function sqliteRow(record: PostRecord, fields: readonly RecordKey[]): unknown[] {
  return fields.map((key) => {
    const value = record[key];
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (Array.isArray(value)) return JSON.stringify(value);
    return value;
  });
}

/**
 * better-sqlite3 is an optional dependency (a native module: its install may fail), loaded only for this
 * format. Opening a database in memory checks that its compiled part loads too.
 */
export async function loadBetterSqlite(importer: () => Promise<{ default: DatabaseClass }> = () => import('better-sqlite3')): Promise<DatabaseClass> {
  try {
    const { default: Database } = await importer();
    new Database(':memory:').close();
    return Database;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SinkError(
      `-f sqlite needs better-sqlite3, an optional dependency that is not installed or does not load on Node ${process.versions.node} (${reason}); install it with: npm install better-sqlite3@12`,
    );
  }
}
