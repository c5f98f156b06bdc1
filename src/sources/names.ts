/** Archives whose members are dumps: a zip, or a tar (gzipped or not). */
export type ArchiveKind = 'zip' | 'tar';

/** An archive is known by its name: `.zip`; `.tar`, `.tar.gz`, `.tgz` (any case). Null for anything else. */
export function archiveKind(name: string): ArchiveKind | null {
  if (/\.zip$/i.test(name)) return 'zip';
  if (/\.(tar|tar\.gz|tgz)$/i.test(name)) return 'tar';
  return null;
}

/** What a folder search picks up beside `*.txt`: gzipped dumps (`*.txt.gz`) and archives (any case). */
export function isPackedDumpName(name: string): boolean {
  return /\.(txt\.gz|zip|tar|tar\.gz|tgz)$/i.test(name);
}
