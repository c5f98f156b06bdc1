import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunTally } from '../convert/tally.js';
import { WARNING_KIND_NAMES, type WarningKind } from '../pipeline/reconcile/warning-kinds.js';

/** What `--summary FILE` holds: the run's own tally, in keys a CI step reads. */
export interface RunSummaryFile {
  readonly exit_code: number;
  /** The signal that stopped the run part-way (the counts are then those so far); null when it ran to its end. */
  readonly interrupted: string | null;
  readonly inputs: { readonly total: number; readonly failed: number; readonly failures: readonly { file: string; line: number | null; reason: string }[] };
  readonly records: number;
  readonly records_with_warnings: number;
  /** Every kind, with 0 for those no record had. */
  readonly warnings: Readonly<Record<WarningKind, number>>;
  readonly allowed: readonly WarningKind[];
  readonly duplicates_dropped: number;
  readonly elapsed_ms: number;
}

export function summaryOf(run: RunTally, totalInputs: number, end: { exitCode: number; interrupted: string | null; allowed: readonly WarningKind[]; elapsedMs: number }): RunSummaryFile {
  return {
    exit_code: end.exitCode,
    interrupted: end.interrupted,
    inputs: { total: totalInputs, failed: run.failedInputs, failures: run.failures.map(({ source, line, message }) => ({ file: source, line, reason: message })) },
    records: run.records,
    records_with_warnings: run.warned,
    warnings: Object.fromEntries(WARNING_KIND_NAMES.map((kind) => [kind, run.kinds[kind] ?? 0])) as Record<WarningKind, number>,
    allowed: end.allowed,
    duplicates_dropped: run.dropped,
    elapsed_ms: Math.round(end.elapsedMs),
  };
}

/**
 * Written whole or not at all (a temporary file renamed over it), and synchronously: it is also written
 * from a signal handler, as the process ends.
 */
export function writeSummaryFile(file: string, summary: RunSummaryFile): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, `${JSON.stringify(summary, null, 2)}\n`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
