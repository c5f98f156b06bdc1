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
    case 'EFBIG':
      return 'file too large';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EBADF':
      return 'no such descriptor is open';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
