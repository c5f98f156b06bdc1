import path from 'node:path';
import { picomatch } from './glob-match.js';

/** Tells whether a path (relative to the folder being searched, `/`-separated) is to be skipped. */
export type IgnoreTest = (relative: string) => boolean;

export const IGNORE_NOTHING: IgnoreTest = () => false;

/**
 * `--ignore` patterns, as in .gitignore: a pattern with a `/` is matched against the path relative to
 * the folder searched (`drafts/**`, `2024/*.txt`); one without is matched against the name alone, at
 * any depth (`*.bak.txt`, `drafts`). An ignored folder is not entered.
 */
export function ignoreTest(patterns: readonly string[]): IgnoreTest {
  const cleaned = patterns.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')).filter((p) => p !== '');
  if (cleaned.length === 0) return IGNORE_NOTHING;
  const onPath = cleaned.filter((p) => p.includes('/'));
  const onName = cleaned.filter((p) => !p.includes('/'));
  const pathMatch = onPath.length > 0 ? picomatch(onPath, { dot: true }) : IGNORE_NOTHING;
  const nameMatch = onName.length > 0 ? picomatch(onName, { dot: true }) : IGNORE_NOTHING;
  return (relative) => pathMatch(relative) || nameMatch(path.posix.basename(relative));
}

/** For a path found by a glob: is it, or any folder on its way, ignored? */
export function ignoredOnTheWay(ignored: IgnoreTest, file: string): boolean {
  const parts = file.replace(/^(\.\/)+/, '').split('/');
  for (let n = 1; n <= parts.length; n++) if (ignored(parts.slice(0, n).join('/'))) return true;
  return false;
}
