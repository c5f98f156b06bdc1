import type { Writable } from 'node:stream';
import type cliProgress from 'cli-progress';
import { formatCount } from '../text/count.js';
import type { Reporter } from './report.js';

/** What convert tells the progress bar; all cheap, so they can be called per record. */
export interface Progress {
  /** An input starts; its size in bytes when known. */
  startInput(bytes: number | null): void;
  bytesRead(bytes: number): void;
  records(count: number): void;
  endInput(): void;
  /** Clears the bar (if it was drawn); messages go straight to stderr again. */
  stop(): void;
}

/** The bar waits this long before it shows: a short run never draws one. */
export const PROGRESS_DELAY_MS = 1000;
const REDRAW_MS = 200;

/**
 * Draws a bar only when stderr is a terminal and the records do not go to it: a bar among records would
 * stay in the scrollback. Never into a pipe or a log file, nor with --quiet.
 */
export function wantsProgress(stderr: { isTTY?: boolean }, recordsOnTerminal: boolean, quiet: boolean): boolean {
  return stderr.isTTY === true && !recordsOnTerminal && !quiet;
}

/**
 * A progress bar on stderr for long runs: inputs done (a partly read input counts by its bytes),
 * records, megabytes. It appears only after {@link PROGRESS_DELAY_MS}; while it shows, the reporter's
 * messages print above it. When `enabled` is false, nothing is drawn and nothing scheduled.
 */
export function startProgress(stderr: Writable, reporter: Reporter, inputs: number, enabled: boolean): Progress {
  let done = 0;
  let current = { size: null as number | null, read: 0 };
  let records = 0;
  let bytes = 0;
  let multibar: cliProgress.MultiBar | null = null;
  let bar: cliProgress.SingleBar | null = null;
  let redraw: NodeJS.Timeout | null = null;

  const started = Date.now();
  const value = () => done + (current.size ? Math.min(current.read / current.size, 1) : 0);
  /**
   * Time left at the pace so far; none before 1% is done, since inputs differ in size (a big file first
   * would make the first guess days long).
   */
  const timeLeft = () => {
    const part = value() / inputs;
    return part < 0.01 ? '?' : formatSeconds(((Date.now() - started) / 1000) * ((1 - part) / part));
  };
  const payload = () => ({ done: formatCount(done), all: formatCount(inputs), records: formatCount(records), mb: (bytes / 1e6).toFixed(1), left: timeLeft() });
  let stopped = false;
  // cli-progress is loaded only when a bar is drawn: most runs are short, or not on a terminal.
  const draw = async () => {
    const { default: cli } = await import('cli-progress');
    if (stopped) return;
    multibar = new cli.MultiBar({
      stream: stderr,
      format: 'postdump {bar} {percentage}% {done}/{all} inputs, {records} records, {mb} MB, ETA {left}',
      barsize: 20,
      linewrap: true, // no escape codes that an interrupted run would leave behind
      clearOnComplete: true,
      hideCursor: false,
    });
    bar = multibar.create(inputs, value(), payload());
    reporter.redirect((line) => multibar?.log(line));
    redraw = setInterval(() => bar?.update(value(), payload()), REDRAW_MS);
  };
  const delay = enabled && inputs > 0 ? setTimeout(() => void draw(), PROGRESS_DELAY_MS) : null;

  return {
    startInput(size) {
      current = { size, read: 0 };
    },
    bytesRead(n) {
      current.read += n;
      bytes += n;
    },
    records(count) {
      records += count;
    },
    endInput() {
      done++;
      current = { size: null, read: 0 };
    },
    stop() {
      stopped = true;
      if (delay) clearTimeout(delay);
      if (redraw) clearInterval(redraw);
      if (multibar) {
        multibar.update(); // prints messages still waiting above the bar
        multibar.stop();
        reporter.redirect(null);
      }
      multibar = null;
    },
  };
}

/** `45s`, `2m05s`, `1h03m`. */
export function formatSeconds(seconds: number): string {
  const t = Math.round(seconds);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor(t / 60) % 60).padStart(2, '0')}m`;
}
