import type { Readable, Writable } from 'node:stream';
import { type ConvertJob, convertInputs } from '../../convert/convert.js';
import { planThreads } from '../../convert/threads.js';
import { type DatasetFormat, isDatasetFormat } from '../../sinks/dataset/datasets.js';
import { type Output, openOutput } from '../../sinks/open-output.js';
import { OutputRefused, SinkError } from '../../sinks/record-sink.js';
import { type AppendDatabase, type AppendSink, appendOutput } from './append-output.js';
import type { FormatName } from '../../sinks/text/formats.js';
import { type FormatOptions, formatOptions } from '../../sinks/text/options.js';
import { describeFsError } from '../../sources/fs-error.js';
import { type IgnoreTest, ignoreTest, ignoredOnTheWay } from '../../sources/ignore.js';
import { FileListError, readFileList } from '../../sources/files-from.js';
import { type Resolved, resolveInputs } from '../../sources/inputs.js';
import { type OutputTarget, clashMessage, findClash, outputTarget } from '../../convert/output-clash.js';
import { type Shard, takeShard } from '../../sources/shard.js';
import { EXIT } from '../exit-codes.js';
import { type Interrupt, interruptExitCode, onInterrupt } from '../process.js';
import { startProgress, wantsProgress } from '../progress.js';
import type { Reporter } from '../report.js';
import { runSummary } from '../run-summary.js';
import { summaryOf, writeSummaryFile } from '../summary-file.js';
import { type RunTally, newRunTally } from '../../convert/tally.js';
import type { WarningKind } from '../../pipeline/reconcile/warning-kinds.js';

export interface ConvertOptions extends Partial<FormatOptions> {
  readonly format: FormatName | DatasetFormat;
  readonly output?: string;
  readonly strict: boolean;
  readonly quiet: boolean;
  /** `--ignore` patterns: files and folders to skip when searching folders and globs. */
  readonly ignore?: readonly string[];
  /** `--unique`: only the first record of each post id. */
  readonly unique?: boolean;
  /** `--shard I/N`: only this part of the sorted inputs. */
  readonly shard?: Shard;
  /** `--files-from` lists (`-`: stdin): more input paths, one a line. */
  readonly filesFrom?: readonly string[];
  /** `--null`: the lists' paths are NUL-separated. */
  readonly null?: boolean;
  /** `--allow KIND` (with `--strict`): warnings of these kinds neither fail the run nor are printed. */
  readonly allow?: readonly WarningKind[];
  /** `--summary FILE`: the run summed up as JSON, written at the end whatever the exit code. */
  readonly summary?: string;
  /** `-f sqlite --append`: add to the database, skipping inputs loaded before (see appendOutput). */
  readonly append?: boolean;
  /** With `append`: the `-o` database, open already, kept open after the run (watch loads into one across loads). */
  readonly appendTo?: AppendDatabase;
}

export interface ConvertIo {
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly reporter: Reporter;
  /** Where a progress bar and the summary line may be drawn (only when it is a terminal). */
  readonly stderr: Writable & { isTTY?: boolean };
}

