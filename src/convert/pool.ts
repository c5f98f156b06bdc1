import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { PostRecord } from '../pipeline/record/schema.js';
import { FORMATS, type FormatName } from '../sinks/text/formats.js';
import type { FormatOptions } from '../sinks/text/options.js';
import type { Input } from '../sources/inputs.js';
import type { ByteRange } from './ranges.js';
import { type UnitEnd, runUnit } from './run-unit.js';
import type { Tally } from './tally.js';
import { UnitOutput } from './unit-output.js';
import type { Unit } from './units.js';

/** How every thread of a run formats records: a text format, or none (records kept as they are). */
export interface WorkSetup {
  readonly format: FormatName | null;
  readonly formatOptions: FormatOptions;
  readonly strict: boolean;
}

/** A unit done: its output and tallies, in input order. */
export interface UnitDone {
  readonly bytes: Uint8Array | null;
  readonly records: PostRecord[] | null;
  readonly tallies: readonly Tally[];
  readonly end: UnitEnd;
}

/** What the pool hands on, in input order: a unit done, or an input for the caller to read in its turn. */
export type Done = { readonly kind: 'done'; readonly unit: Unit; readonly done: UnitDone } | { readonly kind: 'input'; readonly input: Input };

/** Main → worker. */
export type ToWorker =
  | { readonly kind: 'unit'; readonly id: number; readonly unit: WireUnit }
  /** The parts of a big file, sent once before its first part: parts name them by `key`. */
  | { readonly kind: 'ranges'; readonly key: number; readonly ranges: readonly ByteRange[] }
  /** An output buffer written out, for the worker to fill again (so no memory waits for a collection). */
  | { readonly kind: 'reuse'; readonly buffer: ArrayBuffer };

/** A unit as sent to a worker: a part names its file's ranges by key. */
export type WireUnit = Exclude<Unit, { kind: 'input' | 'part' }> | (Omit<Extract<Unit, { kind: 'part' }>, 'ranges'> & { readonly key: number });

/** Worker → main. */
export interface FromWorker {
  readonly id: number;
  readonly done: UnitDone;
}

/** Units done or being done ahead of the one handed on next, at most: so only a few units' output waits in memory. */
const WINDOW = 8;
/** Bytes of output held ahead of the one handed on next, at most. */
const HELD_BYTES = 8 << 20;
/** Units a worker is given before it is done with the first, so it never waits for this thread. */
const QUEUE = 2;
/** A small young generation for a worker: V8's default holds more memory, for no measurable speed. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

interface Slot {
  readonly unit: Unit;
  state: 'new' | 'sent' | 'done' | 'skip';
  done: UnitDone | null;
  worker: Worker | null;
}

/**
 * The one scheduler: hands units to worker threads (and does them on this thread when it has nothing to write),
 * and hands them on done, in input order. `threads` counts this one: with 1 there is no worker, and every
 * unit is done here, in turn. A unit of files that stopped short gives its other files back: they are planned
 * again (by `replan`) and come next. A part that read on through the next parts covers them: they give nothing.
 * A worker that fails is dropped, and its units done here: nothing is lost or reordered.
 */
export class Pool {
  private readonly slots: Slot[] = [];
  private head = 0;
  private heldBytes = 0;
  private readonly workers: Worker[] = [];
  private readonly queued = new Map<Worker, number>();
  private readonly rangeKeys = new Map<readonly ByteRange[], number>();
  private readonly sentRanges = new Map<Worker, number>();
  private readonly byId = new Map<number, Slot>();
  private ids = 0;
  private wake: (() => void) | null = null;
  /** This thread's output buffers written out, to fill again. */
  private readonly spare: ArrayBuffer[] = [];
  private readonly formatter;

