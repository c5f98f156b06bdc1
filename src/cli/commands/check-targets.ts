import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type Expectations, ExpectationsError, parseExpectations } from '../../check/expectations.js';
import type { DumpResult } from '../../parse-dump.js';
import type { PostRecord } from '../../record/schema.js';
import { describeFsError } from '../fs-error.js';
import type { IgnoreTest } from '../ignore.js';
import { type Input, resolveInputs } from '../inputs.js';
import { openInput } from '../read-ahead.js';
import { readInput } from '../read-input.js';

/** A dump to check and the `NAME.json` beside it (which may not exist). */
export interface Target {
  readonly dump: Input;
  readonly expectationsPath: string;
}

/** Something named on the command line that is no dump to check, and why. */
export interface Unusable {
  readonly name: string;
  readonly message: string;
}

/**
 * The dumps the arguments name (less the `--ignore`d ones), in the order convert reads them. A `NAME.json` named next to its dump
 * (`fixtures/*`) is its expectations, not a dump; named alone it is a mistake worth saying.
 */
export async function findTargets(paths: readonly string[], ignored?: IgnoreTest): Promise<{ targets: Target[]; unusable: Unusable[] }> {
  const { inputs, errors } = await resolveInputs(paths, ignored);
  const unusable: Unusable[] = [...errors];
  const targets: Target[] = [];
  const dumpNames = new Set(inputs.filter((input) => !isJson(input.name)).map((input) => withoutExtension(input.name)));
  for (const input of inputs) {
    if (!isJson(input.name)) targets.push({ dump: input, expectationsPath: `${withoutExtension(input.name)}.json` });
    else if (!dumpNames.has(withoutExtension(input.name))) {
      unusable.push({ name: input.name, message: 'an expectations file, not a dump: name the dump beside it instead' });
    }
  }
  return { targets, unusable };
}

/** What a dump gives now, and what its `NAME.json` says (null: there is none). */
export interface Examined {
  readonly result: DumpResult;
  /** The file's text as it is, to tell whether `--update` changes it. */
  readonly expectationsText: string | null;
  readonly expectations: Expectations | null;
}

/**
 * Parses the dump the way convert does (same decoder, same parser), so check sees exactly what convert
 * prints, and reads its expectations. Throws {@link ExpectationsError} when `NAME.json` cannot be used.
 */
export async function examine(target: Target): Promise<Examined> {
  const expectationsText = await readExpectationsText(target.expectationsPath);
  const expectations = expectationsText === null ? null : parseExpectations(expectationsText);
  const records: PostRecord[] = [];
  // The stdin argument is never read: a target is always a file.
  const { problems } = await readInput(target.dump, await openInput(target.dump, Readable.from([])), (record) => {
    records.push(record);
  });
  return { result: { records, problems }, expectationsText, expectations };
}

async function readExpectationsText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ExpectationsError(`cannot read it: ${describeFsError(error)}`);
  }
}

function isJson(name: string): boolean {
  return path.extname(name).toLowerCase() === '.json';
}

function withoutExtension(name: string): string {
  return name.slice(0, name.length - path.extname(name).length);
}
