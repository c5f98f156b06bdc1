import { once } from 'node:events';
import { type WriteStream, createWriteStream } from 'node:fs';
import { createConnection } from 'node:net';
import { readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type TextSink, streamSink } from './stream.js';
import { createTempBeside } from './temp-file.js';

/**
 * The output named by `-o`. A symbolic link is followed (its target is replaced, the link stays a link).
 * A regular file, or a path with nothing there yet, is written atomically: into a temporary file beside
 * it, renamed over it at the end, so a failed or interrupted run leaves no partial file and an existing
 * file untouched. A character device (`/dev/null`), named pipe or socket is written directly: replacing
 * it with a file would break whatever else uses it.
 */
export async function fileSink(target: string): Promise<TextSink> {
  // Asked of the path itself, so the kernel follows every kind of link (`/dev/stdout` too).
  const stats = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null; // nothing there yet, or a link to nothing yet
    throw error;
  });
  if (stats === null || stats.isFile()) return atomicFileSink(await followLinks(target));
  if (stats.isDirectory()) throw Object.assign(new Error(`${target} is a folder`), { code: 'EISDIR' });
  if (stats.isCharacterDevice() || stats.isFIFO()) {
    const stream = createWriteStream(target, { flags: 'w' }); // a pipe's open waits for its reader, as `>` does
    await once(stream, 'open');
    return directSink(stream);
  }
  if (stats.isSocket()) {
    const socket = createConnection({ path: target });
    await once(socket, 'connect');
    return directSink(socket);
  }
  throw new Error('a block device: postdump writes only to files, character devices, pipes and sockets');
}

/** Where a chain of symbolic links ends; the path itself when it is no link (or names nothing yet). */
export async function followLinks(file: string): Promise<string> {
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    let next: string;
    try {
      next = await readlink(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EINVAL' || code === 'ENOENT') return file; // not a link, or nothing there
      throw error;
    }
    file = path.resolve(path.dirname(file), next);
  }
  throw Object.assign(new Error(`${file}: too many levels of symbolic links`), { code: 'ELOOP' });
}

/** As many links as Linux follows in one path. */
const MAX_LINK_HOPS = 40;

/** A stream that is the output itself (a device, a pipe, a socket): nothing to put in place at the end. */
function directSink(stream: Writable): TextSink {
  const inner = streamSink(stream, { gather: true });
  return {
    get readerGone() {
      return inner.readerGone;
    },
    releasesBytes: inner.releasesBytes,
    write: (text) => inner.write(text),
    writeBytes: (bytes) => inner.writeBytes(bytes),
    async close() {
      await inner.close();
      stream.end();
      await finished(stream).catch((error: unknown) => {
        if (!inner.readerGone) throw error;
      });
    },
    async abort() {
      await inner.abort();
      stream.destroy();
    },
  };
}

/** A regular file, written into a temporary file beside it that is renamed over it by {@link TextSink.close}. */
async function atomicFileSink(target: string): Promise<TextSink> {
  let opened: WriteStream | null = null;
  const temp = await createTempBeside(target, () => opened?.destroy());
  const stream = createWriteStream(temp.path);
  opened = stream;
  try {
    await once(stream, 'open');
  } catch (error) {
    await temp.discard();
    throw error;
  }
  const written = directSink(stream);
  return {
    readerGone: false,
    atomic: true,
    releasesBytes: written.releasesBytes,
    write: written.write,
    writeBytes: written.writeBytes,
    async close() {
      await written.close();
      await temp.commit();
    },
    async abort() {
      await written.abort();
      await temp.discard();
    },
  };
}
