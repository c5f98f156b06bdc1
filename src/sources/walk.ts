import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type IgnoreTest, IGNORE_NOTHING } from './ignore.js';
import { describeFsError } from './fs-error.js';
import { isPackedDumpName } from './names.js';

/** A dump file found in a folder: the name to show, and its real path (to know it when met again). */
export interface FoundFile {
  readonly name: string;
  readonly real: string;
  /** Listed by its folder as a regular file (not through a link): it can be opened without a look first. */
  readonly regular?: boolean;
}

/** An entry that looked like it holds dumps but could not be read. */
export interface Unreadable {
  readonly name: string;
  readonly message: string;
}

/** Folders are searched for files with this ending (any case), and for gzipped dumps and archives. */
export const DUMP_EXTENSION = '.txt';

/**
 * Lists the dump files (`*.txt`, `*.txt.gz`) and archives under a folder, at any depth. Skips hidden entries (a leading dot) and ignored
 * ones. Follows symbolic links, but enters each real folder once, so a link loop ends and no folder is
 * read twice; reads entries in name order, so which path a folder is listed under does not vary.
 * Reports what cannot be read (a folder it may not list, a broken link named like a dump, a pipe or
 * device named like one) and goes on. Also gives the real folders it entered.
 */
export async function walkFolder(
  root: string,
  ignored: IgnoreTest = IGNORE_NOTHING,
): Promise<{ files: FoundFile[]; unreadable: Unreadable[]; folders: ReadonlyMap<string, string> }> {
  const files: FoundFile[] = [];
  const unreadable: Unreadable[] = [];
  /** Each real folder entered, with its path below the root as `--ignore` sees it ('' when nothing is ignored). */
  const entered = new Map<string, string>();

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
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Paths are joined by hand, each folder's prefix once: a folder may hold hundreds of thousands of files.
    const into = path.join(dir, '_').slice(0, -1);
    const realInto = real.endsWith(path.sep) ? real : real + path.sep;
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = ignored === IGNORE_NOTHING ? '' : relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (ignored(rel)) continue;
      const name = into + entry.name;
      const looksLikeDump = isDumpName(entry.name) || isPackedDumpName(entry.name);
      if (entry.isDirectory()) await visit(name, realInto + entry.name, rel);
      else if (entry.isFile()) {
        if (looksLikeDump) files.push({ name, real: realInto + entry.name, regular: true });
      } else if (entry.isSymbolicLink()) {
        try {
          const target = await stat(name);
          if (target.isDirectory()) await visit(name, await realpath(name), rel);
          else if (looksLikeDump && target.isFile()) files.push({ name, real: await realpath(name) });
          else if (looksLikeDump) unreadable.push({ name, message: 'not a regular file' });
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
  return { files, unreadable, folders: entered };
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
