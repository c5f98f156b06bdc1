import { stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';

/** One input to read: a file (named as the user named it, or as found under a folder) or stdin. */
export interface Input {
  /** The name shown in records (`source_file`) and messages; `-` for stdin. */
  readonly name: string;
  /** What to open; null for stdin. */
  readonly path: string | null;
}

/** An argument that named nothing readable. */
export interface InputError {
  readonly name: string;
  readonly message: string;
}

export const STDIN: Input = { name: '-', path: null };

/** Folders are searched for dumps with these names. */
export const FOLDER_PATTERN = '**/*.txt';

/**
 * Expands arguments into inputs: `-` is stdin, a folder gives its `*.txt` files (recursively; hidden
 * ones and symbolic links to folders skipped), a glob gives the files it matches, anything else is read
 * as a file. Inputs come back sorted by name (code-point order) without repeats, so output order is stable.
 */
export async function resolveInputs(args: readonly string[]): Promise<{ inputs: Input[]; errors: InputError[] }> {
  const found = new Map<string, Input>();
  const errors: InputError[] = [];
  const add = (input: Input) => {
    const key = input.path === null ? '\0stdin' : path.resolve(input.path);
    if (!found.has(key)) found.set(key, input);
  };
  for (const arg of args) {
    if (arg === '-') {
      add(STDIN);
      continue;
    }
    const kind = await kindOf(arg);
    if (kind === 'folder') {
      const files = await fg(FOLDER_PATTERN, { cwd: arg, onlyFiles: true, dot: false, followSymbolicLinks: false, caseSensitiveMatch: false });
      if (files.length === 0) errors.push({ name: arg, message: 'no .txt files in this folder' });
      for (const file of files) add(fileInput(path.join(arg, file)));
    } else if (kind === 'file') {
      add(fileInput(arg));
    } else if (fg.isDynamicPattern(arg)) {
      const files = await fg(arg, { onlyFiles: true, dot: false, followSymbolicLinks: false });
      if (files.length === 0) errors.push({ name: arg, message: 'no files match this pattern' });
      for (const file of files) add(fileInput(file));
    } else {
      errors.push({ name: arg, message: kind });
    }
  }
  const inputs = [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { inputs, errors };
}

function fileInput(name: string): Input {
  return { name, path: name };
}

/** 'folder', 'file' (anything else that can be opened: files, pipes, devices), or why it cannot be read. */
async function kindOf(arg: string): Promise<'folder' | 'file' | string> {
  try {
    return (await stat(arg)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    return describeFsError(error);
  }
}

/** A file-system error as a short phrase for people: `no such file or directory`, `permission denied`. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
