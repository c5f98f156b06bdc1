import { type FSWatcher, type Stats, watch as watchFolder } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Readable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { statOrNull } from '../../sources/stat-or-null.js';
import { walkFolder, walkReads } from '../../sources/walk.js';
import { chosenColour, colourOption } from '../colour.js';
import { EXIT } from '../exit-codes.js';
import { paletteFor } from '../paint.js';
import { INTERRUPTS, type Interrupt, interruptExitCode, onStopRequest } from '../process.js';
import { Reporter } from '../report.js';
import { OutputRefused } from '../../sinks/record-sink.js';
import type { AppendDatabase } from './append-output.js';
import { convert } from './convert.js';

/** Paths per load, at most: a run's memory grows with its inputs, and watch may be handed a burst of any size. */
const LOAD_AT_MOST = 1000;

export interface WatchIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; write(text: string): boolean };
  readonly env: NodeJS.ProcessEnv;
}

interface WatchOptions {
  readonly format: string;
  readonly output?: string;
  readonly settle: number;
  readonly quiet: boolean;
}

/**
 * `postdump watch PATH... -f sqlite -o DB`: loads like --append, then follows the folders (fs.watch on each
 * folder: a recursive watch is not reliable on Linux with Node 20) and loads each new or changed dump once it
 * has had no event, and its modification time is, --settle old. Runs until a signal: the first lets the load
 * under way finish and exits 0, a second exits at once.
 */
export function addWatchCommand(program: Command, io: WatchIo, done: (code: number) => void): void {
  program
    .command('watch')
    .description('load dumps into an SQLite database as --append does, then keep loading new and changed ones as they appear (until Ctrl-C)')
    .argument('<paths...>', 'dump files, archives or folders (new sub-folders are followed too)')
    .addOption(new Option('-f, --format <format>', 'output format: sqlite (the only one watch writes)').default('sqlite'))
    .option('-o, --output <db>', 'the SQLite database to keep current (made when absent)')
    .addOption(new Option('--settle <ms>', 'load a file once it has not changed for this long').default(1000).argParser(parseSettle))
    .option('-q, --quiet', 'no line per load on a terminal (errors are still printed)')
    .addOption(colourOption())
    .action(async (paths: string[], options: WatchOptions, command: Command) => {
      const reporter = new Reporter(io.stderr as never, await paletteFor(chosenColour(command), io.stderr as never, io.env));
      if (options.format.toLowerCase() !== 'sqlite' || !options.output) {
        command.error('error: watch writes an SQLite database: postdump watch dumps/ -f sqlite -o posts.db', { exitCode: EXIT.usage });
        return;
      }
      done(await watchPaths(paths, { ...options, output: options.output }, io, reporter));
    });
}

function parseSettle(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0) throw new InvalidArgumentError('--settle takes a whole number of milliseconds (0 or more).');
  return ms;
}

