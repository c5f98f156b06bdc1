import { type Dirent, readdir as fsReaddir } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from './fs-error.js';
import { IGNORE_NOTHING, type IgnoreTest, ignoredOnTheWay } from './ignore.js';
import { type OutputTarget, globWouldRead, hardLinkedInput, isOutput, walkWouldRead } from './output-clash.js';
import { type FoundFile, realPath, walkFolder } from './walk.js';


/** One input to read: a file (named as the user named it, or as found under a folder) or stdin. */
export interface Input {
  /** The name shown in records (`source_file`) and messages; `-` for stdin. */
  readonly name: string;
  /** What to open; null for stdin. */
  readonly path: string | null;
  /**
   * True when its folder listed it as a regular file: it is opened straight away. Anything else is looked
   * at first (a named pipe must not be opened by a reader that may never read it).
   */
  readonly regular?: boolean;
}

/** An argument, or an entry under a folder, that named nothing readable. */
export interface InputError {
  readonly name: string;
  readonly message: string;
}

/** The input that is (or, once written, would be) the `-o` file: reading it while writing it destroys it. */
export interface OutputClash {
  /** The input's name, or the folder or glob that would read the output. */
  readonly input: string;
  /** True when the output is not there yet, but a folder or glob input would read it once written. */
  readonly wouldBe: boolean;
}

export const STDIN: Input = { name: '-', path: null };
const STDIN_FOUND: FoundFile = { name: '-', real: '\0stdin' };

/**
 * Expands arguments into inputs: `-` is stdin, a folder gives its `*.txt` files (recursively; hidden
 * ones, and those `ignored` says, skipped; symbolic links followed, each real folder entered once), a
 * glob gives the files it matches (less the ignored ones), anything else is read as a file. Inputs come
 * back sorted by name (code-point order), each file once however many ways it was named, so output order
 * is stable. Errors name what could not be read. Given the `-o` file, also tells whether an input is it.
 * `listed` paths (`--files-from`) are resolved the same way, except that they are never stdin nor globs.
 */
export async function resolveInputs(
  args: readonly string[],
  ignored: IgnoreTest = IGNORE_NOTHING,
  output: OutputTarget | null = null,
  listed: readonly string[] = [],
): Promise<{ inputs: Input[]; errors: InputError[]; clash: OutputClash | null }> {
  // Each found file is one small object until the end: folders may hold hundreds of thousands.
  const found: FoundFile[] = [];
  const errors: InputError[] = [];
  let clash: OutputClash | null = null;
  // `listed` (from --files-from) are paths as they are: `-` is a file of that name, and no glob is expanded.
  const named = [...args.map((arg) => ({ arg, literal: false })), ...listed.map((arg) => ({ arg, literal: true }))];
  for (const { arg, literal } of named) {
    if (arg === '-' && !literal) {
      found.push(STDIN_FOUND);
      continue;
    }
    const kind = await kindOf(arg);
    if (kind === 'folder') {
      const { files, unreadable, folders, sorted, unique } = await walkFolder(arg, ignored);
      if (output && walkWouldRead(output, folders, ignored)) clash ??= { input: arg, wouldBe: true };
      errors.push(...unreadable);
      if (files.length === 0 && unreadable.length === 0) errors.push({ name: arg, message: 'no .txt files in this folder' });
      // One folder alone, walked in order with no file met twice: its list is the inputs as they are (a
      // folder may hold hundreds of thousands of files: no second list, no sort, no set of real paths).
      if (named.length === 1 && sorted && unique) {
        const inputs = files.map(fileInput);
        return { inputs, errors, clash: clash ?? (await clashOf(output, files, inputs)) };
      }
      for (const file of files) found.push(file);
    } else if (kind === 'file') {
      found.push({ name: arg, real: await realpath(arg).catch(() => path.resolve(arg)) });
    } else if (!literal && (await isGlob(arg))) {
      const globbed = await globFiles(arg);
      const files = globbed.files.filter((file) => !ignoredOnTheWay(ignored, file));
      errors.push(...globbed.unreadable.filter((folder) => !ignoredOnTheWay(ignored, folder.name)));
      if (output && globWouldRead(output, arg, ignored)) clash ??= { input: arg, wouldBe: true };
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
  const inputs = kept.map(fileInput);
  return { inputs, errors, clash: clash ?? (await clashOf(output, kept, inputs)) };
}

/** The first of these files (in order; `inputs` are the same files) that is the output, by its path or, failing that, as a hard link. */
async function clashOf(output: OutputTarget | null, files: readonly FoundFile[], inputs: readonly Input[]): Promise<OutputClash | null> {
  if (!output) return null;
  const same = files.find((file) => isOutput(output, realPath(file)));
  if (same) return { input: same.name, wouldBe: false };
  const linked = await hardLinkedInput(output, inputs);
  return linked ? { input: linked.name, wouldBe: false } : null;
}

function fileInput(file: FoundFile): Input {
  if (file === STDIN_FOUND) return STDIN;
  return file.regular ? { name: file.name, path: file.name, regular: true } : { name: file.name, path: file.name };
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

/** 'folder', 'file' (anything else that can be opened: files, pipes, devices), or why it cannot be read. */
async function kindOf(arg: string): Promise<'folder' | 'file' | string> {
  try {
    return (await stat(arg)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    return describeFsError(error);
  }
}
