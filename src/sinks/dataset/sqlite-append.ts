import type BetterSqlite3 from 'better-sqlite3';
import type { PostRecord } from '../../pipeline/record/schema.js';
import type { MemberStamp } from '../../sources/source.js';
import { onInterrupt } from '../../runtime/clean-ups.js';
import { OutputRefused, type RecordSink } from '../record-sink.js';
import { readSqliteHeader } from './sqlite-file.js';
import { APPEND_FIELDS, APPLICATION_ID, SCHEMA_VERSION, foreignObjects, headerOf, sqliteStatements } from './sqlite-schema.js';
import { loadBetterSqlite, sqliteRow } from './sqlite.js';

/** An input as --append knows it: its name as given, its size and modification time (ms) when it was looked at. */
export interface InputIdentity {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface InputToLoad {
  readonly name: string;
  readonly known: InputIdentity | null;
}

/** An --append database, open: what it has loaded, and a sink that loads more. */
export interface AppendDatabase {
  /** True when this input was loaded with this size and modification time (as of the open, or the last {@link refresh}). */
  unchanged(input: InputIdentity): boolean;
  /** Learns the inputs loaded since the open (by this database's sinks, or another writer), without reading the others again. */
  refresh(): void;
  /** A sink for the records of these inputs, in this order (`known` null: it could not be looked at, and is not recorded). */
  sink(inputs: readonly InputToLoad[]): AppendSink;
  close(): void;
}

export interface AppendSink extends RecordSink {
  /** A problem of the input being read, or of its member `source` (kept in that one's inputs.problems). */
  problem(source: string, message: string): void;
  /**
   * A member of the archive being read starts: it gets an inputs row of its own (`archive` → the archive's),
   * and its records are observed at its own time (the archive's when it records none).
   */
  member(name: string, stored: MemberStamp): void;
  /** The input being read has ended: all its records have been written. */
  endInput(): void;
}

/** A transaction holds whole inputs and is committed once it is this old, or holds this many records. */
const COMMIT_AFTER_MS = 500;
const COMMIT_AFTER_RECORDS = 50_000;
/** How often the event loop gets a turn (signals are handled then). */
const TURN_EVERY_MS = 50;

/**
 * Opens (or makes) the database `-f sqlite --append -o FILE` keeps: WAL, so readers see whole commits and
 * do not block the load. Refuses (OutputRefused) a database postdump did not make, an older schema, or one
 * an --append run did not make (a plain one: no inputs table).
 */
export async function openAppendDatabase(file: string): Promise<AppendDatabase> {
  const Database = await loadBetterSqlite();
  const exists = await readSqliteHeader(file);
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 60000'); // a second writer (cron and watch) waits its turn
    // A database with nothing in it yet (another --append may be making it this moment) is made here.
    if (exists && !isEmpty(db)) checkAppendable(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.exec('BEGIN IMMEDIATE');
    // Made by another writer meanwhile? Then it is checked as any database is.
    if (isEmpty(db)) db.exec(sqliteStatements(APPEND_FIELDS, true).createTables);
    db.exec('COMMIT');
    checkAppendable(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  const loaded = loadedInputs(db);
  return { ...loaded, sink: (inputs) => appendSink(db, inputs), close: () => db.close() };
}

/**
 * Each input loaded (archive members aside: an archive is skipped whole), as name → "SIZE MTIME_MS". Read as
 * one JSON text of three arrays, times converted by SQLite: a row object each, for 100,000 inputs, cost
 * several times as much in reading and garbage. Keys are never reused, and an input loaded again gets a new
 * one, so the rows past the largest key read are all that is new.
 */
function loadedInputs(db: BetterSqlite3.Database): Pick<AppendDatabase, 'unchanged' | 'refresh'> {
  const stamps = new Map<string, string>();
  const since = db
    .prepare(
      `SELECT json_array(max(input_key), json_group_array(name), json_group_array(size || ' ' || CAST(round(unixepoch(modified_at, 'subsec') * 1000) AS INTEGER)))
       FROM (SELECT input_key, name, size, modified_at FROM inputs WHERE input_key > ? AND archive IS NULL ORDER BY input_key)`,
    )
    .pluck();
  let lastKey = 0;
  const refresh = () => {
    const [key, names, sizesAndTimes] = JSON.parse(since.get(lastKey) as string) as [number | null, string[], string[]];
    names.forEach((name, index) => stamps.set(name, sizesAndTimes[index] as string));
    lastKey = key ?? lastKey;
  };
  refresh();
  return { refresh, unchanged: ({ name, size, mtimeMs }) => stamps.get(name) === `${size} ${mtimeMs}` };
}

/** No table, view or index, and no postdump header: a file just made, by this run or another. */
function isEmpty(db: BetterSqlite3.Database): boolean {
  return headerOf(db).applicationId === 0 && db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get() === undefined;
}

function checkAppendable(db: BetterSqlite3.Database, file: string): void {
  const { applicationId, userVersion } = headerOf(db);
  const hasInputs = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'inputs'").get() !== undefined;
  if (applicationId !== APPLICATION_ID) {
    const foreign = foreignObjects(db);
    const what = foreign.length > 0 ? `it holds ${foreign.join(', ')}` : 'it has no postdump schema';
    throw new OutputRefused(`--append: ${file} is an SQLite database postdump did not make (${what}): nothing was changed; give a new file to --append`);
  }
  if (userVersion < SCHEMA_VERSION) {
    throw new OutputRefused(`--append: ${file} has schema ${userVersion}, older than this postdump's ${SCHEMA_VERSION}: nothing was changed; load the inputs into a new file`);
  }
  if (userVersion > SCHEMA_VERSION) {
    throw new OutputRefused(`--append: ${file} has schema ${userVersion}, made by a newer postdump: nothing was changed`);
  }
  if (!hasInputs) throw new OutputRefused(`--append: ${file} was made without --append (it has no inputs table): nothing was changed; give a new file to --append`);
}

/** A row of inputs being filled: its key, the time its records are observed at, what it gave. */
interface InputRow {
  readonly key: number;
  observedAt: string;
  records: number;
  readonly problems: string[];
}

interface Winner {
  readonly observed_at: string;
  readonly input: number;
}

function appendSink(db: BetterSqlite3.Database, inputs: readonly InputToLoad[]): AppendSink {
  const statements = sqliteStatements(APPEND_FIELDS, true);
  const fields = APPEND_FIELDS;
  const sql = {
    findInput: db.prepare('SELECT input_key, size, modified_at FROM inputs WHERE name = ?'),
    insertInput: db.prepare("INSERT INTO inputs (name, archive, size, modified_at, records, problems, loaded_at) VALUES (?, ?, ?, ?, 0, '[]', ?)"),
    restamp: db.prepare('UPDATE inputs SET size = ?, modified_at = ? WHERE input_key = ?'),
    membersOf: db.prepare('SELECT input_key FROM inputs WHERE archive = ?').pluck(),
    finishInput: db.prepare('UPDATE inputs SET records = ?, problems = ? WHERE input_key = ?'),
    deleteInput: db.prepare('DELETE FROM inputs WHERE input_key = ?'),
    postsOf: db.prepare('SELECT post FROM observations WHERE input = ?').pluck(),
    deleteObservationsOf: db.prepare('DELETE FROM observations WHERE input = ?'),
    newest: db.prepare('SELECT observed_at, input, source_line, creator_followers, engagements FROM observations WHERE post = ? ORDER BY observed_at DESC, input DESC LIMIT 1'),
    deletePost: db.prepare('DELETE FROM posts WHERE post_key = ?'),
    takeNewest: db.prepare('UPDATE posts SET creator_followers = ?, engagements = ?, source_line = ?, source_file = (SELECT name FROM inputs WHERE input_key = ?) WHERE post_key = ?'),
    findPost: db.prepare('SELECT post_key FROM posts WHERE id = ?').pluck(),
    insertPost: db.prepare(statements.insertPost),
    updatePost: db.prepare(statements.updatePost),
    observe: db.prepare('INSERT OR REPLACE INTO observations (post, input, observed_at, source_line, creator_followers, engagements) VALUES (?, ?, ?, ?, ?, ?)'),
    lists: statements.lists.map(({ key, insert, clear }) => ({ key, insert: db.prepare(insert), clear: db.prepare(clear) })),
  };
  let index = 0;
  /** The input being loaded: its row (null: loaded already by another writer, or not to be recorded: its records skipped), and its archive members' rows. */
  let current: { row: InputRow | null; members: Map<string, InputRow> } | null = null;
  let inTransaction = false;
  let since = Date.now();
  let pending = 0;
  let firstLoad = db.prepare('SELECT 1 FROM posts LIMIT 1').get() === undefined;

  const begin = () => {
    if (inTransaction) return;
    // IMMEDIATE: the write lock now, so "loaded already?" below is asked of what this transaction will change.
    db.exec('BEGIN IMMEDIATE');
    inTransaction = true;
    since = Date.now();
    pending = 0;
  };
  const commit = () => {
    if (!inTransaction) return;
    db.exec('COMMIT');
    inTransaction = false;
  };
  /** Ctrl-C: between inputs what was loaded is kept; in the middle of one, back to the last commit. */
  const forget = onInterrupt(() => {
    try {
      if (inTransaction) db.exec(current ? 'ROLLBACK' : 'COMMIT');
      db.close();
    } catch {
      // the process ends anyway; SQLite rolls back what was not committed
    }
  });

  /** The input now being read starts: its old rows go (same transaction), its row is made. */
  const startInput = () => {
    const identity = inputs[index]?.known ?? null;
    begin();
    current = { row: null, members: new Map() };
    if (identity === null) return current;
    const old = findInput(identity.name);
    // Loaded by another writer meanwhile: nothing to do.
    if (old && old.size === identity.size && Date.parse(old.modified_at) === identity.mtimeMs) return current;
    if (old) forgetInput(old.input_key);
    current.row = addInput(identity.name, null, identity.size, identity.mtimeMs);
    return current;
  };
  const findInput = (name: string) => sql.findInput.get(name) as { input_key: number; size: number; modified_at: string } | undefined;
  const addInput = (name: string, archive: number | null, size: number, mtimeMs: number): InputRow => {
    const observedAt = new Date(mtimeMs).toISOString();
    const { lastInsertRowid } = sql.insertInput.run(name, archive, size, observedAt, new Date().toISOString());
    return { key: Number(lastInsertRowid), observedAt, records: 0, problems: [] };
  };

  /**
   * A changed input's rows (an archive's: its members' too): its observations go; a post seen nowhere else
   * goes, the others take their newest observation's counts.
   */
  const forgetInput = (key: number) => {
    for (const member of sql.membersOf.all(key) as number[]) forgetInput(member);
    const posts = sql.postsOf.all(key) as number[];
    sql.deleteObservationsOf.run(key);
    for (const post of posts) {
      const newest = sql.newest.get(post) as (Winner & { source_line: number; creator_followers: number | null; engagements: number | null }) | undefined;
      if (!newest) sql.deletePost.run(post);
      else sql.takeNewest.run(newest.creator_followers, newest.engagements, newest.source_line, newest.input, post);
    }
    sql.deleteInput.run(key);
  };

  const writePost = (record: PostRecord, key: number, observedAt: string) => {
    const row = sqliteRow(record, fields);
    let post = record.id === null ? undefined : (sql.findPost.get(record.id) as number | undefined);
    let wins = true;
    if (post === undefined) post = Number(sql.insertPost.run(row).lastInsertRowid);
    else {
      const newest = sql.newest.get(post) as Winner | undefined;
      // Newest observed wins; a tie goes to the later load (the larger key; the same input: its later copy).
      wins = !newest || observedAt > newest.observed_at || (observedAt === newest.observed_at && key >= newest.input);
      if (wins) {
        sql.updatePost.run(...row, post);
        for (const { clear } of sql.lists) clear.run(post);
      }
    }
    if (wins) for (const { key: list, insert } of sql.lists) record[list]?.forEach((item, position) => insert.run(post, position, item));
    sql.observe.run(post, key, observedAt, record.source_line, record.creator_followers, record.engagements);
  };

  /**
   * Records wait here until their input's end is told: several small inputs are read as one unit of work,
   * whose records all come before the first input's end. Each input's come first, in input order.
   */
  let queue: PostRecord[] = [];
  /** A record of the input being read, written now. */
  const writeNow = (record: PostRecord) => {
    const { row, members } = current ?? startInput();
    if (row === null) return;
    const into = members.get(record.source_file) ?? row;
    writePost(record, into.key, into.observedAt);
    into.records++;
    if (into !== row) row.records++; // an archive's records: all its members'
    pending++;
  };
  let lastTurn = Date.now();
  /** True when a record came from this input (itself, or a member when it is an archive). */
  const cameFrom = (record: PostRecord, name: string) => record.source_file === name || record.source_file.startsWith(`${name}!/`);

  return {
    write(record) {
      // Its input's records come first: written at once, so a big input is never held whole.
      const reading = inputs[index]?.name;
      if (queue.length === 0 && reading !== undefined && cameFrom(record, reading)) writeNow(record);
      else queue.push(record);
      // Reading small files never waits for the event loop, so a signal would wait for the run's end: let it in.
      if (Date.now() - lastTurn < TURN_EVERY_MS) return undefined;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          lastTurn = Date.now();
          resolve();
        }),
      );
    },
    problem(source, message) {
      const { row, members } = current ?? startInput();
      (members.get(source) ?? row)?.problems.push(message);
    },
    member(name, stored) {
      const { row, members } = current ?? startInput();
      if (row === null) return;
      const mtimeMs = stored.modifiedMs ?? Date.parse(row.observedAt);
      const again = members.get(name);
      if (again) {
        // Named twice in the archive (`tar -r` adds a newer copy): one row, with the later copy's figures.
        again.observedAt = new Date(mtimeMs).toISOString();
        sql.restamp.run(stored.size, again.observedAt, again.key);
        return;
      }
      const old = findInput(name);
      if (old) forgetInput(old.input_key); // a row of that name not of this archive (a folder named `ARCHIVE!`)
      members.set(name, addInput(name, row.key, stored.size, mtimeMs));
    },
    endInput() {
      const input = current ?? startInput();
      const name = inputs[index]?.name ?? '';
      let taken = 0;
      while (taken < queue.length && cameFrom(queue[taken] as PostRecord, name)) taken++;
      for (let at = 0; at < taken; at++) writeNow(queue[at] as PostRecord);
      queue = taken === queue.length ? [] : queue.slice(taken);
      for (const row of [input.row, ...input.members.values()]) if (row) sql.finishInput.run(row.records, JSON.stringify(row.problems), row.key);
      current = null;
      index++;
      if (Date.now() - since >= COMMIT_AFTER_MS || pending >= COMMIT_AFTER_RECORDS) commit();
    },
    async close() {
      if (queue.length > 0) throw new Error(`records of no input loaded: ${queue[0]?.source_file}`);
      commit();
      // A new database: its query indexes once it has rows (a killed first load leaves them to the next run).
      if (firstLoad || db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'posts_created_at'").pluck().get() === 0) {
        db.exec(statements.createIndexes);
        firstLoad = false;
      }
      forget();
    },
    async abort() {
      if (inTransaction) db.exec(current ? 'ROLLBACK' : 'COMMIT');
      inTransaction = false;
      forget();
    },
  };
}
