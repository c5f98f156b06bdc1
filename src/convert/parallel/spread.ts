import { Worker } from 'node:worker_threads';
import type { Input } from '../../sources/inputs.js';
import type { ArchiveAhead, Opened } from '../../sources/read-ahead.js';
import { FORMATS, type FormatName } from '../../sinks/text/formats.js';
import type { FormatOptions } from '../../sinks/text/options.js';
import { type BatchDone, type BatchFile, parseBatch } from './batch.js';
import type { ToWorker, WorkerSetup } from './protocol.js';
import { WORKER_LIMITS, workerUrl } from './run-parallel.js';

/** An input as the read-ahead gives it. */
export interface Ahead {
  readonly input: Input;
  readonly opened: Opened | ArchiveAhead;
}

/**
 * What {@link spreadInputs} yields, in input order: an input to read on the main thread (a stream, a big
 * file, an archive, a failure), or a batch of small files already parsed, by this thread or the worker.
 */
export type Unit = ({ readonly kind: 'single' } & Ahead) | { readonly kind: 'batch'; readonly inputs: readonly Input[]; readonly sizes: readonly number[]; readonly done: BatchDone };

export interface SpreadJob {
  /** The text format the batches are formatted in; null: the records come as they are (`--unique`, datasets). */
  readonly format: FormatName | null;
  readonly formatOptions: FormatOptions;
  readonly strict: boolean;
  /** Small files per batch at most (and {@link BATCH_BYTES}). */
  readonly batchFiles: number;
}

/** A batch is closed at this many bytes: a few milliseconds of parsing, so one message carries much. */
const BATCH_BYTES = 256 << 10;
/** Small files read and held ahead (parsed or not) at most, and inputs held ahead: memory stays flat. */
const HELD_BYTES = 8 << 20;
const HELD_UNITS = 64;
/** Batches sent to the worker before it is done with the first, so it never waits for the main thread. */
const QUEUE = 2;

interface Batch {
  readonly kind: 'batch';
  readonly id: number;
  readonly inputs: Input[];
  readonly files: Uint8Array[];
  bytes: number;
  closed: boolean;
  state: 'new' | 'sent' | 'done';
  done: BatchDone | null;
}

type Held = Batch | ({ readonly kind: 'single' } & Ahead);

/**
 * Spreads inputs over two threads: small files read whole are gathered into batches (in input order); one
 * worker thread takes batches while it has fewer than {@link QUEUE}, and this thread parses the first batch
 * nobody parses yet whenever no batch is ready to hand on, so whoever is free takes the next. Batches are
 * yielded in input order, each as soon as it and all before it are done (a reorder buffer bounded by
 * {@link HELD_BYTES}). Every other input is yielded as it is, for the caller to read in turn. A worker that
 * fails is dropped and its batches parsed here: nothing is lost or reordered.
 */
