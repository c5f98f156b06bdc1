import { Worker } from 'node:worker_threads';
import type { Input } from '../../sources/inputs.js';
import type { ArchiveAhead, Deferred, Opened } from '../../sources/read-ahead.js';
import { FORMATS, type FormatName } from '../../sinks/text/formats.js';
import type { FormatOptions } from '../../sinks/text/options.js';
import { type BatchDone, type BatchFile, parseBatch } from './batch.js';
import type { ToWorker, WorkerSetup } from './protocol.js';
import { WORKER_LIMITS, workerUrl } from './run-parallel.js';

/** An input as the read-ahead gives it: a deferred one is a small file for whichever thread parses it to read. */
export interface Ahead {
  readonly input: Input;
  readonly opened: Opened | ArchiveAhead | Deferred;
}

/**
 * What {@link spreadInputs} yields, in input order: an input to read on the main thread (a stream, a big
 * file, an archive, a failure; deferred: not opened yet), or a batch of small files read and parsed, by this
 * thread or the worker.
 */
export type Unit = ({ readonly kind: 'single' } & Ahead) | { readonly kind: 'batch'; readonly inputs: readonly Input[]; readonly done: BatchDone };

export interface SpreadJob {
  /** The text format the batches are formatted in; null: the records come as they are (`--unique`, datasets). */
  readonly format: FormatName | null;
  readonly formatOptions: FormatOptions;
  readonly strict: boolean;
  /** Small files per batch at most (and {@link BATCH_BYTES} read). */
  readonly batchFiles: number;
  /**
   * A batch's output bytes are written out once the caller asks for the next unit: their buffer is filled
   * again (by the thread that made it), so dead output does not pile up until a collection.
   */
  readonly releasesBytes: boolean;
}

/** Parsed batches (by the bytes their files held) and inputs held ahead of the one written, at most: memory stays flat. */
const HELD_BYTES = 8 << 20;
const HELD_UNITS = 64;
/** Batches sent to the worker before it is done with the first, so it never waits for the main thread. */
const QUEUE = 2;

interface Batch {
  readonly kind: 'batch';
  readonly id: number;
  readonly inputs: Input[];
  closed: boolean;
  state: 'new' | 'sent' | 'done';
  done: BatchDone | null;
  /** Parsed by the worker (its output buffer goes back there). */
  byWorker: boolean;
}

type Held = Batch | ({ readonly kind: 'single' } & Ahead);

/**
 * Spreads inputs over two threads: the deferred ones (small files, not read yet) are gathered into batches
 * (in input order); one worker thread takes batches while it has fewer than {@link QUEUE}, and this thread
 * parses the first batch nobody parses yet whenever no batch is ready to hand on, so whoever is free takes
 * the next. Whoever parses a batch reads its files: this thread reads none of the worker's. A batch that
 * stops short (see {@link BatchDone.cut}) is yielded with the files it parsed; the file it stopped at is
 * yielded alone, still deferred, for the caller to open as one thread would, and the files after it form a
 * batch again. Batches are yielded in input order, each as soon as it and all before it are done (a reorder
 * buffer bounded by {@link HELD_BYTES}). Every other input is yielded as it is, for the caller to read in
 * turn. A worker that fails is dropped and its batches parsed here: nothing is lost or reordered.
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
  const newBatch = (batchInputs: Input[], closed: boolean): Batch => ({ kind: 'batch', id: ids++, inputs: batchInputs, closed, state: 'new', done: null, byWorker: false });
  const fill = (async () => {
    try {
      for await (const ahead of inputs) {
        if (stop) break;
        const { opened } = ahead;
        if (opened.kind === 'deferred') {
          if (!open) {
            open = newBatch([], false);
            held.push(open);
          }
          open.inputs.push(ahead.input);
          if (open.inputs.length >= job.batchFiles) close();
        } else {
          close();
          held.push({ kind: 'single', ...ahead });
          if (opened.kind === 'bytes') heldBytes += opened.bytes.length;
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

  /** A batch parsed: the files after those it parsed are yielded after it (see {@link BatchDone.cut}). */
  const settle = (batch: Batch, done: BatchDone) => {
    batch.done = done;
    batch.state = 'done';
    for (const file of done.files) heldBytes += file.size;
    const rest = batch.inputs.splice(done.files.length);
    if (rest.length === 0) return;
    const after: Held[] = [];
    if (done.cut === 'notSmall') after.push({ kind: 'single', input: rest.shift() as Input, opened: { kind: 'deferred' } });
    if (rest.length > 0) after.push(newBatch(rest, true));
    held.splice(held.indexOf(batch) + 1, 0, ...after);
  };
  const files = (batch: Batch): BatchFile[] => batch.inputs.map((input) => ({ name: input.name, path: input.path as string, regular: input.regular === true }));

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
    batch.byWorker = true;
    settle(batch, done);
    signal();
  });
  worker.on('error', dropWorker);
  worker.on('exit', dropWorker);
  const send = (batch: Batch) => {
    if (!worker) return;
    batch.state = 'sent';
    byId.set(batch.id, batch);
    sent++;
    worker.postMessage({ kind: 'batch', id: batch.id, files: files(batch), records: job.format === null } satisfies ToWorker);
  };
  const waiting = (): Batch | undefined => held.find((unit): unit is Batch => unit.kind === 'batch' && unit.closed && unit.state === 'new');
  const formatter = job.format ? FORMATS[job.format](job.formatOptions) : null;
  /** This thread's output buffers written out, to fill again. */
  const spare: ArrayBuffer[] = [];
  const recycle = (batch: Batch, bytes: Uint8Array) => {
    if (!job.releasesBytes || bytes.byteLength === 0) return;
    const buffer = bytes.buffer as ArrayBuffer;
    if (!batch.byWorker) spare.push(buffer);
    else if (worker) worker.postMessage({ kind: 'reuse', buffer } satisfies ToWorker, [buffer]);
  };

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
        if (head.opened.kind === 'bytes') heldBytes -= head.opened.bytes.length;
        roomMade();
        yield head;
        continue;
      }
      if (head.state === 'done' && head.done) {
        held.shift();
        for (const file of head.done.files) heldBytes -= file.size;
        roomMade();
        yield { kind: 'batch', inputs: head.inputs, done: head.done };
        recycle(head, head.done.bytes);
        continue;
      }
      // Nothing to hand on: parse the first batch nobody parses, or the one being gathered when it is all
      // there is; not one further ahead while the parsed ones held are at their bound.
      let mine = waiting();
      if (mine && mine !== head && heldBytes > HELD_BYTES) mine = undefined;
      if (!mine && head === open && head.inputs.length > 0) {
        // What is gathered so far is all there is to do: an idle worker takes it; while the worker is busy
        // the batch grows as inputs come in; with no worker (it failed) this thread parses it.
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
        settle(mine, parseBatch(mine.id, files(mine), formatter, job.strict, spare));
        await new Promise<void>((resolve) => setImmediate(resolve)); // the worker's results, inputs, a signal
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
