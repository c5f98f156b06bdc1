import { createReadStream } from 'node:fs';
import type { SkipTest } from './members.js';
import type { ArchiveKind } from './names.js';
import type { Source } from './source.js';

/**
 * The dump members of the archive at `path` (shown as `name`), in archive order, each streamed. The
 * archive libraries are loaded only when an archive is read: most runs read plain files.
 */
export async function* archiveMembers(path: string, name: string, kind: ArchiveKind, skip: SkipTest): AsyncGenerator<Source> {
  if (kind === 'zip') {
    const { zipMembers } = await import('./zip.js');
    yield* zipMembers(path, name, skip);
  } else {
    const { tarMembers } = await import('./tar.js');
    yield* tarMembers(createReadStream(path, { highWaterMark: 1 << 20 }), name, skip);
  }
}
