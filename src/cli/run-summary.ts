import { formatCount, plural } from '../text/count.js';
import { formatSeconds } from './progress.js';

/** What a conversion did, for the line that sums it up. */
export interface RunTotals {
  readonly records: number;
  /** Inputs, and those of them that failed. */
  readonly inputs: number;
  readonly failedInputs: number;
  /** Records dropped by `--unique`. */
  readonly dropped?: number;
  /** Records that carry warnings. */
  readonly warned: number;
  readonly strict: boolean;
  /** Whether the output has the `warnings` key (`--fields` may leave it out). */
  readonly warningsKey: boolean;
  /** The `-o` file, if any. */
  readonly output?: string | undefined;
  /** How long the run took; left out of the line when undefined (in logs, where it would only vary). */
  readonly seconds?: number | undefined;
}

/**
 * `1,234 records from 12 inputs (1 failed), written to posts.csv, in 1.2s; 3 records with warnings (...)`:
 * one line, counts formatted alike; what did not happen (no failure, no warning) is not mentioned.
 */
export function runSummary(totals: RunTotals): string {
  const failed = totals.failedInputs > 0 ? ` (${formatCount(totals.failedInputs)} failed)` : '';
  const from = totals.inputs > 0 ? ` from ${plural(totals.inputs, 'input')}${failed}` : '';
  // A run with no record leaves the output as it was: saying it was written would be untrue.
  const to = !totals.output ? '' : totals.records > 0 ? `, written to ${totals.output}` : `, ${totals.output} left as it was`;
  const took = totals.seconds === undefined ? '' : `, in ${formatElapsed(totals.seconds)}`;
  const parts = [`${plural(totals.records, 'record')}${from}${to}${took}`];
  if (totals.dropped) parts.push(`${plural(totals.dropped, 'duplicate')} dropped (--unique)`);
  if (totals.warned > 0) parts.push(`${plural(totals.warned, 'record')} with warnings${warningsHint(totals)}`);
  return parts.join('; ');
}

function warningsHint({ strict, warningsKey }: RunTotals): string {
  if (strict) return '';
  return warningsKey ? ' (see their "warnings"; --strict fails on them)' : ' (--strict prints them and fails on them)';
}

/** `12 ms`, `1.4s`, `9.5s`, then as the progress bar says: `45s`, `2m05s`. */
export function formatElapsed(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  return seconds < 10 ? `${(Math.round(seconds * 10) / 10).toFixed(1)}s` : formatSeconds(seconds);
}