export async function* spreadInputs(inputs: AsyncIterable<Ahead>, job: SpreadJob): AsyncGenerator<Unit> {
  const held: Held[] = [];
  let open = null as Batch | null;
  let heldBytes = 0;
  let ended = false;
  let stop = false;
  let failure = null as { error: unknown } | null;
  let ids = 0;
  let wake: (() => void) | null = null;
  let room: (() => void) | null = null;
  const signal = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const roomMade = () => {
    const resolve = room;
    room = null;
    resolve?.();
  };
  const close = () => {
    if (open) open.closed = true;
    open = null;
  };
  const fill = (async () => {
    try {
      for await (const ahead of inputs) {
        if (stop) break;
        const { opened } = ahead;
        if (opened.kind === 'bytes') {
          if (!open) {
            open = { kind: 'batch', id: ids++, inputs: [], files: [], bytes: 0, closed: false, state: 'new', done: null };
            held.push(open);
          }
          open.inputs.push(ahead.input);
          open.files.push(opened.bytes);
          open.bytes += opened.bytes.length;
          heldBytes += opened.bytes.length;
          if (open.bytes >= BATCH_BYTES || open.files.length >= job.batchFiles) close();
        } else {
          close();
          held.push({ kind: 'single', ...ahead });
        }
        signal();
        while ((heldBytes > HELD_BYTES || held.length > HELD_UNITS) && !stop) await new Promise<void>((resolve) => (room = resolve));
      }
    } catch (error) {
      failure ??= { error };
    } finally {
      ended = true;
      close();
      signal();
    }
  })();

  const setup: WorkerSetup = { path: '', source: '', format: job.format ?? 'ndjson', formatOptions: job.formatOptions, strict: job.strict };
  let worker: Worker | null = new Worker(workerUrl(), { workerData: setup, resourceLimits: WORKER_LIMITS });
  let sent = 0;
  const byId = new Map<number, Batch>();
  const dropWorker = () => {
    const gone = worker;
    worker = null;
    sent = 0;
    // Its batches are parsed here instead.
    for (const batch of byId.values()) if (batch.state === 'sent') batch.state = 'new';
    byId.clear();
    if (gone) void gone.terminate();
    signal();
  };
  worker.on('message', (done: BatchDone) => {
    const batch = byId.get(done.id);
    if (!batch) return;
    byId.delete(done.id);
    sent--;
    batch.done = done;
    batch.state = 'done';
    signal();
  });
  worker.on('error', dropWorker);
  worker.on('exit', dropWorker);
  const send = (batch: Batch) => {
    if (!worker) return;
    const buffer = new ArrayBuffer(batch.bytes);
    const view = new Uint8Array(buffer);
    let at = 0;
    const files: BatchFile[] = batch.files.map((bytes, i) => {
      view.set(bytes, at);
      const file = { name: (batch.inputs[i] as Input).name, start: at, end: at + bytes.length };
      at += bytes.length;
      return file;
    });
    batch.state = 'sent';
    byId.set(batch.id, batch);
    sent++;
    worker.postMessage({ kind: 'batch', id: batch.id, buffer, files, records: job.format === null } satisfies ToWorker, [buffer]);
  };
  const waiting = (): Batch | undefined => held.find((unit): unit is Batch => unit.kind === 'batch' && unit.closed && unit.state === 'new');
  const formatter = job.format ? FORMATS[job.format](job.formatOptions) : null;

  try {
    for (;;) {
      if (failure) throw failure.error;
      const head = held[0];
      if (!head) {
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      while (worker && sent < QUEUE) {
        const batch = waiting();
        if (!batch) break;
        send(batch);
      }
      if (head.kind === 'single') {
        held.shift();
        roomMade();
        yield head;
        continue;
      }
      if (head.state === 'done' && head.done) {
        held.shift();
        heldBytes -= head.bytes;
        roomMade();
        yield { kind: 'batch', inputs: head.inputs, sizes: head.files.map((bytes) => bytes.length), done: head.done };
        continue;
      }
      // Nothing to hand on: parse the first batch nobody parses, or the one being gathered when it is all there is.
      let mine = waiting();
      if (!mine && head === open && head.files.length > 0) {
        // What is read so far is all there is to do: an idle worker takes it; while the worker is busy the
        // batch grows as reads come in; with no worker (it failed) this thread parses it.
        if (!worker) {
          close();
          mine = head;
        } else if (sent === 0) {
          close();
          send(head);
          continue;
        }
      }
      if (mine) {
        mine.done = parseBatch(
          mine.id,
          mine.files,
          mine.inputs.map((input) => input.name),
          formatter,
          job.strict,
        );
        mine.state = 'done';
        await new Promise<void>((resolve) => setImmediate(resolve)); // the worker's results, reads, a signal
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stop = true;
    roomMade();
    const gone = worker;
    worker = null;
    if (gone) {
      gone.removeAllListeners('exit');
      await gone.terminate();
    }
    for (const unit of held) if (unit.kind === 'single' && unit.opened.kind === 'stream') unit.opened.stream.destroy();
    await fill;
  }
}
