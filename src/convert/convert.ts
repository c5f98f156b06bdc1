import type { Readable } from 'node:stream';
import type { DumpProblem } from '../pipeline/dump-parser.js';
import type { PostRecord } from '../pipeline/record/schema.js';
import type { DatasetFormat } from '../sinks/dataset/datasets.js';
import { isDatasetFormat } from '../sinks/dataset/datasets.js';
import type { Output } from '../sinks/open-output.js';
import type { FormatName } from '../sinks/text/formats.js';
import type { FormatOptions } from '../sinks/text/options.js';
import { FirstOfEachId } from '../sinks/unique.js';
import type { Input } from '../sources/inputs.js';
import type { SkipTest } from '../sources/members.js';
import { type Opened, READ_AHEAD, deferrable, openInput, readAhead, sizeOf } from '../sources/read-ahead.js';
import { type PartSink, parallelSettings, readInputParallel } from './parallel/run-parallel.js';
import { type Ahead, type Unit, spreadInputs } from './parallel/spread.js';
import { readArchive } from './read-archive.js';
import { readInput } from './read-input.js';

/** What to convert, and where to. */
export interface ConvertJob {
  readonly inputs: readonly Input[];
  readonly stdin: Readable;
  readonly output: Output;
  readonly format: FormatName | DatasetFormat;
  readonly formatOptions: FormatOptions;
  /** `--strict`: each record's warnings are told (see {@link ConvertHooks.warning}). */
  readonly strict: boolean;
  /** `--unique`: only the first record of each post id. */
  readonly unique: boolean;
  /** Archive members to skip (`--ignore`). */
  readonly skipMember: SkipTest;
}

/** What a run tells as it goes (progress, messages): the caller decides what to show. */
export interface ConvertHooks {
  /** An input starts: its size in bytes when known. */
  startInput(size: number | null): void;
  endInput(): void;
  /** A record was read (before `--unique` drops any). */
  record(): void;
  bytesRead(bytes: number): void;
  /** With `--strict`: one warning of a record. */
  warning(place: { readonly source: string; readonly line: number }, message: string): void;
  /** Why an input, or part of it, gave no record (`bug` set for postdump's own failures). */
  problem(problem: DumpProblem): void;
}

export interface ConvertTally {
  readonly records: number;
  readonly warned: number;
  /** Inputs with a problem. */
  readonly failedInputs: number;
  readonly bugs: number;
  /** Records `--unique` dropped. */
  readonly dropped: number;
}

/**
 * The job: every input, in order, through the pipeline into the output, one file on two threads when it is
 * big enough, and a folder's small files on two threads when they are many. The output is closed at the end
 * (or dropped when no record came and it is a file put in place at the end); on a failure of the output it
 * is dropped and the error thrown. Never exits the process.
 */
