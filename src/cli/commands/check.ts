import { compareDump } from '../../check/compare.js';
import { type Paint, describeDifferences, statusLine, summaryLine } from '../../check/describe.js';
import { ExpectationsError } from '../../check/expectations.js';
import { type JunitCase, junitXml } from '../../check/junit.js';
import { escapeControls } from '../../text/escape-controls.js';
import { EXIT } from '../exit-codes.js';
import type { CheckIo, CheckOptions } from './check-command.js';
import { describeFsError } from '../../sources/fs-error.js';
import { ignoreTest } from '../../sources/ignore.js';
import { type Palette, paletteFor } from '../paint.js';
import { Reporter } from '../report.js';
import { streamSink } from '../../sinks/target/stream.js';
import { writeFileAtomically } from '../../sinks/target/write-file.js';
import type { Expectations } from '../../check/expectations.js';
import type { DumpResult } from '../../pipeline/dump-parser.js';
import type { WarningKind } from '../../pipeline/reconcile/warning-kinds.js';
import { type ArchiveTarget, type Target, type Unusable, examine, examineMembers, findTargets } from './check-targets.js';
import { type Out, update } from './check-update.js';

/** Checks (or with --update, rewrites the expectations of) every dump the paths name; returns the exit code. */
export async function runCheck(paths: readonly string[], options: CheckOptions, io: CheckIo): Promise<number> {
  const colour = options.color ?? 'auto';
  const reporter = new Reporter(io.stderr, await paletteFor(colour, io.stderr, io.env));
  if (paths.includes('-')) {
    reporter.error({}, 'check reads dump files with NAME.json beside them, not stdin: name files or folders');
    return EXIT.usage;
  }
  const { targets, unusable } = await findTargets(paths, ignoreTest(options.ignore ?? []));
  // The report is this command's output: like convert's, it stops quietly when the reader goes (`| head`),
  // and the check still runs to its end, so the exit code and --junit stay right.
  const sink = streamSink(io.stdout);
  const out: Out = async (line) => {
    try {
      await sink.write(`${line}\n`);
    } catch (error) {
      throw new ReportWriteError(error);
    }
  };
  try {
    if (options.update) return await update(targets, unusable, { out, reporter, all: options.all === true, allow: new Set(options.allow ?? []) });
    // The report is for people, so it may be coloured; by the same rules, judged on stdout.
    const paint = terminalPaint(await paletteFor(colour, io.stdout, io.env));
    return await checkAll(targets, unusable, options.junit, { out, paint, reporter, quiet: options.quiet === true, allow: new Set(options.allow ?? []) });
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    reporter.error({ source: 'stdout' }, `cannot write the report: ${describeFsError(error.cause)}`);
    return EXIT.failed;
  }
}

class ReportWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super('cannot write the report');
  }
}

interface Reporting {
  readonly out: Out;
  readonly paint: Paint;
  readonly reporter: Reporter;
  readonly quiet: boolean;
  /** `--allow`: warnings of these kinds do not fail a dump without NAME.json. */
  readonly allow: ReadonlySet<WarningKind>;
}

async function checkAll(targets: readonly (Target | ArchiveTarget)[], unusable: readonly Unusable[], junit: string | undefined, { out, paint, reporter, quiet, allow }: Reporting): Promise<number> {
  const cases: JunitCase[] = [];
  const mismatched: string[] = [];
  let bugs = 0;
  const report = async (name: string, diff: readonly string[], seconds?: number, bug = false) => {
    if (!quiet || diff.length > 0) await out(statusLine(name, diff.length === 0, paint));
    for (const line of diff) await out(`  ${line}`);
    const failure = diff.length === 0 ? undefined : { message: diff[0] ?? '', text: diff.join('\n'), error: bug };
    cases.push({ name, ...(seconds !== undefined && { seconds }), ...(failure && { failure }) });
  };

  for (const { name, message } of unusable) await report(name, [`${escapeControls(name)}: ${message}`]);
  for (const target of targets) {
    let started = performance.now();
    if ('archive' in target) {
      const archiveProblems = await examineMembers(target, async (name, result) => {
        const outcome = judge(name, result, null, paint, reporter, allow);
        if (outcome.bug) bugs++;
        await report(name, outcome.diff, (performance.now() - started) / 1000, outcome.bug);
        started = performance.now();
      });
      for (const { source, message } of archiveProblems) await report(source, [`${escapeControls(source)}: ${message}`]);
      continue;
    }
    const outcome = await checkOne(target, paint, reporter, allow);
    if (outcome.bug) bugs++;
    if (outcome.mismatch) mismatched.push(target.dump.name);
    await report(target.dump.name, outcome.diff, (performance.now() - started) / 1000, outcome.bug);
  }

  const failed = cases.filter((c) => c.failure).length;
  const written = junit === undefined || (await writeJunit(junit, cases, reporter));
  // Records that differ may be the parser's fix rather than its bug: say how to take them, once.
  if (mismatched.length > 0) await out(`(if the new records are right: postdump check --update ${mismatched.map(shellWord).join(' ')})`);
  await out(summaryLine(cases.length - failed, failed));
  if (bugs > 0) return EXIT.bug;
  return failed > 0 || !written ? EXIT.failed : EXIT.ok;
}

/**
 * One dump's diff lines (none: it passed), and whether its records differ from NAME.json (which --update
 * would take). A bug in postdump is also reported with its stack.
 */
async function checkOne(target: Target, paint: Paint, reporter: Reporter, allow: ReadonlySet<WarningKind>): Promise<{ diff: string[]; mismatch: boolean; bug: boolean }> {
  try {
    const { result, expectations } = await examine(target);
    return judge(target.dump.name, result, expectations, paint, reporter, allow);
  } catch (error) {
    if (!(error instanceof ExpectationsError)) throw error;
    return { diff: [`${target.expectationsPath}: ${error.message}`], mismatch: false, bug: false };
  }
}

/** Compares what a dump gave with what is expected of it (null: no `NAME.json`). */
function judge(
  name: string,
  result: DumpResult,
  expectations: Expectations | null,
  paint: Paint,
  reporter: Reporter,
  allow: ReadonlySet<WarningKind>,
): { diff: string[]; mismatch: boolean; bug: boolean } {
  const differences = compareDump(result, expectations, allow);
  let bug = false;
  for (const d of differences) {
    if (d.kind === 'problem' && d.bug) {
      bug = true;
      reporter.bug({ source: name, line: d.line }, d.bug);
    }
  }
  // What --update would take: other records, or (without NAME.json) records with warnings.
  const mismatch = differences.some((d) => d.kind === 'value' || d.kind === 'warning' || (d.kind === 'count' && d.actual > 0));
  return { diff: describeDifferences(name, differences, paint), mismatch, bug };
}

async function writeJunit(file: string, cases: readonly JunitCase[], reporter: Reporter): Promise<boolean> {
  try {
    await writeFileAtomically(file, junitXml('postdump check', cases));
    return true;
  } catch (error) {
    reporter.error({ source: file }, `cannot write the JUnit report: ${describeFsError(error)}`);
    return false;
  }
}

function terminalPaint(paint: Palette): Paint {
  return { ok: paint.green, fail: paint.boldRed, expected: paint.green, actual: paint.red };
}

/**
 * A path as it can be pasted into a shell. One holding control characters is written in bash's `$'...'`
 * quoting, with them escaped: exact when pasted, and harmless on the terminal.
 */
function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  const escaped = escapeControls(word);
  if (escaped !== word) return `$'${escapeControls(word.replace(/[\\']/g, '\\$&'))}'`;
  return `'${word.replaceAll("'", "'\\''")}'`;
}
