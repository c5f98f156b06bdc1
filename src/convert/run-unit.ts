import { closeSync, constants, openSync, readSync } from 'node:fs';
import { BytesParser, decodePieces } from '../pipeline/bytes-parser.js';
import type { Input } from '../sources/inputs.js';
import type { ByteRange } from './ranges.js';
import { newTally } from './tally.js';
import type { Unit } from './units.js';
import type { UnitOutput } from './unit-output.js';

/** What doing a unit left for the thread that writes the output to know. */
export interface UnitEnd {
  /**
   * A unit of files stopped before these (it read {@link BATCH_BYTES}, or the first is not a small file: gzip,
   * bigger than {@link WHOLE_FILE_BYTES}, not readable here): they are planned again, the first on its own.
   */
  readonly rest: readonly Input[];
  /** The first of `rest` is not a small file to read whole. */
  readonly notSmall: boolean;
  /** A part read on through this many parts after it (a post ran past its end), or the input ended in it. */
  readonly covers: number;
}

/** A unit of files stops reading once it has read this many bytes: a few milliseconds of work, and its output stays small. */
const BATCH_BYTES = 256 << 10;
/** Files up to this size are read whole; larger ones are read as a stream, or in parts. */
export const WHOLE_FILE_BYTES = 1 << 20;

/** Small files are read into this, one buffer per thread, one byte longer than a whole file may be. */
let readBuffer: Buffer | null = null;
/** A part of a big file is read into this, grown as needed (one per thread). */
let partBuffer = Buffer.allocUnsafe(0);

/**
 * Does a unit of `files` or a `part`, whole and synchronously, on whichever thread calls it: read, decode,
 * parse, reconcile, format, encode, into `out`.
 */
export function runUnit(unit: Exclude<Unit, { kind: 'input' }>, out: UnitOutput): UnitEnd {
  return unit.kind === 'files' ? runFiles(unit.inputs, out) : runPart(unit.input.name, unit.input.path, unit.ranges, unit.index, out);
}

function runFiles(inputs: readonly Input[], out: UnitOutput): UnitEnd {
  let read = 0;
  for (const [i, input] of inputs.entries()) {
    const bytes = read >= BATCH_BYTES ? null : readSmallFile(input.path as string);
    if (bytes === null) return { rest: inputs.slice(i), notSmall: read < BATCH_BYTES, covers: 0 };
    read += bytes.length;
    const tally = newTally(input.name, bytes.length);
    tally.bytes = bytes.length;
    const parser = new BytesParser(input.name);
    out.add(tally, parser.end(bytes));
    for (const problem of parser.problems) tally.problems.push(problem);
    out.tallies.push(tally);
  }
  return { rest: [], notSmall: false, covers: 0 };
}

/**
 * A small file's bytes, read whole with three system calls (open, read, close) into this thread's buffer: valid
 * until the next call. Null when it is not a small file to read so: it cannot be opened or read here (its
 * turn on the writing thread names why), it is bigger than {@link WHOLE_FILE_BYTES}, or it is gzip. Opened
 * without blocking: a file swapped for a pipe since its folder was listed cannot hang the run.
 */
function readSmallFile(path: string): Uint8Array | null {
  readBuffer ??= Buffer.allocUnsafe(WHOLE_FILE_BYTES + 1);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  let filled = 0;
  try {
    // A regular file reads short only at its end; a read that fills the buffer means a file too big to read whole.
    for (let got = -1; got !== 0 && filled < readBuffer.length; filled += got) got = readSync(fd, readBuffer, filled, readBuffer.length - filled, filled);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
  if (filled > WHOLE_FILE_BYTES || (readBuffer[0] === 0x1f && readBuffer[1] === 0x8b && filled >= 2)) return null;
  return readBuffer.subarray(0, filled);
}

/**
 * Part `start` of a big file, from a fresh parser, reading on into the next parts while a post runs on past a
 * part's end (whether it does is only known by parsing: a part starts after a `/post/` line, most often a
 * post's end).
 */
function runPart(source: string, path: string, ranges: readonly ByteRange[], start: number, out: UnitOutput): UnitEnd {
  const first = ranges[start] as ByteRange;
  // A byte order mark opens only the file: further on, U+FEFF is text.
  const parser = start === 0 ? new BytesParser(source) : new BytesParser(source, { firstLine: first.firstLine, firstByte: first.start });
  const tally = newTally(source, null);
  let at = start;
  // Opened for each part, not once: a worker may be stopped at any time, and closes nothing then.
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const range = ranges[at] as ByteRange;
      const bytes = readRange(fd, range);
      tally.bytes += bytes.length;
      for (const piece of decodePieces(bytes)) out.add(tally, parser.push(piece));
      if (at === ranges.length - 1) {
        out.add(tally, parser.end());
        break;
      }
      if (parser.atPostBoundary || parser.halted) break;
      at++;
    }
  } finally {
    closeSync(fd);
  }
  for (const problem of parser.problems) tally.problems.push(problem);
  // The input ends here when this is its last part, or it stopped early (not text, a bad byte): the parts after give nothing.
  tally.ends = at === ranges.length - 1 || parser.halted;
  out.tallies.push(tally);
  return { rest: [], notSmall: false, covers: tally.ends ? ranges.length - 1 - start : at - start };
}

function readRange(fd: number, range: ByteRange): Buffer {
  const length = range.end - range.start;
  if (partBuffer.length < length) partBuffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const got = readSync(fd, partBuffer, filled, length - filled, range.start + filled);
    if (got === 0) break;
    filled += got;
  }
  return partBuffer.subarray(0, filled);
}
