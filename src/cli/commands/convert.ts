import type { Readable, Writable } from 'node:stream';
import { FORMATS, type FormatName } from '../../sinks/text/formats.js';
import { type FormatOptions, formatOptions } from '../../sinks/text/options.js';
import type { PostRecord } from '../../pipeline/record/schema.js';
import { type DatasetFormat, isDatasetFormat, openDatasetSink } from '../../sinks/dataset/datasets.js';
import { openFormattedSink } from '../../sinks/text/formatted-sink.js';
import { type RecordSink, SinkError } from '../../sinks/record-sink.js';
import { FirstOfEachId } from '../../sinks/unique.js';
import { EXIT } from '../exit-codes.js';
import { ignoreTest, ignoredOnTheWay } from '../../sources/ignore.js';
import { describeFsError } from '../../sources/fs-error.js';
import { type Input, resolveInputs } from '../../sources/inputs.js';
import { clashMessage, outputTarget, stdinClash } from '../../sources/output-clash.js';
import { startProgress, wantsProgress } from '../progress.js';
import { onInterrupt } from '../process.js';
import { type Opened, openInput, readAhead, sizeOf } from '../../sources/read-ahead.js';
import { type PartSink, parallelSettings, readInputParallel } from '../../convert/parallel/run-parallel.js';
import { readArchive } from '../../convert/read-archive.js';
import { readInput } from '../../convert/read-input.js';
import type { Reporter } from '../report.js';
import { runSummary } from '../run-summary.js';
import { fileSink, followLinks } from '../../sinks/target/file.js';
import { type TextSink, streamSink } from '../../sinks/target/stream.js';

export interface ConvertOptions extends Partial<FormatOptions> {
  readonly format: FormatName | DatasetFormat;
  readonly output?: string;
  readonly strict: boolean;
  readonly quiet: boolean;
  /** `--ignore` patterns: files and folders to skip when searching folders and globs. */
  readonly ignore?: readonly string[];
  /** `--unique`: only the first record of each post id. */
  readonly unique?: boolean;
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
  const started = performance.now();
  const output = options.output ? await outputTarget(options.output) : null;
  const resolved = await resolveInputs(paths.length > 0 ? paths : ['-'], ignored, output);
  const { inputs, errors } = resolved;
  const clash = resolved.clash ?? (output && stdinClash(output, inputs, io.stdin));
  if (output && clash) {
    reporter.error({}, clashMessage(output, clash));
    return EXIT.usage; // before anything is read or written
  }
  for (const error of errors) reporter.error({ source: error.name }, error.message);

