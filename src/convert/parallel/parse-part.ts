import { closeSync, openSync, readSync } from 'node:fs';
import { FORMATS } from '../../sinks/text/formats.js';
import { BytesParser, decodePieces } from '../../pipeline/bytes-parser.js';
import type { PostRecord } from '../../pipeline/record/schema.js';
import { EncodedOutput } from './encoded-output.js';
import type { PartDone, WorkerSetup } from './protocol.js';
import type { ByteRange } from './ranges.js';

/** The part's bytes are read into this, grown as needed (one per thread). */
let buffer = Buffer.allocUnsafe(0);

/**
 * Parses part `start` of the file from a fresh parser, through the whole pipeline (decode, lines, posts,
 * reconcile, validate, format, encode), and reads on into the next parts while a post runs on past a part's
 * end. `spare` holds output buffers to fill again.
 */
export function parsePart(setup: WorkerSetup, ranges: readonly ByteRange[], start: number, spare: ArrayBuffer[]): PartDone {
  const first = ranges[start] as ByteRange;
  // A byte order mark opens only the file: further on, U+FEFF is text.
  const parser = start === 0 ? new BytesParser(setup.source) : new BytesParser(setup.source, { firstLine: first.firstLine });
  const formatter = FORMATS[setup.format](setup.formatOptions);
  let head: PostRecord | null = null;
  const out = new EncodedOutput(first.end - first.start, spare);
  let count = 0;
  const warnings: { line: number; warnings: readonly string[] }[] = [];
  let warned = 0;
  const take = (records: readonly PostRecord[]) => {
    for (const record of records) {
      if (head === null) {
        head = record; // formatted by the main thread: only it knows whether this is the output's first record
        continue;
      }
      out.write(formatter.record(record, false)); // after the head, so never the output's first
      count++;
      if (record.warnings.length > 0) {
        warned++;
        if (setup.strict) warnings.push({ line: record.source_line, warnings: record.warnings });
      }
    }
  };
  let at = start;
  // Opened for each part, not once: a terminated worker closes no file.
  const fd = openSync(setup.path, 'r');
  try {
    for (;;) {
      const range = ranges[at] as ByteRange;
      const bytes = read(fd, range);
      for (const piece of decodePieces(bytes)) take(parser.push(piece));
      if (at === ranges.length - 1) {
        take(parser.end());
        break;
      }
      if (parser.atPostBoundary || parser.halted) break;
      at++; // a post runs on into the next part: read on
    }
  } finally {
    closeSync(fd);
  }
  const rest = out.bytes();
  return {
    start,
    through: at,
    first: head,
    rest,
    restCount: count,
    restWarned: warned,
    warnings,
    problems: [...parser.problems],
    halted: parser.halted,
  };
}

function read(fd: number, range: ByteRange): Buffer {
  const length = range.end - range.start;
  if (buffer.length < length) buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const got = readSync(fd, buffer, filled, length - filled, range.start + filled);
    if (got === 0) break;
    filled += got;
  }
  return buffer.subarray(0, filled);
}
