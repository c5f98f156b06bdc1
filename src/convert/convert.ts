import type { Readable } from 'node:stream';
import type { DumpProblem } from '../pipeline/dump-parser.js';
import type { PostRecord } from '../pipeline/record/schema.js';
import { type DatasetFormat, isDatasetFormat } from '../sinks/dataset/datasets.js';
import type { Output } from '../sinks/open-output.js';
import { FORMATS, type FormatName } from '../sinks/text/formats.js';
import type { FormatOptions } from '../sinks/text/options.js';
import { FirstOfEachId } from '../sinks/unique.js';
import type { Input } from '../sources/inputs.js';
import type { SkipTest } from '../sources/members.js';
import type { MemberStamp } from '../sources/source.js';
import { archiveMembers } from '../sources/archive.js';
import { type Opened, openInput, sizeOf } from '../sources/open-input.js';
import { type ArchiveKind, archiveKind } from '../sources/names.js';
import { streamContent } from '../sources/stdin-content.js';
import { Pool, type UnitDone } from './pool.js';
import { type MemberReader, type Outcome, readArchive } from './read-archive.js';
import { readInput } from './read-input.js';
import { type RunTally, type Tally, addKinds, newRunTally, newTally } from './tally.js';
import { type WarningKind, warningKind } from '../pipeline/reconcile/warning-kinds.js';
import type { ThreadPlan } from './threads.js';
import { UnitOutput } from './unit-output.js';
import { planInput, planUnits } from './units.js';

/** What to convert, and where to: the options, checked once (by the CLI), and what they decided. */
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
  /** `--allow`: warnings of these kinds are neither told nor fail a `--strict` run. */
  readonly allow?: ReadonlySet<WarningKind>;
  /** Archive members to skip (`--ignore`). */
  readonly skipMember: SkipTest;
  /** How many threads, and how the work is cut (see planThreads). */
  readonly plan: ThreadPlan;
}

/** What a run tells as it goes (progress, messages): the caller decides what to show. */
export interface ConvertHooks {
  /** An input starts: its size in bytes when known. */
  startInput(size: number | null): void;
  endInput(): void;
  /** Records were read (before `--unique` drops any). */
  records(count: number): void;
  bytesRead(bytes: number): void;
  /** With `--strict`: one warning of a record, of a kind not allowed. */
  warning(place: { readonly source: string; readonly line: number }, message: string, kind: WarningKind | null): void;
  /** Why an input, or part of it, gave no record (`bug` set for postdump's own failures). */
  problem(problem: DumpProblem): void;
  /** An archive member starts being read (its records and problems follow), with what the archive says of it. */
  member?(name: string, stored: MemberStamp | undefined): void;
}

/**
 * The job: every input, in order, through the pipeline into the output. The pool does the units of work (on
 * one thread or two, see planThreads) and hands them on in input order; this thread writes their output and
 * tells their tallies, and reads in turn what only it reads (stdin, pipes, gzip, archives). The output is
 * closed at the end (or dropped when no record came and it is a file put in place at the end); on a failure
 * of the output it is dropped and the error thrown. Never exits the process. `run` is kept current as the
 * run goes, so a run stopped part-way (Ctrl-C) can say what it did so far.
 */
