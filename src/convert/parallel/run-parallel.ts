import { isUtf8 } from 'node:buffer';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { opensAsUtf8Text } from '../../pipeline/decode/decode.js';
import type { FormatName } from '../../sinks/text/formats.js';
import type { FormatOptions } from '../../sinks/text/options.js';
import type { DumpProblem } from '../../pipeline/dump-parser.js';
import type { PostRecord } from '../../pipeline/record/schema.js';
import type { Input } from '../../sources/inputs.js';
import { type Opened, sizeOf } from '../../sources/read-ahead.js';
import type { PartDone, ToWorker, WorkerSetup } from './protocol.js';
import { parsePart } from './parse-part.js';
import { type ByteRange, scanRanges } from './ranges.js';

/** When inputs are parsed on two threads: one big file in parts, or a folder's small files in batches. */
export interface ParallelSettings {
  /** Files smaller than this are parsed on the main thread, as are all inputs when it is Infinity. */
  readonly minBytes: number;
  readonly rangeBytes: number;
  /**
   * Runs with fewer small files than this (folder entries a worker can read, see `deferrable`) are read on
   * the main thread alone: a worker costs its start-up (loading the modules) and compiling the hot code again.
   */
  readonly minFiles: number;
  /** The same for runs whose records go to the main thread as records (datasets, `--unique`): Infinity unless given. */
  readonly minRecordFiles: number;
  /** Small files per batch handed to the worker at most. */
  readonly batchFiles: number;
}

/**
 * 32 MiB and up, in parts of 2 MiB (each worker holds one part's text and output at a time). A folder's small
 * files go to two threads only when they are many (`minFiles`): only then is the worker's fixed cost paid back
 * on two cores (see the README); fewer finish sooner on one. `POSTDUMP_PARALLEL=off`, or
 * `=min:range:files:batch` (any field left out keeps its default), changes it.
 */
export function parallelSettings(env: NodeJS.ProcessEnv = process.env): ParallelSettings {
  const given = env.POSTDUMP_PARALLEL;
  const defaults = { minBytes: 32 << 20, rangeBytes: 2 << 20, minFiles: 30_000, minRecordFiles: Infinity, batchFiles: 64 };
  if (given === 'off' || availableParallelism() < 2) return { ...defaults, minBytes: Infinity, minFiles: Infinity };
  const [min, range, files, batch] = (given ?? '').split(':').map((field) => (field === '' ? Number.NaN : Number(field)));
  const set = (value: number | undefined, fallback: number, least: number) => (value !== undefined && Number.isFinite(value) && value >= least ? value : fallback);
  return {
    minBytes: set(min, defaults.minBytes, 0),
    rangeBytes: set(range, defaults.rangeBytes, 1),
    minFiles: set(files, defaults.minFiles, 0),
    minRecordFiles: set(files, defaults.minRecordFiles, 0),
    batchFiles: set(batch, defaults.batchFiles, 1),
  };
}

/** What the main thread does with the parts' output, in file order. Each returns false once the reader is gone. */
export interface PartSink {
  /** One record, formatted by the main thread (the first of each part). */
  record(record: PostRecord): Promise<boolean>;
  /** Records formatted and encoded by a worker: how many, how many with warnings, and (with --strict) those warnings. */
  encoded(bytes: Uint8Array, count: number, warned: number, warnings: PartDone['warnings']): Promise<boolean>;
  bytesRead(bytes: number): void;
  /** Bytes handed to {@link encoded} are done with once it resolves (so their buffer goes back to the worker). */
  readonly releasesBytes: boolean;
}

export interface ParallelJob {
  readonly format: FormatName;
  readonly formatOptions: FormatOptions;
  readonly strict: boolean;
  readonly settings: ParallelSettings;
}

/** Parts parsed or held ahead of the one being written: so at most a few parts of output wait in memory. */
const WINDOW = 4;
/**
 * One worker thread, and the main thread parses parts too, between writing. Two workers (the main thread
 * only writing) took longer on two cores: a second worker costs its start-up (loading the modules again)
 * and a third heap.
 */
const WORKERS = 1;
/** Parts sent to a worker before it is done with the first: it need not wait while the main thread parses. */
const QUEUE = 2;
/** A small young generation for the worker: V8's default holds more memory, for no measurable speed. */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * Parses one big regular file on two threads (this one and a worker), part by part, and writes the output
 * in file order, byte for byte what the sequential path gives. Returns null when the input is not for this path (stdin,
 * a pipe, a small file, binary, UTF-16 or not UTF-8, no place to cut it, or no record at all: the sequential path
 * then reads it and says why); the input's stream is untouched then.
 */
export async function readInputParallel(
  input: Input,
  opened: Opened,
  job: ParallelJob,
  out: PartSink,
): Promise<{ records: number; problems: DumpProblem[]; stopped: boolean } | null> {
  const size = sizeOf(opened);
  if (input.path === null || size === null || size < job.settings.minBytes) return null;
  const path = input.path;
  const setup: WorkerSetup = { path, source: input.name, format: job.format, formatOptions: job.formatOptions, strict: job.strict };
  // The workers load their modules while this thread cuts the file into parts.
  const workers = Array.from({ length: WORKERS }, () => new Worker(workerUrl(), { workerData: setup, resourceLimits: WORKER_LIMITS }));
  const stopWorkers = () => Promise.all(workers.map((worker) => worker.terminate()));
  let ranges: ByteRange[] | null;
  try {
    ranges = cut(path, size, job.settings.rangeBytes);
  } catch {
    ranges = null; // the sequential path reads it again and names the trouble
  }
  if (ranges === null || ranges.length < 2) {
    await stopWorkers();
    return null;
  }
  if (opened.kind === 'stream') opened.stream.destroy();
  try {
    const outcome = await run(workers, ranges, out, { setup, spare: [] });
    return outcome.records === 0 && !outcome.stopped ? null : outcome;
  } finally {
    await stopWorkers();
  }
}