/** The main job: every input → records in one output. Returns the exit code. */
export async function convert(paths: readonly string[], options: ConvertOptions, io: ConvertIo): Promise<number> {
  const { reporter } = io;
  const ignored = ignoreTest(options.ignore ?? []);
  const started = Date.now(); // not performance.now(): loading perf_hooks costs a run of one small file milliseconds
  const target = options.output ? await outputTarget(options.output) : null;
  const listed: string[] = [];
  try {
    for (const list of options.filesFrom ?? []) listed.push(...(await readFileList(list, options.null === true, io.stdin)));
  } catch (error) {
    if (!(error instanceof FileListError)) throw error;
    reporter.error({}, error.message);
    return EXIT.usage; // nothing read or written
  }
  // With --files-from, no path means none: stdin is read only when named, or when nothing names any input.
  const args = paths.length > 0 || options.filesFrom ? paths : ['-'];
  const resolved = await resolveInputs(args, ignored, listed);
  const clash = target && (await findClash(target, resolved, ignored, io.stdin));
  if (target && clash) {
    reporter.error({}, clashMessage(target, clash));
    return EXIT.usage; // before anything is read or written (in every shard: the clash is the whole run's)
  }
  const summaryProblem = options.summary === undefined ? null : await summaryClash(options.summary, target, resolved, ignored, io.stdin);
  if (summaryProblem) {
    reporter.error({}, summaryProblem);
    return EXIT.usage;
  }
  const sharded = options.shard ? takeShard(resolved.inputs, resolved.errors, options.shard) : resolved;
  const { errors } = sharded;
  let { inputs } = sharded;
  let skipped = 0; // inputs --append finds unchanged since they were loaded
  const run = newRunTally();
  for (const error of errors) {
    reporter.error({ source: error.name }, error.message);
    run.failures.push({ source: error.name, line: null, message: error.message });
  }
  run.inputs = run.failedInputs = errors.length;
  const allowed = options.allow ?? [];
  const summarise = (exitCode: number, interrupted: string | null = null) => {
    if (options.summary === undefined) return exitCode;
    const summary = summaryOf(run, inputs.length + skipped + errors.length, { exitCode, interrupted, allowed, elapsedMs: Date.now() - started });
    try {
      writeSummaryFile(options.summary, summary);
    } catch (error) {
      if (!isOutputError(error)) throw error;
      reporter.error({ source: options.summary }, `cannot write the summary: ${describeFsError(error)}`);
      return exitCode === EXIT.ok ? EXIT.failed : exitCode;
    }
    return exitCode;
  };

  const formats = formatOptions(options);
  let output: Output;
  let appending: AppendSink | null = null;
  try {
    if (options.append && options.output) {
      const append = await appendOutput(options.output, inputs, options.appendTo);
      ({ inputs, skipped } = append);
      appending = append.sink;
      output = append.output;
    } else output = await openOutput(options.format, formats, options.output, io.stdout);
  } catch (error) {
    if (error instanceof OutputRefused) {
      reporter.error({}, error.message);
      return summarise(EXIT.usage);
    }
    if (!isOutputError(error) && !(error instanceof SinkError)) throw error;
    reporter.error({ source: options.output }, `cannot write the output: ${describeFsError(error)}`);
    return summarise(EXIT.failed);
  }
  const progress = startProgress(io.stderr, reporter, inputs.length + skipped, wantsProgress(io.stderr, recordsOnTerminal(io.stdout, options), options.quiet));
  const forgetProgress = onInterrupt(() => progress.stop()); // no bar left on screen by Ctrl-C
  // Stopped part-way, the summary says so, with the counts so far.
  const forgetSummary = options.summary === undefined ? () => {} : onInterrupt((signal) => summarise(interruptExitCode(signal as Interrupt), signal));
  // Inputs --append skips, unchanged since they were loaded, count as done.
  for (let index = 0; index < skipped; index++) {
    progress.startInput(null);
    progress.endInput();
  }
  const unique = options.unique === true;
  const job: ConvertJob = {
    inputs,
    stdin: io.stdin,
    output,
    format: options.format,
    formatOptions: formats,
    strict: options.strict,
    allow: new Set(allowed),
    unique,
    skipMember: (member: string) => ignoredOnTheWay(ignored, member),
    plan: planThreads(inputs, unique || isDatasetFormat(options.format)),
  };
  try {
    if (inputs.length === 0 && (errors.length === 0 || appending)) await output.records.close();
    else
      await convertInputs(
        job,
        {
          startInput: (size) => progress.startInput(size),
          endInput: () => {
            appending?.endInput();
            progress.endInput();
          },
          member: (name, stored) => {
            if (stored) appending?.member(name, stored);
          },
          records: (count) => progress.records(count),
          bytesRead: (bytes) => progress.bytesRead(bytes),
          warning: (place, message, kind) => reporter.warning(place, kind === null ? message : `${message} [${kind}]`),
          problem: (problem) => {
            appending?.problem(problem.source, problem.line === null ? problem.message : `${problem.source}:${problem.line}: ${problem.message}`);
            if (problem.bug) reporter.bug(problem, problem.bug);
            else reporter.error(problem, problem.message);
          },
        },
        run,
      );
  } catch (error) {
    if (!isOutputError(error)) throw error;
    reporter.error({ source: options.output ?? 'stdout' }, `cannot write the output: ${describeFsError(error)}`);
    return summarise(EXIT.failed);
  } finally {
    forgetSummary();
    forgetProgress();
    progress.stop();
  }
  return summarise(endRun(run, inputs.length + skipped + errors.length, options, io, started, formats.fields.includes('warnings')));
}

/** The summary line, and the exit code. */
function endRun(run: RunTally, totalInputs: number, options: ConvertOptions, io: ConvertIo, started: number, warningsKey: boolean): number {
  const { records, warned, bugs, dropped, failedInputs } = run;
  const allowed = new Set(options.allow ?? []);
  const failingWarnings = (Object.entries(run.kinds) as [WarningKind, number][]).some(([kind, n]) => n > 0 && !allowed.has(kind));

  // On a terminal a person waits for the end, so say how it went; in a pipe, silence unless something failed
  // or has warnings (a successful --unique run is silent: its dropped duplicates are what was asked for).
  const onTerminal = io.stderr.isTTY === true;
  if (!options.quiet && (onTerminal || failedInputs > 0 || warned > 0)) {
    const seconds = onTerminal ? (Date.now() - started) / 1000 : undefined;
    io.reporter.info(runSummary({ records, inputs: totalInputs, failedInputs, dropped, warned, strict: options.strict, warningsKey, output: options.output, seconds }));
  }
  if (bugs > 0) return EXIT.bug;
  if (failedInputs > 0 || (options.strict && failingWarnings)) return EXIT.failed;
  return EXIT.ok;
}

/**
 * Why `--summary FILE` cannot be written where asked: it is the `-o` file, or an input (or would be read by
 * one once written). Null when it can.
 */
async function summaryClash(file: string, output: OutputTarget | null, resolved: Resolved, ignored: IgnoreTest, stdin: object): Promise<string | null> {
  const target = await outputTarget(file);
  if (target === null) return null; // a device or a pipe: written, never replaced
  if (output && target.real === output.real) return `--summary ${file} is also the -o file: write the summary elsewhere`;
  const clash = await findClash(target, resolved, ignored, stdin);
  return clash && clashMessage(target, clash, '--summary');
}

/** Records go to a terminal: stdout is one and no `-o` file takes them. */
function recordsOnTerminal(stdout: { isTTY?: boolean }, options: ConvertOptions): boolean {
  return options.output === undefined && stdout.isTTY === true;
}

function isOutputError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
}
