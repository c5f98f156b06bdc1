import { BytesParser, decodePieces } from '../pipeline/bytes-parser.js';
import type { DumpProblem } from '../pipeline/dump-parser.js';
import type { PostRecord } from '../pipeline/record/schema.js';
import { SourceError } from '../sources/source.js';
import { describeFsError } from '../sources/fs-error.js';
import type { Input } from '../sources/inputs.js';
import type { Opened } from '../sources/open-input.js';

/**
 * Takes the records of a piece of the input (often none); returns (or resolves to) false when no more are
 * wanted (the reader went away).
 */
export type RecordsHandler = (records: PostRecord[]) => boolean | undefined | Promise<boolean | undefined>;

/**
 * Parses one input, whole or as a stream, and hands its records on piece by piece, as soon as each post is
 * whole, so neither a huge file nor its records are ever held whole. `onBytes` hears how much was read, for
 * progress. Returns what went wrong; never throws for bad input.
 */
export async function readInput(
  input: Input,
  opened: Opened,
  onRecords: RecordsHandler,
  onBytes: (bytes: number) => void = () => {},
): Promise<{ records: number; problems: DumpProblem[]; stopped: boolean }> {
  const parser = new BytesParser(input.name);
  let records = 0;
  let stopped = false;
  const hand = async (batch: PostRecord[]) => {
    if (batch.length === 0) return;
    records += batch.length;
    let more: boolean | undefined;
    try {
      more = await onRecords(batch);
    } catch (error) {
      throw new OutputFailure(error);
    }
    if (more === false) throw new Stop();
  };
  const fail = (message: string) => ({ records, stopped, problems: [...parser.problems, { source: input.name, line: null, message }] });
  if (opened.kind === 'failed') return fail(describeFsError(opened.error));
  try {
    if (opened.kind === 'bytes') {
      // Read whole: its bytes are the input's last.
      onBytes(opened.bytes.length);
      await hand(parser.end(opened.bytes));
    } else {
      for await (const chunk of opened.stream) {
        onBytes((chunk as Uint8Array).length);
        for (const piece of decodePieces(chunk as Uint8Array)) await hand(parser.push(piece));
        if (parser.notText) break; // the rest is not read: the input is refused
      }
      if (parser.notText) opened.stream.destroy();
      await hand(parser.end());
    }
  } catch (error) {
    if (opened.kind === 'stream') opened.stream.destroy();
    if (error instanceof Stop) stopped = true;
    else if (error instanceof OutputFailure) throw error.cause;
    else if (error instanceof SourceError) {
      // Trailing garbage after whole gzip data: the data ends where the garbage starts, its last post with it.
      if (error.dataWhole && opened.kind === 'stream' && !parser.notText) {
        try {
          await hand(parser.end());
        } catch (ended) {
          if (ended instanceof OutputFailure) throw ended.cause;
          stopped = ended instanceof Stop;
        }
      }
      return fail(error.message);
    } else if (isFsError(error)) return fail(describeFsError(error));
    else throw error; // not the input's fault: a bug
  }
  return { records, stopped, problems: [...parser.problems] };
}

/** Wraps an error of the output side, so it is never taken for a fault of the input. */
class OutputFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('output failed');
  }
}

/** No more records are wanted: stop reading this input. */
class Stop extends Error {}

function isFsError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
