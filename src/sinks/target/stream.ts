import { once } from 'node:events';
import { WriteStream, createWriteStream } from 'node:fs';
import { Socket, createConnection } from 'node:net';
import { readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createTempBeside } from './temp-file.js';

/** Where output text goes. Writes wait when the stream is full, so memory stays bounded. */
export interface Sink {
  write(text: string): Promise<void>;
  /**
   * Output already encoded as UTF-8 (by a parsing thread); written after what was gathered so far. Resolves
   * once the stream has taken the bytes.
   */
  writeBytes(bytes: Uint8Array): Promise<void>;
  /**
   * The stream writes to a file descriptor: once {@link writeBytes} resolved, the bytes were written out and
   * their memory may be used again. Another stream (a PassThrough) may hand the very bytes on to its reader.
   */
  readonly releasesBytes: boolean;
  /** Finishes the output; for a file, puts it in place. */
  close(): Promise<void>;
  /** Drops the output; for a file, leaves any earlier file untouched. */
  abort(): Promise<void>;
  /** The reader went away (`| head`): nothing more is wanted, and that is no failure. */
  readonly readerGone: boolean;
  /** A file put in place only by {@link close}: {@link abort} leaves what was there before as it was. */
  readonly atomic?: boolean;
}

/** Output is gathered into pieces of this many bytes: one write per piece, not per record. */
const PIECE_BYTES = 1 << 16;

/**
 * Standard output. A closed pipe (EPIPE) ends the output quietly instead of crashing.
 * With `gather`, text is encoded straight into pieces (cheaper than joining strings, then encoding them)
 * that go out when full, or on the next turn of the event loop, so nothing waits long; then the caller
 * must {@link Sink.close} the sink. Without it, each write goes to the stream as it is.
 */
export function streamSink(stream: Writable, { gather = false } = {}): Sink {
  const pieceBytes = gather ? PIECE_BYTES : 0;
  let gone = false;
  let failure: Error | null = null;
  let piece = Buffer.allocUnsafe(pieceBytes);
  let used = 0;
  let scheduled: NodeJS.Immediate | null = null;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') gone = true;
    else failure = error;
  });
  /** Writes out what is gathered; false when the stream asks to wait for 'drain'. */
  const flush = (): boolean => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (used === 0 || gone || failure) return true;
    const bytes = piece.subarray(0, used);
    piece = Buffer.allocUnsafe(pieceBytes); // the stream may hold on to the old one until it is written
    used = 0;
    return stream.write(bytes);
  };
  /** Waits until the stream takes more (or ends); leaves no listener behind. */
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      stream.on('drain', done).on('close', done).on('error', done);
    });
  return {
    get readerGone() {
      return gone;
    },
    releasesBytes: stream instanceof WriteStream || stream instanceof Socket || typeof (stream as { fd?: unknown }).fd === 'number',
    async write(text) {
      if (failure) throw failure;
      if (gone || text === '') return;
      if (stream.writableNeedDrain) await drained();
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      if (text.length * 3 > pieceBytes - used && !flush()) await drained();
      if (text.length * 3 > pieceBytes) {
        if (!stream.write(text)) await drained();
      } else {
        used += piece.write(text, used);
        scheduled ??= setImmediate(flush);
      }
      if (failure) throw failure;
    },
    async writeBytes(bytes) {
      if (failure) throw failure;
      if (gone || bytes.length === 0) return;
      if (!flush() || stream.writableNeedDrain) await drained();
      await new Promise<void>((resolve) => {
        // The callback comes once the bytes are written, or with the error that ends the output.
        if (!stream.write(bytes, () => resolve())) void drained().then(() => gone && resolve());
      });
      if (failure) throw failure;
    },
    async close() {
      if (!flush()) await drained();
      if (failure) throw failure;
    },
    async abort() {
      if (scheduled) clearImmediate(scheduled);
      used = 0;
    },
  };
}

/**
 * The output named by `-o`. A symbolic link is followed (its target is replaced, the link stays a link).
 * A regular file, or a path with nothing there yet, is written atomically: into a temporary file beside
 * it, renamed over it at the end, so a failed or interrupted run leaves no partial file and an existing
 * file untouched. A character device (`/dev/null`), named pipe or socket is written directly: replacing
 * it with a file would break whatever else uses it.
 */
export async function fileSink(target: string): Promise<Sink> {
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
function directSink(stream: Writable): Sink {
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

/** A regular file, written into a temporary file beside it that is renamed over it by {@link Sink.close}. */
async function atomicFileSink(target: string): Promise<Sink> {
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