/**
 * The parts, or null when the file is binary, UTF-16 (the parts are cut at byte offsets of UTF-8 lines) or
 * not UTF-8: the sequential path decodes it, or has the exact message.
 */
function cut(path: string, size: number, rangeBytes: number): ByteRange[] | null {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 << 20);
    let first = true;
    const read = (position: number, length: number) => buffer.subarray(0, readSync(fd, buffer, 0, length, position));
    return scanRanges(size, read, rangeBytes, {
      pieceBytes: buffer.length,
      check: (piece) => {
        if (first && !opensAsUtf8Text(piece)) return false;
        first = false;
        return isUtf8(piece);
      },
    });
  } finally {
    closeSync(fd);
  }
}

/** The compiled worker beside this module; under the tests (run from src/) the compiled one in dist/. */
export function workerUrl(): URL {
  const url = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : new URL('../../../dist/convert/parallel/worker.js', import.meta.url);
}

/** The main thread parses parts too, between writing (see {@link run}); `spare` holds its output buffers to fill again. */
interface Local {
  readonly setup: WorkerSetup;
  readonly spare: ArrayBuffer[];
}

/**
 * Hands out the parts (the lowest first, within {@link WINDOW} of the one to write next), parses on this
 * thread when no result is ready to write, and writes the results in file order. A result that starts
 * inside a part that another read on through is dropped.
 */
async function run(workers: readonly Worker[], ranges: readonly ByteRange[], out: PartSink, local: Local) {
  const held = new Map<number, PartDone>();
  const asked = new Set<number>();
  const from = new WeakMap<PartDone, Worker>();
  let next = 0;
  let failure = null as { error: unknown } | null;
  let wake: (() => void) | null = null;
  const send = (worker: Worker, message: ToWorker) => worker.postMessage(message);
  /** A part may be wanted unless a held result that starts after `next` already reads through it. */
  const covered = (part: number) => [...held.values()].some((done) => done.start < part && part <= done.through);
  /** The first part within the window that nobody parses yet, or -1. */
  const unasked = () => {
    const end = Math.min(next + WINDOW, ranges.length);
    let part = next;
    while (part < end && (asked.has(part) || covered(part))) part++;
    return part < end ? part : -1;
  };
  const queued = new Map<Worker, number>(workers.map((worker) => [worker, 0]));
  const assign = () => {
    for (const worker of workers) {
      while ((queued.get(worker) ?? 0) < QUEUE) {
        const part = unasked();
        if (part < 0) return;
        asked.add(part);
        queued.set(worker, (queued.get(worker) ?? 0) + 1);
        send(worker, { kind: 'parse', start: part });
      }
    }
  };
  for (const worker of workers) {
    send(worker, { kind: 'ranges', ranges });
    worker.on('message', (done: PartDone) => {
      queued.set(worker, (queued.get(worker) ?? 1) - 1);
      from.set(done, worker);
      if (done.start >= next) held.set(done.start, done);
      assign();
      wake?.();
    });
    const fail = (error: unknown) => {
      failure ??= { error };
      wake?.();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a parsing thread stopped (exit code ${code})`)));
  }

  let records = 0;
  const problems: DumpProblem[] = [];
  while (next < ranges.length) {
    const done = held.get(next);
    const mine = done ? -1 : unasked();
    if (mine >= 0) {
      // This thread takes the first free part and the worker the ones after it; then this thread parses,
      // its event loop blocked for one part (some tens of milliseconds).
      asked.add(mine);
      assign();
      const result = parsePart(local.setup, ranges, mine, local.spare);
      if (result.start >= next) held.set(mine, result);
      await new Promise<void>((resolve) => setImmediate(resolve)); // the worker's results, a signal, a closed pipe
      if (failure) throw failure.error;
      continue;
    }
    if (!done) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (failure) throw failure.error;
      continue;
    }
    held.delete(next);
    next = done.through + 1;
    for (const start of held.keys()) if (start < next) held.delete(start);
    assign();
    problems.push(...done.problems);
    let more = true;
    if (done.first) {
      records++;
      more = await out.record(done.first);
    }
    if (more && done.restCount > 0) {
      records += done.restCount;
      more = await out.encoded(done.rest, done.restCount, done.restWarned, done.warnings);
    }
    if (more && out.releasesBytes) {
      const buffer = done.rest.buffer as ArrayBuffer;
      const worker = from.get(done);
      if (worker) worker.postMessage({ kind: 'reuse', buffer } satisfies ToWorker, [buffer]);
      else local.spare.push(buffer);
    }
    out.bytesRead((ranges[done.through] as ByteRange).end - (ranges[done.start] as ByteRange).start);
    if (!more) return { records, problems, stopped: true };
    if (done.halted) break;
  }
  return { records, problems, stopped: false };
}
