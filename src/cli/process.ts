import { constants } from 'node:os';
import { runCleanUps, watchCleanUps } from '../runtime/clean-ups.js';
import { EXIT } from './exit-codes.js';

// The one place postdump touches the process itself: its exit code, and the signals that end it early.
// Library code (sources, pipeline, sinks, convert) never exits; it registers clean-ups (onInterrupt).

export { onInterrupt } from '../runtime/clean-ups.js';

/** The signals that end a run early: Ctrl-C, `kill`, a closed terminal or a dropped ssh session. */
export const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type Interrupt = (typeof INTERRUPTS)[number];

/** What the shell reports for a process a signal ended: 128 + the signal's number (130, 143, 129). */
export function interruptExitCode(signal: Interrupt): number {
  return 128 + constants.signals[signal];
}

/** Runs the CLI as the process: its exit code is the process's. Only bugs throw: said with their stack, exit 3. */
export async function runAsProcess(run: (argv: readonly string[]) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await run(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`postdump: internal error (a bug in postdump, please report it)\n${(error as Error | null)?.stack ?? error}\n`);
    process.exitCode = EXIT.bug;
  }
}

/**
 * While any clean-up is registered, SIGINT, SIGTERM and SIGHUP run every clean-up (the newest first),
 * print one line saying the run was interrupted, and end the process with {@link interruptExitCode}. Once
 * none is left, the signals get Node's default handling again. Called by each run; once is enough.
 */
export function handleInterrupts(): void {
  if (handling) return;
  handling = true;
  watchCleanUps((active) => {
    for (const signal of INTERRUPTS) {
      if (active) process.on(signal, interrupted);
      else process.off(signal, interrupted);
    }
  });
}

/**
 * For stdout and stderr: a reader that goes away (`postdump --help | head -1`) is no failure; any other
 * error on them fails the run. Without a listener, EPIPE would end the process with a stack trace.
 */
export function onStreamError(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') process.exitCode = EXIT.failed;
}

let handling = false;
/** A run that ends itself on a signal (watch: the load under way is finished first); false: not this time. */
let stopper: ((signal: Interrupt) => boolean) | null = null;

/** While set, a signal is first offered to `stop`: when it takes it, no clean-up runs and the process goes on. */
export function onStopRequest(stop: ((signal: Interrupt) => boolean) | null): void {
  stopper = stop;
}

function interrupted(signal: Interrupt): void {
  if (stopper?.(signal)) return;
  runCleanUps(signal);
  process.stderr.write(`postdump: interrupted (${signal})\n`);
  process.exit(interruptExitCode(signal));
}
