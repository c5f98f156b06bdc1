import type { Readable, Writable } from 'node:stream';
import { type ConvertJob, convertInputs } from '../../convert/convert.js';
import { planThreads } from '../../convert/threads.js';
import { type DatasetFormat, isDatasetFormat } from '../../sinks/dataset/datasets.js';
import { type Output, openOutput } from '../../sinks/open-output.js';
import { OutputRefused, SinkError } from '../../sinks/record-sink.js';
import { type AppendSink, appendOutput } from './append-output.js';
import type { FormatName } from '../../sinks/text/formats.js';
import { type FormatOptions, formatOptions } from '../../sinks/text/options.js';
import { describeFsError } from '../../sources/fs-error.js';
import { ignoreTest, ignoredOnTheWay } from '../../sources/ignore.js';
import { FileListError, readFileList } from '../../sources/files-from.js';
import { resolveInputs } from '../../sources/inputs.js';
import { clashMessage, findClash, outputTarget } from '../../convert/output-clash.js';
import { type Shard, takeShard } from '../../sources/shard.js';
import { EXIT } from '../exit-codes.js';
import { onInterrupt } from '../process.js';
import { startProgress, wantsProgress } from '../progress.js';
import type { Reporter } from '../report.js';
import { runSummary } from '../run-summary.js';

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
  /** `-f sqlite --append`: add to the database, skipping inputs loaded before (see appendOutput). */
  readonly append?: boolean;
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
  const sharded = options.shard ? takeShard(resolved.inputs, resolved.errors, options.shard) : resolved;
  const { errors } = sharded;
  let { inputs } = sharded;
  for (const error of errors) reporter.error({ source: error.name }, error.message);

  const formats = formatOptions(options);
  let output: Output;
  let appending: AppendSink | null = null;
  let skipped = 0;
  try {
    if (options.append && options.output) {
      const append = await appendOutput(options.output, inputs);
      ({ inputs, skipped } = append);
      appending = append.sink;
      output = append.output;
    } else output = await openOutput(options.format, formats, options.output, io.stdout);
  } catch (error) {
    if (error instanceof OutputRefused) {
      reporter.error({}, error.message);
      return EXIT.usage;
    }
    if (!isOutputError(error) && !(error instanceof SinkError)) throw error;
    reporter.error({ source: options.output }, `cannot write the output: ${describeFsError(error)}`);
    return EXIT.failed;
  }
  const progress = startProgress(io.stderr, reporter, inputs.length + skipped, wantsProgress(io.stderr, recordsOnTerminal(io.stdout, options), options.quiet));
  const forgetProgress = onInterrupt(() => progress.stop()); // no bar left on screen by Ctrl-C
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
    unique,
    skipMember: (member: string) => ignoredOnTheWay(ignored, member),
    plan: planThreads(inputs, unique || isDatasetFormat(options.format)),
  };
  let tally;
  try {
    tally = inputs.length === 0 && (errors.length === 0 || appending) ? await writeEmpty(output) : await convertInputs(job, {
      startInput: (size) => progress.startInput(size),
      endInput: () => {
        appending?.endInput();
        progress.endInput();
      },
      records: (count) => progress.records(count),
      bytesRead: (bytes) => progress.bytesRead(bytes),
      warning: (place, message) => reporter.warning(place, message),
      problem: (problem) => {
        appending?.problem(problem.line === null ? problem.message : `${problem.source}:${problem.line}: ${problem.message}`);
        if (problem.bug) reporter.bug(problem, problem.bug);
        else reporter.error(problem, problem.message);
      },
    });
  } catch (error) {
    if (!isOutputError(error)) throw error;
    reporter.error({ source: options.output ?? 'stdout' }, `cannot write the output: ${describeFsError(error)}`);
    return EXIT.failed;
  } finally {
    forgetProgress();
    progress.stop();
  }
  const { records, warned, bugs, dropped } = tally;
  const failedInputs = errors.length + tally.failedInputs;

  // On a terminal a person waits for the end, so say how it went; in a pipe, silence unless something failed
  // (or was dropped).
  const onTerminal = io.stderr.isTTY === true;
  if (!options.quiet && (onTerminal || failedInputs > 0 || warned > 0 || dropped > 0)) {
    const goodInputs = inputs.length + skipped + errors.length - failedInputs;
    const seconds = onTerminal ? (Date.now() - started) / 1000 : undefined;
    const warningsKey = formats.fields.includes('warnings');
    reporter.info(runSummary({ records, goodInputs, failedInputs, dropped, warned, strict: options.strict, warningsKey, output: options.output, seconds }));
  }
  if (bugs > 0) return EXIT.bug;
  if (failedInputs > 0 || (options.strict && warned > 0)) return EXIT.failed;
  return EXIT.ok;
}

/**
 * A run with no input at all, and no argument that failed (a shard with nothing in it, an empty --files-from
 * list), has not failed: its output is written, empty but valid (a header, `[]`, a Parquet file with no row),
 * and replaces an older one, so a part left from an earlier run with more inputs is not read as this run's.
 */
async function writeEmpty(output: Output) {
  await output.records.close();
  return { records: 0, warned: 0, failedInputs: 0, bugs: 0, dropped: 0 };
}

/** Records go to a terminal: stdout is one and no `-o` file takes them. */
function recordsOnTerminal(stdout: { isTTY?: boolean }, options: ConvertOptions): boolean {
  return options.output === undefined && stdout.isTTY === true;
}

function isOutputError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
}
