import { WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/** Where output text goes. Writes wait when the stream is full, so memory stays bounded. */
export interface TextSink {
  write(text: string): Promise<void>;
  /**
   * Output already encoded as UTF-8 (by a parsing thread); written after what was gathered so far. Resolves
   * once the stream can take more; with `reuse`, once the bytes are written out, so their memory can be
   * filled again (see {@link releasesBytes}).
   */
  writeBytes(bytes: Uint8Array, reuse?: boolean): Promise<void>;
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
 * must {@link TextSink.close} the sink. Without it, each write goes to the stream as it is.
 */
export function streamSink(stream: Writable, { gather = false } = {}): TextSink {
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
    // A file stream, a socket (node:net is not loaded to ask: it takes milliseconds), or a stream on a descriptor.
    releasesBytes: stream instanceof WriteStream || typeof (stream as { setNoDelay?: unknown }).setNoDelay === 'function' || typeof (stream as { fd?: unknown }).fd === 'number',
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
    async writeBytes(bytes, reuse = false) {
      if (failure) throw failure;
      if (gone || bytes.length === 0) return;
      if (!flush() || stream.writableNeedDrain) await drained();
      if (!reuse) {
        if (!stream.write(bytes)) await drained();
      } else {
        await new Promise<void>((resolve) => {
          // The callback comes once the bytes are written, or with the error that ends the output.
          if (!stream.write(bytes, () => resolve())) void drained().then(() => gone && resolve());
        });
      }
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
