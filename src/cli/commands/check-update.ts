import { compareDump } from '../../check/compare.js';
import { ExpectationsError, formatExpectations } from '../../check/expectations.js';
import { formatCount } from '../../text/count.js';
import { escapeControls } from '../../text/escape-controls.js';
import { EXIT } from '../exit-codes.js';
import { describeFsError } from '../../sources/fs-error.js';
import type { Reporter } from '../report.js';
import { writeFileAtomically } from '../../sinks/target/write-file.js';
import { type ArchiveTarget, type Target, type Unusable, examine, examineMembers } from './check-targets.js';
import { PLAIN, describeDifferences, statusLine } from '../../check/describe.js';
import type { WarningKind } from '../../pipeline/reconcile/warning-kinds.js';

/** Writes one line of the report on stdout. */
export type Out = (line: string) => Promise<void>;

export interface UpdateSettings {
  readonly out: Out;
  readonly reporter: Reporter;
  /** Rewrite passing dumps' expectations too (`--all`). */
  readonly all: boolean;
  /** `--allow`: warnings of these kinds do not fail an archive member. */
  readonly allow: ReadonlySet<WarningKind>;
}

/**
 * `check --update`: writes the `NAME.json` of each dump that fails its check, or has none, from the records
 * it gives now (whole, without `source_file`), keeping the file's note. A passing dump's file is left
 * alone unless `all`: it may list only some keys on purpose. Files whose text would not change are not
 * written; each written file is named on stdout, then `N changed, M unchanged, K passed and kept`.
 * Archive members, which have no NAME.json, are checked as check does. Returns the exit code: 1 while
 * anything still fails.
 */
export async function update(targets: readonly (Target | ArchiveTarget)[], unusable: readonly Unusable[], { out, reporter, all, allow }: UpdateSettings): Promise<number> {
  let changed = 0;
  let unchanged = 0;
  let kept = 0;
  let failed = unusable.length;
  let bugs = 0;
  for (const { name, message } of unusable) reporter.error({ source: name }, message);

  for (const target of targets) {
    if ('archive' in target) {
      // Nothing can be written beside its members: they are checked as check does (without NAME.json), and
      // those that fail are shown so, and fail the run.
      let archiveFailed = false;
      const fail = async (name: string, diff: readonly string[]) => {
        archiveFailed = true;
        failed++;
        await out(statusLine(name, false, PLAIN));
        for (const line of diff) await out(`  ${line}`);
      };
      const problems = await examineMembers(target, async (name, result) => {
        const differences = compareDump(result, null, allow);
        if (differences.length > 0) await fail(name, describeDifferences(name, differences, PLAIN));
      });
      for (const { source, message } of problems) await fail(source, [`${escapeControls(source)}: ${message}`]);
      if (!archiveFailed) await out(`skipped ${target.archive.name} (an archive: its members pass, and have no NAME.json to update)`);
      continue;
    }
    const file = target.expectationsPath;
    let examined: Awaited<ReturnType<typeof examine>>;
    try {
      examined = await examine(target);
    } catch (error) {
      if (!(error instanceof ExpectationsError)) throw error;
      // Rewriting it would lose what it holds (its note): the person decides.
      reporter.error({ source: file }, `${error.message}; not updated: fix it, or delete it to start afresh`);
      failed++;
      continue;
    }
    const { result, expectations, expectationsText } = examined;
    if (!all && expectations !== null && compareDump(result, expectations).length === 0) {
      kept++;
      continue;
    }
    const bug = result.problems.find((problem) => problem.bug);
    if (bug?.bug) {
      reporter.bug(bug, bug.bug);
      bugs++;
      continue;
    }
    const text = formatExpectations(result.records, expectations?.note ?? null, result.problems);
    if (text === expectationsText) {
      unchanged++;
      continue;
    }
    try {
      await writeFileAtomically(file, text);
    } catch (error) {
      reporter.error({ source: file }, `cannot write it: ${describeFsError(error)}`);
      failed++;
      continue;
    }
    changed++;
    // A dump that gives no record now turns into one that must fail: say so, it may be a regression.
    const why = result.records.length === 0 ? ` (no record now, so the dump must fail: ${result.problems[0]?.message ?? 'no post'})` : '';
    await out(`${expectationsText === null ? 'created' : 'updated'} ${escapeControls(file)}${escapeControls(why)}`);
  }

  const passed = kept > 0 ? `, ${formatCount(kept)} passed and kept (--update --all rewrites them too)` : '';
  await out(`${formatCount(changed)} changed, ${formatCount(unchanged)} unchanged${passed}${failed > 0 ? `, ${formatCount(failed)} failed` : ''}`);
  if (bugs > 0) return EXIT.bug;
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
