import { type Dirent, type Stats, readdir as fsReaddir, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeFsError } from './fs-error.js';
import { IGNORE_NOTHING, type IgnoreTest, ignoredOnTheWay } from './ignore.js';
import { type FoundFile, realPath, walkFolder } from './walk.js';

/** One input to read: a file (named as the user named it, or as found under a folder) or stdin. */
export interface Input {
  /** The name shown in records (`source_file`) and messages; `-` for stdin. */
  readonly name: string;
  /** What to open; null for stdin. */
  readonly path: string | null;
  /**
   * True when its folder listed it as a regular file, or it was named and found to be one: it is opened
   * straight away. Anything else is looked at first (a named pipe must not be opened by a reader that may
   * never read it).
   */
  readonly regular?: boolean;
  /** Its size in bytes, when it was named and looked at (a folder's files are not). */
  readonly size?: number;
}

/** An argument, or an entry under a folder, that named nothing readable. */
export interface InputError {
  readonly name: string;
  readonly message: string;
}

/** The inputs found, and what was searched to find them (for checks against the `-o` file: see convert/output-clash.ts). */
export interface Resolved {
  readonly inputs: Input[];
  readonly errors: InputError[];
  /** Each folder walked: the folder as named, and the real folders it entered (with their paths below it, as `--ignore` sees them). */
  readonly walks: readonly { readonly folder: string; readonly entered: ReadonlyMap<string, string> }[];
  /** Each glob expanded. */
  readonly globs: readonly string[];
  /** The real path of `inputs[index]` (stdin has none). */
  realPathOf(index: number): string | null;
}

export const STDIN: Input = { name: '-', path: null };
const STDIN_FOUND: FoundFile = { name: '-', real: '\0stdin' };

/**
 * Expands arguments into inputs: `-` is stdin, a folder gives its `*.txt` files (recursively; hidden
 * ones, and those `ignored` says, skipped; symbolic links followed, each real folder entered once), a
 * glob gives the files it matches (less the ignored ones), anything else is read as a file. Inputs come
 * back sorted by name (code-point order), each file once however many ways it was named, so output order
 * is stable. Errors name what could not be read. `listed` paths (`--files-from`) are resolved the same way,
 * except that they are never stdin nor globs.
 */
export async function resolveInputs(args: readonly string[], ignored: IgnoreTest = IGNORE_NOTHING, listed: readonly string[] = []): Promise<Resolved> {
  // Each found file is one small object until the end: folders may hold hundreds of thousands.
  const found: FoundFile[] = [];
  const errors: InputError[] = [];
  const walks: { folder: string; entered: ReadonlyMap<string, string> }[] = [];
  const globs: string[] = [];
  const resolved = (inputs: Input[], files: readonly FoundFile[]): Resolved => ({
    inputs,
    errors,
    walks,
    globs,
    realPathOf: (index) => {
      const file = files[index];
      return file === undefined || file === STDIN_FOUND ? null : realPath(file);
    },
  });
  // `listed` (from --files-from) are paths as they are: `-` is a file of that name, and no glob is expanded.
  const named = [...args.map((arg) => ({ arg, literal: false })), ...listed.map((arg) => ({ arg, literal: true }))];
  for (const { arg, literal } of named) {
    if (arg === '-' && !literal) {
      found.push(STDIN_FOUND);
      continue;
    }
    const kind = kindOf(arg);
    if (typeof kind === 'object') {
      const real = realPathOrResolved(arg);
      found.push(kind.isFile() ? { name: arg, real, size: kind.size } : { name: arg, real });
    } else if (kind === 'folder') {
      const { files, unreadable, folders, sorted, unique } = await walkFolder(arg, ignored);
      walks.push({ folder: arg, entered: folders });
      errors.push(...unreadable);
      if (files.length === 0 && unreadable.length === 0) errors.push({ name: arg, message: 'no .txt files in this folder' });
      // One folder alone, walked in order with no file met twice: its list is the inputs as they are (a
      // folder may hold hundreds of thousands of files: no second list, no sort, no set of real paths).
      if (named.length === 1 && sorted && unique) return resolved(files.map(fileInput), files);
      for (const file of files) found.push(file);
    } else if (!literal && (await isGlob(arg))) {
      const globbed = await globFiles(arg);
      globs.push(arg);
      const files = globbed.files.filter((file) => !ignoredOnTheWay(ignored, file));
      // A pattern whose folder is not there matches nothing: one error says so, not two.
      const missing = (folder: InputError) => files.length === 0 && folder.message === 'no such file or directory';
      errors.push(...globbed.unreadable.filter((folder) => !ignoredOnTheWay(ignored, folder.name) && !missing(folder)));
      if (files.length === 0) errors.push({ name: arg, message: 'no files match this pattern' });
      for (const file of files) found.push({ name: file, real: path.resolve(file) });
    } else {
      errors.push({ name: arg, message: kind });
    }
  }
  found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const seen = new Set<string>();
  const kept: FoundFile[] = [];
  for (const file of found) {
    const real = realPath(file);
    if (seen.has(real)) continue;
    seen.add(real);
    kept.push(file);
  }
  return resolved(kept.map(fileInput), kept);
}

function fileInput(file: FoundFile): Input {
  if (file === STDIN_FOUND) return STDIN;
  if (file.regular) return { name: file.name, path: file.name, regular: true };
  return file.size === undefined ? { name: file.name, path: file.name } : { name: file.name, path: file.name, regular: true, size: file.size };
}

function realPathOrResolved(arg: string): string {
  try {
    return realpathSync.native(arg);
  } catch {
    return path.resolve(arg);
  }
}

/** fast-glob is loaded only when an argument is a pattern: most runs name files and folders. */
async function isGlob(arg: string): Promise<boolean> {
  const { default: fg } = await import('fast-glob');
  return fg.isDynamicPattern(arg);
}

/**
 * The files a glob matches, and the folders on its way it could not list (each named with why, as a
 * folder walk names them): the pattern's other matches are still read.
 */
async function globFiles(pattern: string): Promise<{ files: string[]; unreadable: InputError[] }> {
  const { default: fg } = await import('fast-glob');
  const unreadable: InputError[] = [];
  // fast-glob stops at the first folder it cannot list; told nothing is there, it goes on.
  type Done = (error: null, entries: Dirent[]) => void;
  const readdir = ((folder: string, options: object | Done, callback?: Done) => {
    const done = (typeof options === 'function' ? options : callback) as Done;
    fsReaddir(folder, { withFileTypes: true }, (error, entries) => {
      if (error) unreadable.push({ name: path.relative(process.cwd(), folder) || folder, message: describeFsError(error) });
      done(null, error ? [] : entries);
    });
  }) as unknown as typeof fsReaddir;
  const files = await fg(pattern, { onlyFiles: true, dot: false, followSymbolicLinks: false, fs: { readdir } });
  return { files, unreadable };
}

/**
 * 'folder', a file's stats (anything else that can be opened: files, pipes, devices), or why it cannot be read.
 * Looked at synchronously, as realPathOrResolved: a list of thousands of named files (--files-from, watch's
 * loads) costs a stat each, where one through the thread pool after another left the thread idle between them.
 */
function kindOf(arg: string): 'folder' | Stats | string {
  try {
    const stats = statSync(arg);
    return stats.isDirectory() ? 'folder' : stats;
  } catch (error) {
    return describeFsError(error);
  }
}
