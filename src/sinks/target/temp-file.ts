import { unlinkSync } from 'node:fs';
import { chmod, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { onInterrupt } from './clean-ups.js';

/** A file written under a temporary name beside its target, so `-o` is atomic for every format. */
export interface TempFile {
  readonly path: string;
  /** Renames it over the target (a replaced file keeps its permissions). */
  commit(): Promise<void>;
  /** Removes it; the target stays as it was. */
  discard(): Promise<void>;
}

/**
 * Makes the temporary file (empty, and only if no such file is there). Until it is committed or discarded,
 * an interrupt (Ctrl-C, `kill`) calls `release` (to close what holds the file) and removes the file.
 */
export async function createTempBeside(target: string, release: () => void): Promise<TempFile> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  // Registered before the file is made: an interrupt that comes as it appears must still remove it.
  const forget = onInterrupt(() => {
    try {
      release();
    } catch {
      // already closed
    }
    try {
      unlinkSync(temp); // synchronous on purpose: the process ends right after
    } catch {
      // already gone, or not made yet
    }
  });
  try {
    await writeFile(temp, '', { flag: 'wx' });
  } catch (error) {
    forget();
    throw error;
  }
  return {
    path: temp,
    async commit() {
      await keepMode(target, temp);
      await rename(temp, target);
      forget();
    },
    async discard() {
      forget();
      await unlink(temp).catch(() => {});
    },
  };
}

/** A replaced file keeps its permissions: the temporary file was made with the default ones. */
async function keepMode(target: string, temp: string): Promise<void> {
  const mode = await stat(target).then(
    (stats) => stats.mode & 0o7777,
    () => null, // no file there yet: the default permissions are right
  );
  if (mode !== null) await chmod(temp, mode);
}