async function watchPaths(paths: readonly string[], options: WatchOptions & { output: string }, io: WatchIo, reporter: Reporter): Promise<number> {
  const convertIo = { stdin: Readable.from([]), stdout: io.stdout as never, stderr: { write: () => true } as never, reporter };
  /** The database, kept open across loads once the first is done: no open, no read of its inputs table, no checkpoint on close per load. */
  let kept = null as { database: AppendDatabase; file: Stats | null } | null;
  const convertAll = (targets: readonly string[]) => convert(targets, { format: 'sqlite', output: options.output, append: true, appendTo: kept?.database, strict: false, quiet: true }, convertIo);
  /** Loads these paths; a folder with no dump in it yet is no error here: it is left out. */
  const load = async (targets: readonly string[]) => {
    const some: string[] = [];
    for (const target of targets) if (!(await isEmptyFolder(target))) some.push(target);
    return some.length === 0 ? null : convertAll(some);
  };
  /**
   * Opens the database to keep (exit 2 when it is refused), or opens it again when the file there is another
   * one now (removed, or replaced, since): it is made again as a load made it before.
   */
  const keepOpen = async (): Promise<number | null> => {
    if (kept) {
      const now = statOrNull(options.output);
      if (now && kept.file && now.dev === kept.file.dev && now.ino === kept.file.ino) return null;
      kept.database.close();
      kept = null;
    }
    const opened = await openDatabase(options.output, reporter);
    if (typeof opened === 'number') return opened;
    // Removed again already (null): opened once more at the next load.
    kept = { database: opened, file: statOrNull(options.output) };
    return null;
  };
  const onTerminal = io.stderr.isTTY === true && !options.quiet;
  const collect = collector();

  let loading = false;
  let stopping = false;
  let wake: (() => void) | null = null;
  const stop = (signal: Interrupt) => {
    if (stopping) process.exit(interruptExitCode(signal)); // a second signal: at once
    stopping = true;
    wake?.();
  };
  // During a load the CLI's handler offers the signal here: the load then finishes and is committed.
  onStopRequest((signal) => {
    if (stopping) return false;
    stop(signal);
    return true;
  });
  const idle = (signal: Interrupt) => {
    if (!loading) stop(signal);
  };
  for (const signal of INTERRUPTS) process.on(signal, idle);
  try {
    return await keepLoading();
  } finally {
    for (const signal of INTERRUPTS) process.off(signal, idle);
    onStopRequest(null);
    kept?.database.close();
  }

  async function keepLoading(): Promise<number> {
    /** Paths that had an event, and when their last came. */
    const pending = new Map<string, number>();
    const followed = new Map<string, FSWatcher>();
    const roots = new Set<string>();

    const follow = async (dir: string) => {
      if (followed.has(dir)) return;
      let watcher: FSWatcher;
      try {
        watcher = watchFolder(dir, { persistent: false }, (_event, name) => {
          pending.set(name === null ? dir : path.join(dir, name.toString()), Date.now());
        });
      } catch {
        return; // gone already, or not a folder
      }
      // The folder was removed: followed again when its parent (or, for a root, the next tick) sees it again.
      watcher.on('error', () => unfollow(dir));
      followed.set(dir, watcher);
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.')) await follow(path.join(dir, entry.name));
    };
    const unfollow = (dir: string) => {
      followed.get(dir)?.close();
      followed.delete(dir);
    };

    for (const given of paths) {
      const stats = await stat(given).catch(() => null);
      if (stats?.isDirectory()) {
        roots.add(given);
        await follow(given);
      }
    }
    // The first load is a one-off --append (what it refuses is said as --append says it, before any file is
    // made); the database is kept open after it.
    const refused = (await load(paths)) === EXIT.usage || (await keepOpen()) === EXIT.usage;
    if (refused) {
      for (const dir of [...followed.keys()]) unfollow(dir);
      return EXIT.usage;
    }
    if (onTerminal) reporter.info(`loaded ${paths.join(' ')} into ${options.output}; watching for more (Ctrl-C ends)`);

    const tick = Math.max(20, Math.min(250, Math.floor(options.settle / 2)));
    /** How long to wait before looking again: none after a load (more may have settled meanwhile). */
    let wait = tick;
    /** Files loaded since the last full garbage collection. */
    let uncollected = 0;
    while (!stopping) {
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, wait);
        });
      }
      wake = null;
      if (stopping) break;
      for (const root of roots) {
        // A followed folder removed: it is listed again once it is back, and what it holds loaded.
        if (!followed.has(root) && (await stat(root).catch(() => null))?.isDirectory()) {
          await follow(root);
          pending.set(root, 0);
        }
      }
      const now = Date.now();
      const targets: string[] = [];
      const taken = new Map<string, number>();
      /** When the next path may have settled: looked at again then, not a whole tick later. */
      let soonest = now + tick;
      for (const [name, at] of pending) {
        if (targets.length >= LOAD_AT_MOST) break;
        if (now - at < options.settle) {
          soonest = Math.min(soonest, at + options.settle);
          continue;
        }
        // Looked at synchronously: a burst settles thousands at once, and one stat through the thread pool
        // after another leaves the thread idle between them.
        const stats = statOrNull(name);
        if (stats === null) {
          pending.delete(name); // gone before it was loaded: nothing to say
          unfollow(name);
          continue;
        }
        if (stats.isDirectory()) {
          // A new (or returned) folder: followed, and its files taken as each settles, never read whole while
          // some are still being written, nor more of them at a time than a load takes.
          pending.delete(name);
          if (!followed.has(name)) await follow(name);
          const { files, unreadable } = await walkFolder(name);
          for (const file of files) if (!pending.has(file.name)) pending.set(file.name, 0);
          for (const { name: where, message } of unreadable) reporter.error({ source: where }, message);
          continue;
        }
        if (!stats.isFile() || !walkReads(path.basename(name)) || path.basename(name).startsWith('.')) {
          pending.delete(name);
          continue;
        } else if (now - stats.mtimeMs < options.settle) {
          soonest = Math.min(soonest, stats.mtimeMs + options.settle);
          continue; // still being written
        } else targets.push(name);
        taken.set(name, at);
      }
      wait = targets.length > 0 ? 0 : Math.max(10, Math.ceil(soonest - now));
      if (targets.length === 0) {
        // Nothing more settled: the garbage of the loads since the last collection goes now, while idle.
        if (uncollected > 0) collect?.();
        uncollected = 0;
        continue;
      }
      loading = true;
      const code = (await keepOpen()) ?? (await convertAll(targets));
      loading = false;
      // In a burst, a collection every full load's worth of files, not after each of the small loads it starts with.
      uncollected += targets.length;
      if (uncollected >= LOAD_AT_MOST) {
        collect?.();
        uncollected = 0;
      }
      // Loaded, unless it had an event meanwhile.
      for (const [name, at] of taken) if (pending.get(name) === at) pending.delete(name);
      if (onTerminal)
        reporter.info(`${new Date().toISOString().slice(11, 19)} loaded ${targets.length === 1 ? targets[0] : `${targets.length} files`}${code === EXIT.ok ? '' : ' (with errors, said above)'}`);
    }
    for (const dir of [...followed.keys()]) unfollow(dir);
    return EXIT.ok;
  }
}

/** A folder holding no dump (at any depth) yet. */
async function isEmptyFolder(target: string): Promise<boolean> {
  if (!(await stat(target).catch(() => null))?.isDirectory()) return false;
  const { files, unreadable } = await walkFolder(target);
  return files.length === 0 && unreadable.length === 0;
}

/** The database, opened (made when absent, as a load makes it), or refused: said, and exit 2. */
async function openDatabase(file: string, reporter: Reporter): Promise<AppendDatabase | number> {
  const { openAppendDatabase } = await import('../../sinks/dataset/sqlite-append.js');
  try {
    return await openAppendDatabase(file);
  } catch (error) {
    if (!(error instanceof OutputRefused)) throw error;
    reporter.error({}, error.message);
    return EXIT.usage;
  }
}

/**
 * A full garbage collection, to run after loads: watch runs for days, and V8 lets a heap that each load fills
 * with short-lived objects grow well past what it holds before collecting it. Null where it cannot be had.
 */
function collector(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
