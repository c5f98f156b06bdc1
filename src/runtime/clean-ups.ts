/** Synchronous on purpose: the process ends right after them. Told the signal that ends it. */
export type CleanUp = (signal: string) => void;

const cleanUps = new Set<CleanUp>();
let watcher: ((active: boolean) => void) | null = null;

/**
 * Registers what must be undone if the run is interrupted (a temporary file to remove, a progress bar to
 * clear). Returns a function that unregisters it. Only a registry: no signal is handled here and the process
 * never ends here; the CLI (cli/process.ts) watches it and runs the clean-ups on SIGINT, SIGTERM or SIGHUP.
 */
export function onInterrupt(cleanUp: CleanUp): () => void {
  cleanUps.add(cleanUp);
  if (cleanUps.size === 1) watcher?.(true);
  return () => {
    if (cleanUps.delete(cleanUp) && cleanUps.size === 0) watcher?.(false);
  };
}

/** Runs every clean-up, the newest first; one that throws does not stop the others. */
export function runCleanUps(signal: string): void {
  for (const cleanUp of [...cleanUps].reverse()) {
    try {
      cleanUp(signal);
    } catch {
      // the others must still run, and the process must still end
    }
  }
}

/** Tells `watch` when the first clean-up is registered (true) and when the last is gone (false). */
export function watchCleanUps(watch: (active: boolean) => void): void {
  watcher = watch;
  if (cleanUps.size > 0) watch(true);
}
