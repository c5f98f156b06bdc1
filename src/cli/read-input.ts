import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DumpDecoder, NotTextError } from '../input/decode.js';
import { type DumpProblem, DumpParser } from '../parse-dump.js';
import type { PostRecord } from '../record/schema.js';
import { type Input, describeFsError } from './inputs.js';

/**
 * Reads one input as a stream and hands each record on as soon as its post is whole, so neither a huge
 * file nor its records are ever held whole. Returns what went wrong; never throws for bad input.
 */
export async function readInput(
  input: Input,
  stdin: Readable,
  onRecord: (record: PostRecord) => void | Promise<void>,
): Promise<{ records: number; problems: DumpProblem[] }> {
  const decoder = new DumpDecoder();
  const parser = new DumpParser(input.name);
  let records = 0;
  const hand = async (batch: PostRecord[]) => {
    for (const record of batch) {
      records++;
      try {
        await onRecord(record);
      } catch (error) {
        throw new OutputFailure(error);
      }
    }
  };
  const stream = input.path === null ? stdin : createReadStream(input.path, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) await hand(parser.push(decoder.push(chunk as Buffer)));
    await hand(parser.push(decoder.end()));
    await hand(parser.end());
    return { records, problems: [...parser.problems] };
  } catch (error) {
    if (input.path !== null) (stream as ReturnType<typeof createReadStream>).destroy();
    if (error instanceof OutputFailure) throw error.cause;
    const message = error instanceof NotTextError ? error.message : isFsError(error) ? describeFsError(error) : null;
    if (message === null) throw error; // not the input's fault: a bug, or the output failing
    return { records, problems: [...parser.problems, { source: input.name, line: null, message }] };
  }
}

/** Wraps an error of the output side, so it is never taken for a fault of the input. */
class OutputFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('output failed');
  }
}

function isFsError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
