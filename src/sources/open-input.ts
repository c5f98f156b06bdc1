import { closeSync, constants, createReadStream, fstat, fstatSync, open, openSync, read, readSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { onInterrupt } from '../runtime/clean-ups.js';
import { gunzippedIfGzip, gzipSource, isGzip, describeGzipError } from './gzip.js';
import { withSourceErrors } from './source.js';
import type { Input } from './inputs.js';

/** How an input's content arrives: whole (a small file, already read), as a stream, or not at all. */
export type Opened =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'stream'; readonly stream: Readable; readonly size: number | null }
  | { readonly kind: 'failed'; readonly error: unknown };

/** Regular files up to this size are read whole; larger ones, and pipes, are streamed. */
const WHOLE_FILE_BYTES = 1 << 20;

/**
 * Opens one input: a small file is read whole, anything else is handed over as a stream. Gzip, known by
 * its first bytes whatever the name, is handed over as a stream of the decompressed bytes. `wholeFileBytes`
 * is for tests: the size up to which a file is read whole.
 */
export function openInput(input: Input, stdin: Readable, wholeFileBytes = WHOLE_FILE_BYTES): Promise<Opened> {
  return input.path === null ? Promise.resolve(unknownStream('-', stdin)) : openFile(input.path, wholeFileBytes, input.regular === true);
}

/** A pipe or stdin: whether it is gzip is known once its first bytes come. */
function unknownStream(name: string, stream: Readable): Opened {
  return { kind: 'stream', stream: withSourceErrors(name, gunzippedIfGzip(stream), describeGzipError), size: null };
}

/**
 * Large files are read in pieces this big, the size the decoder takes at once. Larger pieces live through
 * the collections of young objects while they are parsed, and the memory of the ones that do is only given
 * back by a full collection: with 1 MiB pieces a big file's run held tens of megabytes of them.
 */
const STREAM_CHUNK_BYTES = 1 << 16;

/**
 * Opens a file and, when it is small, reads it whole. A small regular file is read with synchronous calls
 * (see {@link readSmallFile}); anything else with callback-style fs calls, which on folders of small files
 * cost about half as much per file as the FileHandle promises.
 */
async function openFile(path: string, wholeFileBytes: number, regular: boolean): Promise<Opened> {
  const small = readSmallFile(path, wholeFileBytes, regular);
  if (small?.kind === 'bytes' && isGzip(small.bytes)) return { kind: 'stream', stream: gzipSource(path, [small.bytes]).bytes, size: null };
  if (small) return small;
  let fd: number | null = null;
  try {
    fd = await openUnlessInterrupted(path);
    const stats = await fstatAsync(fd);
    // Large or growing files, pipes and devices: read piece by piece when their turn comes (the stream closes the file).
    const gzipped = stats.isFile() && isGzip(await readHead(fd));
    // A named pipe is read as stdin is, without a thread waiting on it: its writer may stay silent, and a
    // run interrupted then must still end. Only a regular file is read from a position: a pipe
    // (`<(zcat x.gz)`) or a device cannot seek.
    const stream = stats.isFIFO()
      ? new (await import('node:net')).Socket({ fd, readable: true, writable: false })
      : createReadStream('', { fd, start: stats.isFile() ? 0 : undefined, highWaterMark: STREAM_CHUNK_BYTES });
    if (gzipped) return { kind: 'stream', stream: gzipSource(path, stream).bytes, size: null };
    if (!stats.isFile()) return unknownStream(path, stream);
    return { kind: 'stream', stream, size: stats.size };
  } catch (error) {
    if (fd !== null) closeSync(fd);
    return { kind: 'failed', error };
  }
}

/**
 * Opens a file for reading. Opening a named pipe waits for its writer, on a thread of libuv's pool, and the
 * process cannot end while it waits: an interrupt then opens the pipe's other end for a moment, which ends
 * the wait, so Ctrl-C ends the run.
 */
async function openUnlessInterrupted(path: string): Promise<number> {
  const forget = onInterrupt(() => {
    if (statSync(path).isFIFO()) closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  });
  try {
    return await openAsync(path, 'r');
  } finally {
    forget();
  }
}

/**
 * A regular file of at most `limit` bytes, read whole on this thread: for a folder of small files, a trip
 * to libuv's thread pool for each of open, stat, read and close costs more than the work itself. A pipe, a
 * device, a larger file or one that grows gives null, and is opened the asynchronous way (a file swapped
 * for a pipe between the look and the open is opened without blocking, so it cannot hang the run here).
 * A file its folder listed as regular is opened without the look: one system call fewer for each file.
 */
function readSmallFile(path: string, limit: number, regular: boolean): Extract<Opened, { kind: 'bytes' | 'failed' }> | null {
  let fd: number;
  try {
    // Looked at before it is opened: opening a pipe, even for a moment, would tell its writer a reader came.
    if (!regular) {
      const stats = statSync(path);
      if (!stats.isFile() || stats.size > limit) return null;
    }
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { kind: 'failed', error };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > limit) return null;
    // One byte more than the size asked for: a read that fills it means the file grew, and it is streamed.
    // A read that returns exactly the size is at the end (a regular file reads short only there).
    const buffer = Buffer.allocUnsafe(stats.size + 1);
    let filled = readSync(fd, buffer, 0, buffer.length, 0);
    if (filled < stats.size) {
      for (let read = -1; read !== 0 && filled <= stats.size; filled += read) read = readSync(fd, buffer, filled, buffer.length - filled, filled);
    }
    if (filled > stats.size) return null;
    return { kind: 'bytes', bytes: buffer.subarray(0, filled) };
  } catch (error) {
    return { kind: 'failed', error };
  } finally {
    closeSync(fd);
  }
}

/** The file's first two bytes (fewer when it is shorter): enough to know gzip. */
async function readHead(fd: number): Promise<Uint8Array> {
  const head = Buffer.alloc(2);
  const { bytesRead } = await readAsync(fd, head, 0, 2, 0);
  return head.subarray(0, bytesRead);
}

const openAsync = promisify(open);
const fstatAsync = promisify(fstat);
const readAsync = promisify(read);

/** The input's size in bytes, when known (not for pipes and stdin). */
export function sizeOf(opened: Opened): number | null {
  return opened.kind === 'bytes' ? opened.bytes.length : opened.kind === 'stream' ? opened.size : null;
}