export async function convertInputs(job: ConvertJob, hooks: ConvertHooks): Promise<ConvertTally> {
  const { output, strict } = job;
  const text = output.text;
  const out = output.records;
  const unique = job.unique ? new FirstOfEachId() : null;
  let records = 0;
  let warned = 0;
  let failedInputs = 0;
  let bugs = 0;
  /** Writes one record; false once the reader is gone (`| head`), so reading stops. */
  const onRecord = async (record: PostRecord): Promise<boolean> => {
    hooks.record();
    if (unique && !unique.keep(record)) return !text?.readerGone;
    records++;
    if (record.warnings.length > 0) {
      warned++;
      if (strict) for (const w of record.warnings) hooks.warning({ source: record.source_file, line: record.source_line }, w);
    }
    await out.write(record);
    return !text?.readerGone;
  };
  let inputName = '';
  // Text output only: the two-thread path formats records in the worker, so none would pass through `unique`.
  const parts: PartSink | null = text && !unique ? {
    record: onRecord,
    async encoded(bytes, count, warnedCount, warnings) {
      for (let i = 0; i < count; i++) hooks.record();
      records += count;
      warned += warnedCount;
      for (const { line, warnings: ws } of warnings) for (const w of ws) hooks.warning({ source: inputName, line }, w);
      await text.writeBytes(bytes);
      return !text.readerGone;
    },
    bytesRead: (bytes) => hooks.bytesRead(bytes),
    get releasesBytes() {
      return text.releasesBytes;
    },
  } : null;
  const textFormat = isDatasetFormat(job.format) ? null : job.format;
  const settings = parallelSettings();
  const parallel = textFormat && { format: textFormat, formatOptions: job.formatOptions, strict, settings };
  const onBytes = (bytes: number) => hooks.bytesRead(bytes);
  const readOne = async (input: Input, opened: Opened) => {
    const outcome = parallel && parts ? await readInputParallel(input, opened, parallel, parts) : null;
    if (outcome !== null) return outcome;
    // Not for two threads, or no record there: read in turn (again, if the parallel path gave up on it).
    const fresh = opened.kind === 'stream' && opened.stream.destroyed ? await openInput(input, job.stdin) : opened;
    return readInput(input, fresh, onRecord, onBytes);
  };
  /** Tells an input's problems; true when the run goes on. */
  const told = (outcome: { readonly problems: readonly DumpProblem[]; readonly stopped: boolean }) => {
    if (outcome.stopped) return false;
    if (outcome.problems.length > 0) failedInputs++;
    for (const problem of outcome.problems) {
      if (problem.bug) bugs++;
      hooks.problem(problem);
    }
    return true;
  };
  /**
   * A batch of small files parsed (here or by the worker), written as the sequential path would: its
   * output, then for each file what it tells (records, warnings, problems) in file order.
   */
  const writeBatch = async (unit: Extract<Unit, { kind: 'batch' }>): Promise<boolean> => {
    const { done } = unit;
    if (done.first && text) await out.write(done.first); // formatted here: only this thread knows whether it opens the output
    if (done.bytes.length > 0 && text) await text.writeBytes(done.bytes);
    for (const [i, input] of unit.inputs.entries()) {
      const file = done.files[i];
      if (!file) continue;
      hooks.startInput(file.size);
      hooks.bytesRead(file.size);
      if (file.records) {
        for (const record of file.records) if (!(await onRecord(record))) return false;
      } else {
        if (i === done.firstFile && done.first) {
          hooks.record();
          records++;
          const { warnings } = done.first;
          if (warnings.length > 0) {
            warned++;
            if (strict) for (const w of warnings) hooks.warning({ source: done.first.source_file, line: done.first.source_line }, w);
          }
        }
        for (let n = 0; n < file.count; n++) hooks.record();
        records += file.count;
        warned += file.warned;
        for (const { line, warnings } of file.warnings) for (const w of warnings) hooks.warning({ source: input.name, line }, w);
      }
      hooks.endInput();
      told({ problems: [...file.problems], stopped: false });
    }
    return !text?.readerGone;
  };
  // Enough small files for a second thread (only those a worker can read count): they are parsed in
  // batches on both threads, each thread reading the files of the batches it parses.
  const files = job.inputs.reduce((count, input) => count + (deferrable(input) ? 1 : 0), 0);
  // Records that must come back as records (datasets, --unique) cost as much to pass between threads (a
  // structured clone, or JSON.parse of JSON text) as parsing them: measured no faster on two threads, so those
  // runs stay on one unless the files field of POSTDUMP_PARALLEL asks for two (the tests do).
  const asText = text !== null && !unique;
  const spread = files >= (asText ? settings.minFiles : settings.minRecordFiles);
  // Spread: the small files are left for whichever thread parses them to read.
  const ahead = readAhead(job.inputs, job.stdin, READ_AHEAD, spread);
  const units: AsyncIterable<Unit> = spread
    ? spreadInputs(ahead, { format: asText ? textFormat : null, formatOptions: job.formatOptions, strict, batchFiles: settings.batchFiles, releasesBytes: text?.releasesBytes === true })
    : singles(ahead);
  try {
    for await (const unit of units) {
      if (text?.readerGone) break;
      if (unit.kind === 'batch') {
        if (!(await writeBatch(unit))) break;
        continue;
      }
      const { input } = unit;
      // A small file the spread left unread, and no thread read whole (it failed, or is not small): opened here.
      const opened = unit.opened.kind === 'deferred' ? await openInput(input, job.stdin) : unit.opened;
      inputName = input.name;
      hooks.startInput(opened.kind === 'archive' ? null : sizeOf(opened));
      const outcome =
        opened.kind === 'archive'
          ? await readArchive({ ...input, path: opened.path }, opened.archive, job.skipMember, (member, bytes) => readInput(member, bytes, onRecord, onBytes))
          : await readOne(input, opened);
      hooks.endInput();
      if (!told(outcome)) break;
    }
    // No record at all: a file there before stays as it was, and none is made.
    if (records === 0 && output.atomic) await out.abort();
    else await out.close();
  } catch (error) {
    await out.abort();
    throw error;
  }
  return { records, warned, failedInputs, bugs, dropped: unique?.dropped ?? 0 };
}

/** Every input as it is, for the main thread alone. */
async function* singles(ahead: AsyncIterable<Ahead>): AsyncGenerator<Unit> {
  for await (const unit of ahead) yield { kind: 'single', ...unit };
}
