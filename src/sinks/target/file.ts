import { once } from 'node:events';
import { type WriteStream, createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { type TextSink, streamSink } from './stream.js';
import { type Place, openInPlace, placeOf } from './place.js';
import { createTempBeside } from './temp-file.js';

/**
 * The output named by `-o` (see {@link Place}). A regular file, or a path with nothing there yet, is written
 * atomically: into a temporary file beside it, renamed over it at the end, so a failed or interrupted run
 * leaves no partial file and an existing file untouched. Anything else is written where it is.
 */
export async function fileSink(target: string): Promise<TextSink> {
  const place = await placeOf(target);
  if (place.kind === 'standard') return streamSink(place.stream, { gather: true }); // never ended, as stdout is not
  return place.kind === 'file' ? atomicFileSink(place.path) : directSink(await openInPlace(place));
}

/** A stream that is the output itself (a device, a pipe, a socket): nothing to put in place at the end. */
function directSink(stream: Writable): TextSink {
  const inner = streamSink(stream, { gather: true });
  return {
    get readerGone() {
      return inner.readerGone;
    },
    releasesBytes: inner.releasesBytes,
    write: (text) => inner.write(text),
    writeBytes: (bytes, reuse) => inner.writeBytes(bytes, reuse),
    async close() {
      await inner.close();
      stream.end();
      const { finished } = await import('node:stream/promises');
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
