import { type FSWatcher, watch as watchFolder } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Readable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { walkFolder, walkReads } from '../../sources/walk.js';
import { chosenColour, colourOption } from '../colour.js';
import { EXIT } from '../exit-codes.js';
import { paletteFor } from '../paint.js';
import { INTERRUPTS, type Interrupt, interruptExitCode, onStopRequest } from '../process.js';
import { Reporter } from '../report.js';
import { OutputRefused } from '../../sinks/record-sink.js';
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
  const convertAll = (targets: readonly string[]) => convert(targets, { format: 'sqlite', output: options.output, append: true, strict: false, quiet: true }, convertIo);
  /** Loads these paths; a folder with no dump in it yet is no error here: it is left out. */
  const load = async (targets: readonly string[]) => {
    const some: string[] = [];
    for (const target of targets) if (!(await isEmptyFolder(target))) some.push(target);
    return some.length === 0 ? null : convertAll(some);
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
    const first = (await load(paths)) ?? (await makeDatabase(options.output, reporter));
    if (first === EXIT.usage) {
      for (const dir of [...followed.keys()]) unfollow(dir);
      return first;
    }
    if (onTerminal) reporter.info(`loaded ${paths.join(' ')} into ${options.output}; watching for more (Ctrl-C ends)`);

    const tick = Math.max(20, Math.min(250, Math.floor(options.settle / 2)));
    let backlog = false;
    while (!stopping) {
      if (!backlog) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, tick);
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
      for (const [name, at] of pending) {
        if (targets.length >= LOAD_AT_MOST) break;
        if (now - at < options.settle) continue;
        const stats = await stat(name).catch(() => null);
        if (stats === null) {
          pending.delete(name); // gone before it was loaded: nothing to say
          unfollow(name);
          continue;
        }
        if (stats.isDirectory()) {
          if (!followed.has(name)) await follow(name);
          targets.push(name);
        } else if (!stats.isFile() || !walkReads(path.basename(name)) || path.basename(name).startsWith('.')) {
          pending.delete(name);
          continue;
        } else if (now - stats.mtimeMs < options.settle)
          continue; // still being written
        else targets.push(name);
        taken.set(name, at);
      }
      backlog = targets.length >= LOAD_AT_MOST;
      if (targets.length === 0) continue;
      loading = true;
      const code = await load(targets);
      loading = false;
      collect?.();
      if (code === null) {
        for (const name of taken.keys()) pending.delete(name);
        continue;
      }
      // Loaded, unless it had an event meanwhile.
      for (const [name, at] of taken) if (pending.get(name) === at) pending.delete(name);
      if (onTerminal)
        reporter.info(
          `${new Date().toISOString().slice(11, 19)} loaded ${targets.length === 1 ? targets[0] : `${targets.length} files and folders`}${code === EXIT.ok ? '' : ' (with errors, said above)'}`,
        );
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

/** Nothing to load yet: the database is made all the same (or refused), as a load would. */
async function makeDatabase(file: string, reporter: Reporter): Promise<number> {
  const { openAppendDatabase } = await import('../../sinks/dataset/sqlite-append.js');
  try {
    (await openAppendDatabase(file)).close();
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof OutputRefused)) throw error;
    reporter.error({}, error.message);
    return EXIT.usage;
  }
}

/**
 * A full garbage collection, to run after each load: watch runs for days, and V8 lets a heap that each load
 * fills with short-lived objects grow well past what it holds before collecting it. Null where it cannot be had.
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
