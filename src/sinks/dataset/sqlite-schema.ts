import type BetterSqlite3 from 'better-sqlite3';
import { RECORD_KEYS, type RecordKey } from '../../pipeline/record/schema.js';
import { COLUMN_KINDS } from './columns.js';

/** The file header's application_id ("pdmp"): a database postdump made says so. */
export const APPLICATION_ID = 0x70646d70;
/** The schema version, in the header's user_version. */
export const SCHEMA_VERSION = 2;

/** The keys that get an index on posts, when they are among the fields. */
const INDEXED: readonly RecordKey[] = ['id', 'creator_name', 'created_at'];

/** List keys that get a table of their own, one row per item: the key, and the column that holds the item. */
const LIST_TABLES = [
  { key: 'topics', item: 'topic' },
  { key: 'links', item: 'link' },
] as const;

/** Every table and index postdump makes (sqlite_autoindex_* and sqlite_sequence are SQLite's own). */
export const OWN_OBJECTS: ReadonlySet<string> = new Set([
  'posts',
  'topics',
  'links',
  'inputs',
  'observations',
  ...INDEXED.map((key) => `posts_${key}`),
  'topics_topic',
  'links_link',
  'inputs_archive',
  'observations_input',
]);

export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The SQL of schema 2 for these fields. `append`: the database an --append run keeps (every field, the
 * tables inputs and observations, posts.id unique). Indexes are apart: made after the first rows (faster).
 */
export function sqliteStatements(fields: readonly RecordKey[], append = false) {
  const columns = fields.map((key) => {
    const { type, nullable } = COLUMN_KINDS[key];
    const sqlType = type === 'integer' || type === 'boolean' ? 'INTEGER' : 'TEXT';
    return `${quote(key)} ${sqlType}${nullable ? '' : ' NOT NULL'}`;
  });
  const lists = LIST_TABLES.filter(({ key }) => fields.includes(key));
  const createTables = [
    `PRAGMA application_id = ${APPLICATION_ID};`,
    `PRAGMA user_version = ${SCHEMA_VERSION};`,
    `CREATE TABLE posts (post_key INTEGER PRIMARY KEY, ${columns.join(', ')});`,
    ...lists.map(
      ({ key, item }) => `CREATE TABLE ${key} (post INTEGER NOT NULL REFERENCES posts (post_key) ON DELETE CASCADE, position INTEGER NOT NULL, ${item} TEXT NOT NULL, PRIMARY KEY (post, position));`,
    ),
    ...(append
      ? [
          // Key never reused (AUTOINCREMENT): a later load has a larger key, which breaks ties.
          `CREATE TABLE inputs (input_key INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, archive INTEGER REFERENCES inputs (input_key) ON DELETE CASCADE, size INTEGER NOT NULL, modified_at TEXT NOT NULL, records INTEGER NOT NULL, problems TEXT NOT NULL, loaded_at TEXT NOT NULL);`,
          'CREATE INDEX inputs_archive ON inputs (archive);',
          `CREATE TABLE observations (post INTEGER NOT NULL REFERENCES posts (post_key) ON DELETE CASCADE, input INTEGER NOT NULL REFERENCES inputs (input_key) ON DELETE CASCADE, observed_at TEXT NOT NULL, source_line INTEGER NOT NULL, creator_followers INTEGER, engagements INTEGER, PRIMARY KEY (post, input)) WITHOUT ROWID;`,
          'CREATE INDEX observations_input ON observations (input);',
          // Found by id for every record loaded, so made at once, and unique: one row per post id.
          'CREATE UNIQUE INDEX posts_id ON posts (id);',
        ]
      : []),
  ].join('\n');
  const createIndexes = [
    ...INDEXED.filter((key) => fields.includes(key) && !(append && key === 'id')).map((key) => `CREATE INDEX IF NOT EXISTS ${quote(`posts_${key}`)} ON posts (${quote(key)});`),
    ...lists.map(({ key, item }) => `CREATE INDEX IF NOT EXISTS ${key}_${item} ON ${key} (${item});`),
  ].join('\n');
  return {
    createTables,
    insertPost: `INSERT INTO posts (${fields.map(quote).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`,
    updatePost: `UPDATE posts SET ${fields.map((key) => `${quote(key)} = ?`).join(', ')} WHERE post_key = ?`,
    lists: lists.map(({ key, item }) => ({ key, insert: `INSERT INTO ${key} (post, position, ${item}) VALUES (?, ?, ?)`, clear: `DELETE FROM ${key} WHERE post = ?` })),
    createIndexes,
  };
}

/** The fields of an --append database: all of them. */
export const APPEND_FIELDS: readonly RecordKey[] = RECORD_KEYS;

/** The tables, views, indexes and triggers of a database that postdump did not make, by name. */
export function foreignObjects(db: BetterSqlite3.Database): string[] {
  const rows = db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all() as { type: string; name: string }[];
  return rows.filter(({ name }) => !OWN_OBJECTS.has(name)).map(({ type, name }) => `${type} ${name}`);
}

/** The header of a database: which application made it, and its schema version. */
export function headerOf(db: BetterSqlite3.Database): { applicationId: number; userVersion: number } {
  return { applicationId: db.pragma('application_id', { simple: true }) as number, userVersion: db.pragma('user_version', { simple: true }) as number };
}

/** True when these bytes begin an SQLite database file. */
export function isSqliteHeader(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 16)).toString('latin1') === 'SQLite format 3\0';
}
