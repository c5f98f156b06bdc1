import { once } from 'node:events';
import { createWriteStream, unlinkSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';

/** Where output text goes. Writes wait when the stream is full, so memory stays bounded. */
export interface Sink {
  write(text: string): Promise<void>;
  /** Finishes the output; for a file, puts it in place. */
  close(): Promise<void>;
  /** Drops the output; for a file, leaves any earlier file untouched. */
  abort(): Promise<void>;
  /** The reader went away (`| head`): nothing more is wanted, and that is no failure. */
  readonly readerGone: boolean;
}

/** Standard output. A closed pipe (EPIPE) ends the output quietly instead of crashing. */
export function streamSink(stream: Writable): Sink {
  let gone = false;
  let failure: Error | null = null;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') gone = true;
    else failure = error;
  });
  return {
    get readerGone() {
      return gone;
    },
    async write(text) {
      if (failure) throw failure;
      if (gone || text === '') return;
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'close')]).catch(() => {});
      if (failure) throw failure;
    },
    async close() {
      if (failure) throw failure;
    },
    async abort() {},
  };
}

/**
 * A file written atomically: into a temporary file beside it, renamed over it at the end. A failed or
 * interrupted run leaves no partial file and an existing file untouched.
 */
export async function fileSink(target: string): Promise<Sink> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const stream = createWriteStream(temp, { flags: 'wx' });
  await once(stream, 'open');
  const removeTemp = () => unlink(temp).catch(() => {});
  const onSignal = (signal: NodeJS.Signals) => {
    stream.destroy();
    try {
      unlinkSync(temp); // synchronous on purpose: the process ends right after
    } catch {
      // already gone
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const forget = () => process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  const inner = streamSink(stream);
  return {
    readerGone: false,
    write: (text) => inner.write(text),
    async close() {
      forget();
      stream.end();
      await once(stream, 'finish');
      await inner.close();
      await rename(temp, target);
    },
    async abort() {
      forget();
      stream.destroy();
      await removeTemp();
    },
  };
}
