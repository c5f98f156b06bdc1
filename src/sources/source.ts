import { Readable } from 'node:stream';

/**
 * A named stream of bytes: a file, stdin, a gzip stream, an archive member. Its failures (a corrupt or
 * cut-short archive, bad gzip data) are {@link SourceError}s, so they are told apart from bugs.
 */
export interface Source {
  /** Shown in records (`source_file`) and messages: a path, `-`, or `ARCHIVE!/MEMBER`. */
  readonly name: string;
  /** The bytes as a stream, or whole when they are few and already read (as small files are). */
  readonly bytes: Readable | Uint8Array;
  /** An archive member: its size and modification time as the archive records them (absent when it records none). */
  readonly stored?: MemberStamp;
}

/** What an archive says of a member: its size in bytes (as extracted) and its modification time (ms since 1970; null: none recorded). */
export interface MemberStamp {
  readonly size: number;
  readonly modifiedMs: number | null;
}

/** A member's stamp from the archive's figures (an unreadable time: null). */
export function memberStamp(size: number, modified: Date | undefined): MemberStamp {
  const modifiedMs = modified?.getTime() ?? Number.NaN;
  return { size, modifiedMs: Number.isFinite(modifiedMs) ? modifiedMs : null };
}

/** The bytes of a source could not be read; the message is for people, the name says which source. */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    /** The source (or archive) the message is about. */
    readonly source: string,
    message: string,
    /** What was read before the failure is whole (trailing garbage after gzip data): its last post is complete. */
    readonly dataWhole = false,
  ) {
    super(message);
  }
}

/** `chunks` as a stream whose failures are {@link SourceError}s for `source`, with `describe`'s message. */
export function withSourceErrors(source: string, chunks: AsyncIterable<Uint8Array>, describe: (error: unknown) => string): Readable {
  async function* described(): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks;
    } catch (error) {
      throw error instanceof SourceError || isSystemError(error) ? error : new SourceError(source, describe(error), (error as { dataWhole?: unknown }).dataWhole === true);
    }
  }
  const stream = Readable.from(described(), { objectMode: false });
  // Given up before it was read (the reader went away), it still lets go of what it reads from (a file).
  if (chunks instanceof Readable) stream.once('close', () => chunks.destroy());
  return stream;
}

/**
 * A source that failed part way: the bytes read before the failure, then the failure, so the posts before
 * it still give records and it is named like any other.
 */
export function failedSource(name: string, before: readonly Uint8Array[], error: unknown, describe: (error: unknown) => string): Source {
  async function* readThenFail(): AsyncGenerator<Uint8Array> {
    yield* before;
    throw error;
  }
  return { name, bytes: withSourceErrors(name, readThenFail(), describe) };
}

/** The error's own message, for libraries whose messages are already readable. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure of the system (a file that cannot be read), not of the data: told in the caller's words. */
export function isSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.syscall === 'string';
}
