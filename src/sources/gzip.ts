import { Readable } from 'node:stream';
import { TrailingGarbageError, gunzipMembers } from './gzip-members.js';
import { type Source, withSourceErrors } from './source.js';

/** Gzip is known by its first two bytes, whatever the name (a raw HTTP body saved as `.txt` is read too). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The chunks decompressed as they are read: never whole in memory, however much they expand. zlib is loaded only then. */
export async function* gunzipped(compressed: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* gunzipMembers(compressed);
}

/** The chunks as they are, or decompressed when they start like gzip. */
export async function* gunzippedIfGzip(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head: Uint8Array = new Uint8Array(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) {
      if (head.length > 0) yield head;
      return;
    }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  async function* all(): AsyncGenerator<Uint8Array> {
    yield head;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  yield* isGzip(head) ? gunzipped(all()) : all();
}

/** A gzip source (a `.gz` file, a `.txt` that starts like gzip): its text, decompressed as it is read. */
export function gzipSource(name: string, compressed: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Source & { readonly bytes: Readable } {
  const bytes = withSourceErrors(name, gunzipped(compressed), describeGzipError);
  // Given up before it is read (the reader went away), it still lets go of what it reads from (a file).
  if (compressed instanceof Readable) bytes.once('close', () => compressed.destroy());
  return { name, bytes };
}

/** zlib's failures in words: a cut-short stream, a bad checksum, data that is not gzip. */
export function describeGzipError(error: unknown): string {
  if (error instanceof TrailingGarbageError) return error.message;
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'Z_BUF_ERROR') return 'gzip data cut short (unexpected end of file)';
  if (code === 'Z_DATA_ERROR') return `corrupt gzip data (${message})`;
  return `cannot read it: ${message ?? String(error)}`;
}