  /** A pool of `threads` (this one counted); node:worker_threads is loaded only for a worker. */
  static async start(threads: number, setup: WorkSetup, replan: (input: Input) => Unit[]): Promise<Pool> {
    return new Pool(threads > 1 ? (await import('node:worker_threads')).Worker : null, threads, setup, replan);
  }

  private constructor(
    WorkerThread: typeof Worker | null,
    threads: number,
    private readonly setup: WorkSetup,
    private readonly replan: (input: Input) => Unit[],
  ) {
    this.formatter = setup.format === null ? null : FORMATS[setup.format](setup.formatOptions);
    for (let i = 1; WorkerThread && i < threads; i++) {
      const worker = new WorkerThread(workerUrl(), { workerData: setup, resourceLimits: WORKER_LIMITS });
      worker.on('message', (message: FromWorker) => this.received(worker, message));
      worker.on('error', () => this.drop(worker));
      worker.on('exit', () => this.drop(worker));
      this.workers.push(worker);
      this.queued.set(worker, 0);
    }
  }

  /** The units done (or to read in turn), in input order. Stopping early (a `return`) stops the workers. */
  async *run(units: Iterator<Unit>): AsyncGenerator<Done> {
    let more = true;
    const pull = () => {
      while (more && this.slots.length - this.head < WINDOW && this.heldBytes < HELD_BYTES) {
        const next = units.next();
        if (next.done) more = false;
        else if (this.skipUnpulled > 0) {
          this.skipUnpulled--;
          this.slots.push({ unit: next.value, state: 'skip', done: null, worker: null });
        } else this.slots.push({ unit: next.value, state: 'new', done: null, worker: null });
      }
    };
    try {
      for (;;) {
        pull();
        this.dispatch();
        const slot = this.slots[this.head];
        if (!slot) return;
        if (slot.state === 'skip') {
          this.advance();
          continue;
        }
        if (slot.unit.kind === 'input') {
          this.advance();
          yield { kind: 'input', input: slot.unit.input };
          continue;
        }
        if (slot.state === 'done' && slot.done) {
          const { done } = slot;
          this.settle(done.end);
          this.heldBytes -= done.bytes?.length ?? 0;
          this.advance();
          yield { kind: 'done', unit: slot.unit, done };
          continue;
        }
        // Nothing to hand on: do the first unit nobody does yet here, or wait for a worker.
        const mine = this.slots.slice(this.head).find((s) => s.state === 'new' && s.unit.kind !== 'input');
        if (mine) {
          this.finish(mine, this.runHere(mine.unit as Exclude<Unit, { kind: 'input' }>));
          if (this.workers.length > 0) await new Promise<void>((resolve) => setImmediate(resolve)); // the workers' results
        } else {
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = null;
        }
      }
    } finally {
      await this.close();
    }
  }

  /** Bytes handed on and written out: their buffer is filled again by the thread that made it. */
  release(done: UnitDone, bytes: Uint8Array): void {
    const buffer = bytes.buffer as ArrayBuffer;
    if (bytes.byteLength === 0 || !(buffer instanceof ArrayBuffer)) return;
    const worker = this.madeBy.get(done);
    if (worker === undefined) this.spare.push(buffer);
    else if (this.workers.includes(worker)) worker.postMessage({ kind: 'reuse', buffer } satisfies ToWorker, [buffer]);
  }

  private readonly madeBy = new WeakMap<UnitDone, Worker>();

  private runHere(unit: Exclude<Unit, { kind: 'input' }>): UnitDone {
    const out = new UnitOutput(this.formatter, this.setup.strict, this.spare);
    const end = runUnit(unit, out);
    return { ...out.take(), tallies: out.tallies, end };
  }

  private advance(): void {
    // What it made is let go at once: a slot handed on stays in the array a while (up to 1,024 of them), and
    // its records with it would hold a whole run of small files (a run of 10,000 held about 90 MB to its end).
    const slot = this.slots[this.head];
    if (slot) slot.done = null;
    this.head++;
    // Slots handed on are let go, now and then, so the array does not grow with the run.
    if (this.head >= 1024) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
  }