  const formats = formatOptions(options);
  let opened: Output;
  try {
    opened = await openOutput(options, formats, io.stdout);
  } catch (error) {
    if (!isOutputError(error) && !(error instanceof SinkError)) throw error;
    reporter.error({ source: options.output }, `cannot write the output: ${describeFsError(error)}`);
    return EXIT.failed;
  }
  const { sink, records: out } = opened;
  const unique = options.unique ? new FirstOfEachId() : null;
  let failedInputs = errors.length;
  let bugs = 0;
  let records = 0;
  let warned = 0;
  const progress = startProgress(io.stderr, reporter, inputs.length, wantsProgress(io.stderr, recordsOnTerminal(io.stdout, options), options.quiet));
  const forgetProgress = onInterrupt(() => progress.stop()); // no bar left on screen by Ctrl-C
  /** Writes one record; false once the reader is gone (`| head`), so reading stops. */
  const onRecord = async (record: PostRecord): Promise<boolean> => {
    progress.record();
    if (unique && !unique.keep(record)) return !sink?.readerGone;
    records++;
    if (record.warnings.length > 0) {
      warned++;
      if (options.strict) for (const w of record.warnings) reporter.warning({ source: record.source_file, line: record.source_line }, w);
    }
    await out.write(record);
    return !sink?.readerGone;
  };
  // Text output only: the two-thread path formats records in the worker, so none would pass through `unique`.
  const parts: PartSink | null = sink && !unique ? {
    record: onRecord,
    async encoded(bytes, count, warnedCount, warnings) {
      for (let i = 0; i < count; i++) progress.record();
      records += count;
      warned += warnedCount;
      for (const { line, warnings: ws } of warnings) for (const w of ws) reporter.warning({ source: inputName, line }, w);
      await sink.writeBytes(bytes);
      return !sink.readerGone;
    },
    bytesRead: (bytes) => progress.bytesRead(bytes),
    get releasesBytes() {
      return sink.releasesBytes;
    },
  } : null;
  let inputName = '';
  const textFormat = isDatasetFormat(options.format) ? null : options.format;
  const job = textFormat && { format: textFormat, formatOptions: formats, strict: options.strict, settings: parallelSettings() };
  const onBytes = (bytes: number) => progress.bytesRead(bytes);
  const skipMember = (member: string) => ignoredOnTheWay(ignored, member);
  const readOne = async (input: Input, opened: Opened) => {
    const outcome = job && parts ? await readInputParallel(input, opened, job, parts) : null;
    if (outcome !== null) return outcome;
    // Not for two threads, or no record there: read in turn (again, if the parallel path gave up on it).
    const fresh = opened.kind === 'stream' && opened.stream.destroyed ? await openInput(input, io.stdin) : opened;
    return readInput(input, fresh, onRecord, onBytes);
  };
  try {
    for await (const { input, opened } of readAhead(inputs, io.stdin)) {
      if (sink?.readerGone) break;
      inputName = input.name;
      progress.startInput(opened.kind === 'archive' ? null : sizeOf(opened));
      const outcome =
        opened.kind === 'archive'
          ? await readArchive({ ...input, path: opened.path }, opened.archive, skipMember, (member, bytes) => readInput(member, bytes, onRecord, onBytes))
          : await readOne(input, opened);
      progress.endInput();
      if (outcome.stopped) break;
      if (outcome.problems.length > 0) failedInputs++;
      for (const problem of outcome.problems) {
        if (problem.bug) {
          bugs++;
          reporter.bug(problem, problem.bug);
        } else reporter.error(problem, problem.message);
      }
    }
    // No record at all: a file there before stays as it was, and none is made.
    if (records === 0 && opened.atomic) await out.abort();
    else await out.close();
  } catch (error) {
    await out.abort();
    if (!isOutputError(error)) throw error;
    reporter.error({ source: options.output ?? 'stdout' }, `cannot write the output: ${describeFsError(error)}`);
    return EXIT.failed;
  } finally {
    forgetProgress();
    progress.stop();
  }

  // On a terminal a person waits for the end, so say how it went; in a pipe, silence unless something failed
  // (or was dropped).
  const onTerminal = io.stderr.isTTY === true;
  const dropped = unique?.dropped ?? 0;
  if (!options.quiet && (onTerminal || failedInputs > 0 || warned > 0 || dropped > 0)) {
    const goodInputs = inputs.length + errors.length - failedInputs;
    const seconds = onTerminal ? (performance.now() - started) / 1000 : undefined;
    const warningsKey = formats.fields.includes('warnings');
    reporter.info(runSummary({ records, goodInputs, failedInputs, dropped, warned, strict: options.strict, warningsKey, output: options.output, seconds }));
  }
  if (bugs > 0) return EXIT.bug;
  if (failedInputs > 0 || (options.strict && warned > 0)) return EXIT.failed;
  return EXIT.ok;
}

/** The text output (null for a dataset) and where records go. */
interface Output {
  readonly sink: TextSink | null;
  readonly records: RecordSink;
  /** A file put in place only at the end (every dataset; `-o` to a regular file). */
  readonly atomic: boolean;
}

async function openOutput(options: ConvertOptions, formats: FormatOptions, stdout: Writable): Promise<Output> {
  if (isDatasetFormat(options.format)) {
    if (!options.output) throw new Error(`-f ${options.format} needs -o FILE`); // refused as usage before this
    return { sink: null, records: await openDatasetSink(options.format, await followLinks(options.output), formats.fields), atomic: true };
  }
  const sink = options.output ? await fileSink(options.output) : streamSink(stdout, { gather: true });
  return { sink, records: await openFormattedSink(sink, FORMATS[options.format](formats)), atomic: sink.atomic === true };
}

/** Records go to a terminal: stdout is one and no `-o` file takes them. */
function recordsOnTerminal(stdout: { isTTY?: boolean }, options: ConvertOptions): boolean {
  return options.output === undefined && stdout.isTTY === true;
}

function isOutputError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
}
