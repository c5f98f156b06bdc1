import { createReadStream, unlinkSync } from 'node:fs';
import { chmod, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onInterrupt } from '../../runtime/clean-ups.js';
import { type Place, openInPlace } from './place.js';

/** A file written under a temporary name beside its target, so `-o` is atomic for every format. */
export interface TempFile {
  readonly path: string;
  /** Renames it over the target (a replaced file keeps its permissions). */
  commit(): Promise<void>;
  /** Removes it; the target stays as it was. */
  discard(): Promise<void>;
}

/**
 * A temporary file for a whole output (a dataset) made before it goes to `place`: beside a regular file,
 * and renamed over it; for anything else (a device, a pipe, a descriptor), in the system's temporary
 * folder, and copied into the place by `commit`. The place is never replaced by a file. A string is a `file`.
 */
export async function createTempFor(place: Place | string, release: () => void): Promise<TempFile> {
  if (typeof place === 'string') return createTempBeside(place, release);
  if (place.kind === 'file') return createTempBeside(place.path, release);
  const temp = await createTemp(path.join(tmpdir(), `postdump.${process.pid}.${Date.now()}.tmp`), release);
  return {
    path: temp.path,
    async commit() {
      // stdout is written, never ended; anything opened here is ended, and so closed.
      const { pipeline } = await import('node:stream/promises');
      if (place.kind === 'standard') await pipeline(createReadStream(temp.path), place.stream, { end: false });
      else await pipeline(createReadStream(temp.path), await openInPlace(place));
      await temp.discard();
    },
    discard: temp.discard,
  };
}

/**
 * Makes the temporary file (empty, and only if no such file is there). Until it is committed or discarded,
 * an interrupt (Ctrl-C, `kill`) calls `release` (to close what holds the file) and removes the file.
 */
export async function createTempBeside(target: string, release: () => void): Promise<TempFile> {
  const temp = await createTemp(path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`), release);
  return {
    path: temp.path,
    async commit() {
      await keepMode(target, temp.path);
      await rename(temp.path, target);
      temp.forget();
    },
    discard: temp.discard,
  };
}

/** Makes the empty file `temp`, removed by an interrupt until it is forgotten or discarded. */
async function createTemp(temp: string, release: () => void): Promise<{ path: string; forget(): void; discard(): Promise<void> }> {
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
    forget,
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
