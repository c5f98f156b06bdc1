import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type Expectations, ExpectationsError, parseExpectations } from '../../check/expectations.js';
import type { DumpProblem, DumpResult } from '../../pipeline/dump-parser.js';
import type { PostRecord } from '../../pipeline/record/schema.js';
import { SKIP_NOTHING, type SkipTest } from '../../sources/members.js';
import { type ArchiveKind, archiveKind } from '../../sources/names.js';
import { describeFsError } from '../../sources/fs-error.js';
import { IGNORE_NOTHING, type IgnoreTest, ignoredOnTheWay } from '../../sources/ignore.js';
import { type Input, resolveInputs } from '../../sources/inputs.js';
import { openInput } from '../../sources/open-input.js';
import { readArchive } from '../../convert/read-archive.js';
import { archiveMembers } from '../../sources/archive.js';
import { readInput } from '../../convert/read-input.js';

/** A dump to check and the `NAME.json` beside it (which may not exist). */
export interface Target {
  readonly dump: Input;
  readonly expectationsPath: string;
}

/**
 * An archive: each dump member is checked as a dump without `NAME.json` (it must give records, none with
 * warnings), named `ARCHIVE!/MEMBER`. Nothing can be written beside a member, so `--update` skips it.
 */
export interface ArchiveTarget {
  readonly archive: Input & { readonly path: string };
  readonly kind: ArchiveKind;
  /** Members `--ignore` skips, as in folders. */
  readonly skip: SkipTest;
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
export async function findTargets(paths: readonly string[], ignored?: IgnoreTest): Promise<{ targets: (Target | ArchiveTarget)[]; unusable: Unusable[] }> {
  const { inputs, errors } = await resolveInputs(paths, ignored);
  const unusable: Unusable[] = [...errors];
  const targets: (Target | ArchiveTarget)[] = [];
  const dumpNames = new Set(inputs.filter((input) => !isJson(input.name)).map((input) => withoutExtension(input.name)));
  for (const input of inputs) {
    const kind = input.path === null ? null : archiveKind(input.path);
    const skip = ignored ? (member: string) => ignoredOnTheWay(ignored, member) : SKIP_NOTHING;
    if (kind && input.path !== null) targets.push({ archive: { ...input, path: input.path }, kind, skip });
    else if (!isJson(input.name)) targets.push({ dump: input, expectationsPath: `${withoutExtension(input.name)}.json` });
    else if (!dumpNames.has(withoutExtension(input.name))) {
      unusable.push({ name: input.name, message: 'an expectations file, not a dump: name the dump beside it instead' });
    }
  }
  unusable.push(...(await orphans(paths, targets, ignored ?? IGNORE_NOTHING)));
  return { targets, unusable };
}

/**
 * The `NAME.json` files with no dump beside them, in each folder a folder argument led to a dump in: a
 * deleted fixture must not pass silently. One whose dump is there but `--ignore`d is no orphan; one
 * `--ignore`d itself is not looked at.
 */
async function orphans(paths: readonly string[], targets: readonly (Target | ArchiveTarget)[], ignored: IgnoreTest): Promise<Unusable[]> {
  const folders: string[] = [];
  for (const arg of paths)
    if (
      await stat(arg).then(
        (stats) => stats.isDirectory(),
        () => false,
      )
    )
      folders.push(path.resolve(arg));
  const inFolder = (file: string) => folders.some((folder) => !path.relative(folder, path.resolve(file)).startsWith('..'));
  const dumpFolders = new Set(targets.flatMap((target) => ('dump' in target && inFolder(target.dump.name) ? [path.dirname(target.dump.name)] : [])));
  const found: Unusable[] = [];
  for (const folder of [...dumpFolders].sort()) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.') && !ignored(n)).sort()) {
      const stem = path.join(folder, name.slice(0, -'.json'.length));
      const beside = await Promise.all(
        ['.txt', '.txt.gz'].map((ext) =>
          stat(`${stem}${ext}`).then(
            () => true,
            () => false,
          ),
        ),
      );
      if (!beside.includes(true)) found.push({ name: path.join(folder, name), message: `an expectation with no dump beside it (${path.basename(stem)}.txt): restore the dump, or delete it` });
    }
  }
  return found;
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
  const { problems } = await readInput(target.dump, await openInput(target.dump, Readable.from([])), (found) => {
    for (const record of found) records.push(record);
  });
  return { result: { records, problems }, expectationsText, expectations };
}

/**
 * Parses each dump member of an archive the way convert does, and hands on its result. Returns what went
 * wrong with the archive itself (it cannot be read, it is cut short between members, it holds no dump).
 */
export async function examineMembers(target: ArchiveTarget, onMember: (name: string, result: DumpResult) => Promise<void>): Promise<DumpProblem[]> {
  const { problems } = await readArchive(target.archive.name, archiveMembers(target.archive.path, target.archive.name, target.kind, target.skip), async (member, opened) => {
    const records: PostRecord[] = [];
    const { problems } = await readInput(member, opened, (found) => {
      for (const record of found) records.push(record);
    });
    await onMember(member.name, { records, problems });
    return { records: records.length, problems: [], stopped: false }; // the member's problems are its own result's
  });
  return problems;
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

/** `a.txt` and `a.txt.gz` → `a`: the name `NAME.json` goes with. */
function withoutExtension(name: string): string {
  const plain = name.replace(/\.gz$/i, '');
  return plain.slice(0, plain.length - path.extname(plain).length);
}
