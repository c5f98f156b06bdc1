import { type Stats, fstatSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { followLinks } from '../sinks/target/place.js';
import { picomatch } from '../sources/glob-match.js';
import { type IgnoreTest, ignoredOnTheWay } from '../sources/ignore.js';
import type { Input, Resolved } from '../sources/inputs.js';
import { walkReads } from '../sources/walk.js';

/** The input that is (or, once written, would be) the `-o` file: reading it while writing it destroys it. */
export interface OutputClash {
  /** The input's name, or the folder or glob that would read the output. */
  readonly input: string;
  /** True when the output is not there yet, but a folder or glob input would read it once written. */
  readonly wouldBe: boolean;
}

/**
 * The `-o` file, as the inputs are compared with it. Only a regular file (or a path with nothing there
 * yet) can be destroyed by writing the output: a device or a pipe is written, never replaced.
 */
export interface OutputTarget {
  /** As the user gave it, for messages. */
  readonly given: string;
  /** Its real path (links followed); for a file not there yet, the real path it would have. */
  readonly real: string;
  /** Made absolute without following links: how a glob's matches are named. */
  readonly resolved: string;
  /** The file there now; null when there is none yet. */
  readonly stats: Stats | null;
}

/** The output as the inputs are compared with it; null when it is not a regular file (nor nothing yet). */
export async function outputTarget(given: string): Promise<OutputTarget | null> {
  const stats = await stat(given).catch(() => null);
  if (stats && !stats.isFile()) return null;
  const followed = await followLinks(given).catch(() => given);
  const real = stats ? await realpath(followed) : path.join(await realpath(path.dirname(followed)).catch(() => path.resolve(path.dirname(followed))), path.basename(followed));
  return { given, real, resolved: path.resolve(given), stats };
}

/**
 * The input that is the `-o` file (by its real path, or as a hard link of it), or that would read it once it
 * is written (a folder walk that enters its folder, a glob that matches it), or stdin redirected from it.
 */
export async function findClash(target: OutputTarget, resolved: Resolved, ignored: IgnoreTest, stdin: object): Promise<OutputClash | null> {
  for (const { folder, entered } of resolved.walks) if (walkWouldRead(target, entered, ignored)) return { input: folder, wouldBe: true };
  for (const glob of resolved.globs) if (globWouldRead(target, glob, ignored)) return { input: glob, wouldBe: true };
  const { inputs } = resolved;
  if (target.stats !== null) {
    for (let i = 0; i < inputs.length; i++) {
      const real = resolved.realPathOf(i);
      if (real !== null && isOutput(target, real)) return { input: (inputs[i] as Input).name, wouldBe: false };
    }
  }
  const linked = await hardLinkedInput(target, inputs);
  return linked ? { input: linked.name, wouldBe: false } : stdinClash(target, inputs, stdin);
}

/** Says which input is the output, naming both. */
export function clashMessage(target: OutputTarget, clash: OutputClash, option = '-o'): string {
  const output = target.given;
  const what = option === '-o' ? 'the output' : 'the summary';
  return clash.wouldBe
    ? `${option} ${output} would be read by the input ${clash.input} once written: write ${what} elsewhere`
    : `${option} ${output} is also the input ${clash.input}: writing it would destroy what is read; write ${what} elsewhere`;
}

/** Is this file, found by a folder walk or a glob or named directly, the output? */
function isOutput(target: OutputTarget, real: string): boolean {
  return target.stats !== null && (real === target.real || real === target.resolved);
}

/**
 * Would a folder walk that entered these real folders (each with its path relative to the folder named,
 * as `--ignore` sees it) read the output once it is written? Only asked when it is not there yet: a file
 * that is there is in the walk's list when the walk reads it.
 */
function walkWouldRead(target: OutputTarget, folders: ReadonlyMap<string, string>, ignored: IgnoreTest): boolean {
  if (target.stats !== null) return false;
  const relative = folders.get(path.dirname(target.real));
  const name = path.basename(target.real);
  if (relative === undefined || name.startsWith('.') || !walkReads(name)) return false;
  return !ignored(relative === '' ? name : `${relative}/${name}`);
}

/** Would this glob match the output once it is written? Only asked when it is not there yet. */
function globWouldRead(target: OutputTarget, pattern: string, ignored: IgnoreTest): boolean {
  if (target.stats !== null) return false;
  const absolute = path.isAbsolute(pattern);
  const match = picomatch(pattern.replace(/^(\.\/)+/, ''), { dot: false });
  return [target.resolved, target.real].some((file) => {
    const named = absolute ? file : path.relative(process.cwd(), file);
    return match(named) && !ignoredOnTheWay(ignored, named);
  });
}

/** Standard input, read while it is redirected from the output (`postdump - -o f < f`). */
function stdinClash(target: OutputTarget, inputs: readonly Input[], stdin: object): OutputClash | null {
  const { fd } = stdin as { fd?: unknown };
  if (target.stats === null || typeof fd !== 'number' || !inputs.some((input) => input.path === null)) return null;
  try {
    const stats = fstatSync(fd);
    return stats.dev === target.stats.dev && stats.ino === target.stats.ino ? { input: '-', wouldBe: false } : null;
  } catch {
    return null; // closed: nothing to compare
  }
}

/**
 * A file with several names (hard links) is the output when it has the output's device and inode, whatever
 * its path. Only checked when the output has more than one name, so a big folder costs no extra `stat`s.
 */
async function hardLinkedInput(target: OutputTarget, inputs: readonly Input[]): Promise<Input | null> {
  const { stats } = target;
  if (stats === null || stats.nlink < 2) return null;
  for (const input of inputs) {
    if (input.path === null) continue;
    const other = await stat(input.path).catch(() => null);
    if (other && other.dev === stats.dev && other.ino === stats.ino) return input;
  }
  return null;
}