  private finish(slot: Slot, done: UnitDone): void {
    slot.state = 'done';
    slot.done = done;
    this.heldBytes += done.bytes?.length ?? 0;
  }

  /** A unit handed on: the files it gave back come next; the parts it covered give nothing. */
  private settle(end: UnitEnd): void {
    const at = this.head + 1;
    if (end.rest.length > 0) {
      const [first, ...others] = end.rest as [Input, ...Input[]];
      const again: Unit[] = end.notSmall ? this.replan(first) : [{ kind: 'files', inputs: [first] }];
      if (others.length > 0) again.push({ kind: 'files', inputs: others });
      this.slots.splice(at, 0, ...again.map((unit): Slot => ({ unit, state: 'new', done: null, worker: null })));
    }
    for (let i = 0; i < end.covers; i++) {
      const slot = this.slots[at + i];
      if (!slot) {
        this.skipUnpulled += end.covers - i;
        break;
      }
      this.skip(slot);
    }
  }

  /** Parts covered that are not pulled from the plan yet: skipped as they come. */
  private skipUnpulled = 0;

  private skip(slot: Slot): void {
    if (slot.state === 'done') this.heldBytes -= slot.done?.bytes?.length ?? 0;
    slot.state = 'skip';
    slot.done = null;
  }

  private dispatch(): void {
    if (this.heldBytes >= HELD_BYTES) return;
    for (const worker of this.workers) {
      while ((this.queued.get(worker) ?? 0) < QUEUE) {
        const slot = this.slots.slice(this.head).find((s) => s.state === 'new' && s.unit.kind !== 'input');
        if (!slot) return;
        this.send(worker, slot);
      }
    }
  }

  private send(worker: Worker, slot: Slot): void {
    const id = this.ids++;
    slot.state = 'sent';
    slot.worker = worker;
    this.byId.set(id, slot);
    this.queued.set(worker, (this.queued.get(worker) ?? 0) + 1);
    const { unit } = slot;
    if (unit.kind === 'part') {
      let key = this.rangeKeys.get(unit.ranges);
      if (key === undefined) {
        key = this.rangeKeys.size;
        this.rangeKeys.set(unit.ranges, key);
      }
      if (this.sentRanges.get(worker) !== key) {
        worker.postMessage({ kind: 'ranges', key, ranges: unit.ranges } satisfies ToWorker);
        this.sentRanges.set(worker, key);
      }
      const { ranges: _ranges, ...rest } = unit;
      worker.postMessage({ kind: 'unit', id, unit: { ...rest, key } } satisfies ToWorker);
    } else worker.postMessage({ kind: 'unit', id, unit: unit as WireUnit } satisfies ToWorker);
  }

  private received(worker: Worker, { id, done }: FromWorker): void {
    this.queued.set(worker, (this.queued.get(worker) ?? 1) - 1);
    const slot = this.byId.get(id);
    this.byId.delete(id);
    if (slot && slot.state === 'sent') {
      this.madeBy.set(done, worker);
      this.finish(slot, done);
    }
    this.signal();
  }

  private drop(worker: Worker): void {
    const index = this.workers.indexOf(worker);
    if (index < 0) return;
    this.workers.splice(index, 1);
    this.queued.delete(worker);
    // Its units are done here instead.
    for (const [id, slot] of this.byId) {
      if (slot.worker !== worker) continue;
      this.byId.delete(id);
      if (slot.state === 'sent') slot.state = 'new';
    }
    void worker.terminate();
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(
      workers.map((worker) => {
        worker.removeAllListeners('exit');
        return worker.terminate();
      }),
    );
  }
}

/** The compiled worker beside this module; under the tests (run from src/) the compiled one in dist/. */
function workerUrl(): URL {
  const url = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : new URL('../../dist/convert/worker.js', import.meta.url);
}
