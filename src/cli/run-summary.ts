import { plural } from '../text/count.js';
import { formatSeconds } from './progress.js';

/** What a conversion did, for the line that sums it up. */
export interface RunTotals {
  readonly records: number;
  /** Inputs that gave records, and inputs that failed. */
  readonly goodInputs: number;
  readonly failedInputs: number;
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
 * `1,234 records from 12 inputs, written to posts.csv, in 1.2s; 1 input failed; 3 records with warnings
 * (...)`: one line, counts formatted alike; what did not happen (no failure, no warning) is not mentioned.
 */
export function runSummary(totals: RunTotals): string {
  const from = totals.goodInputs > 0 ? ` from ${plural(totals.goodInputs, 'input')}` : '';
  // A run with no record leaves the output as it was: saying it was written would be untrue.
  const to = !totals.output ? '' : totals.records > 0 ? `, written to ${totals.output}` : `, ${totals.output} left as it was`;
  const took = totals.seconds === undefined ? '' : `, in ${formatElapsed(totals.seconds)}`;
  const parts = [`${plural(totals.records, 'record')}${from}${to}${took}`];
  if (totals.failedInputs > 0) parts.push(`${plural(totals.failedInputs, 'input')} failed`);
  if (totals.warned > 0) parts.push(`${plural(totals.warned, 'record')} with warnings${warningsHint(totals)}`);
  return parts.join('; ');
}

function warningsHint({ strict, warningsKey }: RunTotals): string {
  if (strict) return '';
  return warningsKey ? ' (see their "warnings"; --strict fails on them)' : ' (--strict prints them and fails on them)';
}

/** `0.4s`, `9.5s`, then as the progress bar says: `45s`, `2m05s`. */
export function formatElapsed(seconds: number): string {
  return seconds < 10 ? `${(Math.round(seconds * 10) / 10).toFixed(1)}s` : formatSeconds(seconds);
}
