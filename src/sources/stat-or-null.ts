import { type Stats, statSync } from 'node:fs';

/**
 * A path's stats, or null when it is gone or cannot be looked at (a name too long, a loop of links): its
 * reading, if any, says why. Synchronous: for thousands of small stats one after another, a stat through the
 * thread pool each leaves the thread idle between them.
 */
export function statOrNull(path: string): Stats | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}
