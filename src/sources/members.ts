/** Tells whether a member (by its path inside the archive, `/`-separated) is to be skipped (`--ignore`). */
export type SkipTest = (memberPath: string) => boolean;

export const SKIP_NOTHING: SkipTest = () => false;

/** A member's path as shown: `/`-separated, without empty or `.` segments (tar often stores `./a.txt`). */
export function memberPath(stored: string): string {
  return stored
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/**
 * A member holds a dump when it is named `*.txt` or `*.txt.gz` (any case), at any depth, and is not
 * hidden (no segment of its path starts with `.`, as in folders; `..` is no hidden name, only a step up)
 * nor skipped by `--ignore`.
 */
export function isDumpMember(path: string, skip: SkipTest): boolean {
  if (!/\.txt(\.gz)?$/i.test(path)) return false;
  if (path.split('/').some((segment) => segment.startsWith('.') && segment !== '..')) return false;
  return !skip(path);
}

/** `ARCHIVE!/MEMBER`, the convention of jar URLs: `dumps/2025-07.zip!/july/a.txt`. */
export function memberName(archive: string, path: string): string {
  return `${archive}!/${path}`;
}
