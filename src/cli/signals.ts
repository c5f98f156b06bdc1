import { constants } from 'node:os';

/** The signals that end a run early: Ctrl-C, `kill`, a closed terminal or a dropped ssh session. */
export const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type Interrupt = (typeof INTERRUPTS)[number];

/** What the shell reports for a process a signal ended: 128 + the signal's number (130, 143, 129). */
export function interruptExitCode(signal: Interrupt): number {
  return 128 + constants.signals[signal];
}

/** Synchronous on purpose: the process exits right after them. */
type CleanUp = () => void;

const cleanUps = new Set<CleanUp>();

/**
 * The one place postdump handles signals. While any clean-up is registered, SIGINT, SIGTERM and SIGHUP
 * run every clean-up (the newest first), print one line saying the run was interrupted, and end the
 * process with {@link interruptExitCode}. Returns a function that unregisters the clean-up; once none is
 * left, the signals get Node's default handling again.
 */
export function onInterrupt(cleanUp: CleanUp): () => void {
  if (cleanUps.size === 0) for (const signal of INTERRUPTS) process.on(signal, interrupted);
  cleanUps.add(cleanUp);
  return () => {
    if (!cleanUps.delete(cleanUp) || cleanUps.size > 0) return;
    for (const signal of INTERRUPTS) process.off(signal, interrupted);
  };
}

function interrupted(signal: Interrupt): void {
  for (const cleanUp of [...cleanUps].reverse()) {
    try {
      cleanUp();
    } catch {
      // the others must still run, and the process must still end
    }
  }
  process.stderr.write(`postdump: interrupted (${signal})\n`);
  process.exit(interruptExitCode(signal));
}