export async function convertInputs(job: ConvertJob, hooks: ConvertHooks, run: RunTally = newRunTally()): Promise<RunTally> {
  const { output } = job;
  const text = output.text;
  // Records come back as records when they go to a dataset, or through --unique; else as formatted bytes.
  const formatted = job.unique || isDatasetFormat(job.format) ? null : output.formatted;
  const format = formatted && !isDatasetFormat(job.format) ? job.format : null;
  const unique = job.unique ? new FirstOfEachId() : null;
  const formatter = format === null ? null : FORMATS[format](job.formatOptions);
  const pool = await Pool.start(job.plan.threads, { format, formatOptions: job.formatOptions, strict: job.strict }, (input) => planInput(input, job.plan));
  /** The input being told: its tallies may come in several (its parts, an archive's members). */
  let current = null as { failed: boolean; records: number } | null;

  /** Tells a tally: progress, warnings, problems; the input's end when it ends it. */
  const tell = (tally: Tally) => {
    if (!current) {
      current = { failed: false, records: 0 };
      hooks.startInput(tally.size);
    }
    hooks.bytesRead(tally.bytes);
    hooks.records(tally.records);
    current.records += tally.records;
    run.warned += tally.warned;
    addKinds(run.kinds, tally.kinds);
    for (const { line, message } of tally.warnings) {
      const kind = warningKind(message);
      if (kind === null || !job.allow?.has(kind)) hooks.warning({ source: tally.source, line }, message, kind);
    }
    for (const problem of tally.problems) {
      current.failed = true;
      if (problem.bug) run.bugs++;
      run.failures.push(problem);
      hooks.problem(problem);
    }
    if (!tally.ends) return;
    hooks.endInput();
    run.inputs++;
    if (current.failed) run.failedInputs++;
    current = null;
  };

  /** The bytes a unit of work made are filled again once written out: so dead output does not wait for a collection. */
  const reuse = text?.releasesBytes === true;
  /** Writes what a unit made; false once the reader is gone (`| head`). With `release`, its bytes' memory goes back to the pool. */
  const write = async (made: { bytes: Uint8Array | null; records: PostRecord[] | null }, tallies: readonly Tally[], release?: UnitDone): Promise<boolean> => {
    if (made.bytes && formatted) {
      for (const tally of tallies) run.records += tally.records;
      await formatted.writeFormatted(made.bytes, release !== undefined && reuse);
      if (release && reuse) pool.release(release, made.bytes);
    }
    for (const record of made.records ?? []) {
      if (unique && !unique.keep(record)) {
        run.dropped = unique.dropped;
        continue;
      }
      run.records++;
      await output.records.write(record);
    }
    return !text?.readerGone;
  };

  /** An input only this thread reads, as a stream: its output is written, and its tally told, as they come. */
  const readHere = async (input: Input): Promise<boolean> => {
    const out = new UnitOutput(formatter, job.strict);
    /** What the tally counted since it was last told, told now with the output made of it. */
    const flush = async (tally: Tally, problems: readonly DumpProblem[] = []) => {
      const piece: Tally = { ...tally, warnings: tally.warnings.splice(0), problems: [...problems], ends: false };
      tally.bytes = tally.records = tally.warned = 0;
      tally.kinds = {};
      const more = await write(out.take(), [piece]);
      tell(piece);
      return more;
    };
    const read = async (member: Input, opened: Opened): Promise<Outcome> => {
      const tally = newTally(member.name, sizeOf(opened));
      const outcome = await readInput(
        member,
        opened,
        // Written as they come: a stream's records show while it is still being read (a pipe, `tail -f`).
        (found) => {
          out.add(tally, found);
          return flush(tally);
        },
        (bytes) => (tally.bytes += bytes),
      );
      const more = await flush(tally, outcome.problems);
      // Its problems are told: not again with the archive's.
      return { ...outcome, problems: [], stopped: outcome.stopped || !more };
    };
    const archive = input.path === null ? null : archiveKind(input.path);
    // stdin is known by its first bytes: text, or an archive whose members are named `-!/MEMBER`.
    const content = input.path === null ? await streamContent(job.stdin, input.name, job.skipMember) : null;
    if (archive === null && content?.kind !== 'archive') {
      const opened: Opened = content?.kind === 'text' ? { kind: 'stream', stream: content.stream, size: null } : await openInput(input, job.stdin);
      tell({ ...newTally(input.name, sizeOf(opened)), ends: false });
      const { stopped } = await read(input, opened);
      tell(newTally(input.name, null));
      return !stopped;
    }
    tell({ ...newTally(input.name, null), ends: false });
    const members = content?.kind === 'archive' ? content.members : archiveMembers(input.path as string, input.name, archive as ArchiveKind, job.skipMember);
    const readMember: MemberReader = (member, opened, stored) => {
      hooks.member?.(member.name, stored);
      return read(member, opened);
    };
    const { problems, stopped } = await readArchive(input.name, members, readMember);
    tell({ ...newTally(input.name, null), problems });
    return !stopped;
  };

  try {
    let more = true;
    for await (const done of pool.run(planUnits(job.inputs, job.plan))) {
      if (done.kind === 'input') more = await readHere(done.input);
      else {
        const { unit, done: made } = done;
        more = await write(made, made.tallies, made);
        for (const tally of made.tallies) {
          // A big file read in parts that gave no record and no problem: read again whole, which says why.
          const saysNothing = unit.kind === 'part' && tally.ends && (current?.records ?? 0) + tally.records === 0 && !current?.failed && tally.problems.length === 0;
          tell(saysNothing ? { ...tally, ends: false } : tally);
          if (saysNothing && unit.kind === 'part') more = await readHere(unit.input);
        }
      }
      if (!more) break;
      // A dataset is written synchronously, and small files are read so: without a turn of the event loop
      // between units, the progress bar's timer and a Ctrl-C would wait for the end of the run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // No record at all: a file there before stays as it was, and none is made.
    if (run.records === 0 && output.atomic) await output.records.abort();
    else await output.records.close();
  } catch (error) {
    await output.records.abort();
    throw error;
  }
  return run;
}
