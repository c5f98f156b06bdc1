import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { describeFsError } from './fs-error.js';

/** A list that could not be read or is not a list of paths: a usage error, before any input is read. */
export class FileListError extends Error {}

/**
 * `--files-from LIST` (`-`: stdin): the paths it holds, one a line, as `tar -T` and `rsync --files-from`
 * read them. A line ends at LF; a CR before it is dropped (a list saved on Windows); empty lines are skipped
 * (as rsync does); nothing else is trimmed, since a name may start or end with a space. With `nul`
 * (`--null`), paths are separated by NUL bytes instead (`find -print0`) and kept exactly, line breaks
 * included. The list is UTF-8 (a byte order mark is dropped). Paths are not glob-expanded: they name files
 * and folders as they are, relative to the current folder. Throws a FileListError saying what is wrong.
 */
export async function readFileList(list: string, nul: boolean, stdin: Readable): Promise<string[]> {
  const where = `--files-from ${list === '-' ? '- (stdin)' : list}`;
  let bytes: Uint8Array;
  try {
    bytes = list === '-' ? await readAll(stdin) : await readFile(list);
  } catch (error) {
    throw new FileListError(`${where}: ${describeFsError(error)}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FileListError(`${where}: not UTF-8 text`);
  }
  if (nul) return text.split('\0').filter((name) => name !== '');
  if (text.includes('\0')) throw new FileListError(`${where}: holds NUL bytes: for a list from find -print0, add --null`);
  return text
    .split('\n')
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .filter((line) => line !== '');
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
