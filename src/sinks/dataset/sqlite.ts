import type BetterSqlite3 from 'better-sqlite3';
import type { PostRecord, RecordKey } from '../../pipeline/record/schema.js';
import { COLUMN_KINDS } from './columns.js';
import { type RecordSink, SinkError } from '../record-sink.js';
import type { Place } from '../target/place.js';
import { createTempFor } from '../target/temp-file.js';

type DatabaseClass = typeof BetterSqlite3;

/** The keys that get an index, when they are among the fields. */
const INDEXED: readonly RecordKey[] = ['id', 'creator_name', 'created_at'];

/**
 * `-f sqlite`: the records as an SQLite database, written in one transaction into a temporary file that
 * is put in `target` at the end (see createTempFor). Table `posts`: one column per field; with `topics` among the
 * fields, table `topics` (post = posts.rowid, position from 0, topic) too, and with `links`, table `links`
 * (post, position, link) alike.
 */
export async function openSqliteSink(
  target: Place | string,
  fields: readonly RecordKey[],
  load: () => Promise<DatabaseClass> = loadBetterSqlite,
): Promise<RecordSink> {
  const Database = await load();
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

/** List keys that get a table of their own, one row per item: the key, and the column that holds the item. */
const LIST_TABLES = [
  { key: 'topics', item: 'topic' },
  { key: 'links', item: 'link' },
] as const;

/** The SQL for these fields: tables, the insert statements, the indexes (made after the rows: faster). */
function sqliteStatements(fields: readonly RecordKey[]) {
  const columns = fields.map((key) => {
    const { type, nullable } = COLUMN_KINDS[key];
    const sqlType = type === 'integer' || type === 'boolean' ? 'INTEGER' : 'TEXT';
    return `${quote(key)} ${sqlType}${nullable ? '' : ' NOT NULL'}`;
  });
  const lists = LIST_TABLES.filter(({ key }) => fields.includes(key));
  const createTables = [
    `CREATE TABLE posts (${columns.join(', ')});`,
    ...lists.map(({ key, item }) => `CREATE TABLE ${key} (post INTEGER NOT NULL, position INTEGER NOT NULL, ${item} TEXT NOT NULL, PRIMARY KEY (post, position));`),
  ].join('\n');
  const createIndexes = [
    ...INDEXED.filter((key) => fields.includes(key)).map((key) => `CREATE INDEX ${quote(`posts_${key}`)} ON posts (${quote(key)});`),
    ...lists.map(({ key, item }) => `CREATE INDEX ${key}_${item} ON ${key} (${item});`),
  ].join('\n');
  return {
    createTables,
    insertPost: `INSERT INTO posts (${fields.map(quote).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`,
    lists: lists.map(({ key, item }) => ({ key, insert: `INSERT INTO ${key} (post, position, ${item}) VALUES (?, ?, ?)` })),
    createIndexes,
  };
}

/** A record's values for SQLite: booleans as 0/1, arrays as JSON text (null stays NULL), the rest as they are. */
function sqliteRow(record: PostRecord, fields: readonly RecordKey[]): unknown[] {
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

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
