import { readFile } from 'node:fs/promises';
import { describeFsError } from '../sources/fs-error.js';
import type { DumpResult } from './dump-parser.js';
import { parseDumpBytes } from './parse.js';

/**
 * Reads and parses one dump file as the CLI does ({@link parseDumpBytes}); the path names it in records
 * and problems. A file that cannot be read is a problem too (`no such file or directory`), not a throw.
 * The file is read whole: for files of hundreds of megabytes, the CLI streams instead.
 */
export async function parseDumpFile(file: string): Promise<DumpResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { records: [], problems: [{ source: file, line: null, message: describeFsError(error) }] };
  }
  return parseDumpBytes(bytes, file);
}
