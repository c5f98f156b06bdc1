import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type IgnoreTest, IGNORE_NOTHING } from './ignore.js';
import { describeFsError } from './fs-error.js';
import { isPackedDumpName } from './names.js';

/**
 * A dump file found: the name to show, and its real path (to know it when met again). A file its folder
 * listed as regular keeps only its real folder (shared by its siblings; see {@link realPath}): a folder may
 * hold hundreds of thousands of files, and each is held until the run ends.
 */
export type FoundFile =
  | { readonly name: string; readonly real: string; readonly regular?: undefined; readonly size?: number }
  | { readonly name: string; readonly realFolder: string; readonly regular: true };

/** The real path of a file found. */
export function realPath(file: FoundFile): string {
  return file.regular ? file.realFolder + file.name.slice(file.name.lastIndexOf(path.sep) + 1) : file.real;
}

/** An entry that looked like it holds dumps but could not be read. */
export interface Unreadable {
  readonly name: string;
  readonly message: string;
}

/** Folders are searched for files with this ending (any case), and for gzipped dumps and archives. */
const DUMP_EXTENSION = '.txt';

/**
 * Lists the dump files (`*.txt`, `*.txt.gz`) and archives under a folder, at any depth. Skips hidden entries (a leading dot) and ignored
 * ones. Follows symbolic links, but enters each real folder once, so a link loop ends and no folder is
 * read twice; reads entries in name order, so which path a folder is listed under does not vary.
 * Reports what cannot be read (a folder it may not list, a broken link named like a dump, a pipe or
 * device named like one) and goes on. Also gives the real folders it entered.
 *
 * The files come sorted by name (code units, as `<` compares them) when `sorted`: each folder's entries are
 * taken in the order of their names with a `/` after a folder's, which is the order of the full paths. A
 * link to a folder is known to be one only once followed, so a walk that meets one gives `sorted: false`.
 * `unique`: no symbolic link to a file was met, so no file is listed twice.
 */
export async function walkFolder(
  root: string,
  ignored: IgnoreTest = IGNORE_NOTHING,
): Promise<{ files: FoundFile[]; unreadable: Unreadable[]; folders: ReadonlyMap<string, string>; sorted: boolean; unique: boolean }> {
  const files: FoundFile[] = [];
  const unreadable: Unreadable[] = [];
  /** Each real folder entered, with its path below the root as `--ignore` sees it ('' when nothing is ignored). */
  const entered = new Map<string, string>();
  let sorted = true;
  let unique = true;

  const visit = async (dir: string, real: string, relative: string): Promise<void> => {
    if (entered.has(real)) return; // a link loop, or a folder already read by another path
    entered.set(real, relative);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ name: dir, message: describeFsError(error) });
      return;
    }
    entries.sort(byPathOrder);
    // Paths are joined by hand, each folder's prefix once: a folder may hold hundreds of thousands of files.
    const into = path.join(dir, '_').slice(0, -1);
    const realInto = real.endsWith(path.sep) ? real : real + path.sep;
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = ignored === IGNORE_NOTHING ? '' : relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (ignored(rel)) continue;
      const name = into + entry.name;
      const looksLikeDump = walkReads(entry.name);
      if (entry.isDirectory()) await visit(name, realInto + entry.name, rel);
      else if (entry.isFile()) {
        if (looksLikeDump) files.push({ name, realFolder: realInto, regular: true });
      } else if (entry.isSymbolicLink()) {
        try {
          const target = await stat(name);
          if (target.isDirectory()) {
            sorted = false;
            await visit(name, await realpath(name), rel);
          } else if (looksLikeDump && target.isFile()) {
            unique = false;
            files.push({ name, real: await realpath(name) });
          } else if (looksLikeDump) {
            unreadable.push({ name, message: 'not a regular file' });
          }
        } catch (error) {
          if (looksLikeDump) unreadable.push({ name, message: `${describeFsError(error)} (a broken symbolic link)` });
        }
      } else if (looksLikeDump) {
        unreadable.push({ name, message: 'not a regular file' });
      }
    }
  };

  try {
    await visit(root, await realpath(root), '');
  } catch (error) {
    unreadable.push({ name: root, message: describeFsError(error) });
  }
  return { files, unreadable, folders: entered, sorted, unique };
}

/** A folder's entries in the order of the paths under it: a folder's name is compared as if it ended in the separator. */
function byPathOrder(a: Dirent, b: Dirent): number {
  const x = a.isDirectory() ? a.name + path.sep : a.name;
  const y = b.isDirectory() ? b.name + path.sep : b.name;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A name a folder walk reads: a dump (`*.txt`), a gzipped dump or an archive. */
export function walkReads(name: string): boolean {
  return isDumpName(name) || isPackedDumpName(name);
}

/** Ends in `.txt`, any case (compared by character: no lower-cased copy of every name). */
export function isDumpName(name: string): boolean {
  const at = name.length - DUMP_EXTENSION.length;
  if (at <= 0) return false;
  for (let i = 0; i < DUMP_EXTENSION.length; i++) {
    if ((name.charCodeAt(at + i) | 0x20) !== DUMP_EXTENSION.charCodeAt(i)) return false;
  }
  return true;
}
