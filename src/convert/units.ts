import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { opensAsUtf8Text } from '../pipeline/decode/decode.js';
import type { Input } from '../sources/inputs.js';
import { archiveKind, isPackedDumpName } from '../sources/names.js';
import { type ByteRange, scanRanges } from './ranges.js';
import { WHOLE_FILE_BYTES } from './run-unit.js';
import type { ThreadPlan } from './threads.js';

/**
 * A unit of work, in input order. Any thread can do a unit of `files` or a `part`, whole (read, parse, format):
 * see run-unit.ts. An `input` is read by the thread that writes the output, in its turn: stdin, a pipe, gzip,
 * an archive, a file too big to read whole and not cut into parts.
 */
export type Unit =
  /** Small regular files, each read whole by whoever does the unit. */
  | { readonly kind: 'files'; readonly inputs: readonly Input[] }
  /** Part `index` of a big regular file cut into `ranges` (one array shared by all its parts). */
  | { readonly kind: 'part'; readonly input: Input & { readonly path: string }; readonly ranges: readonly ByteRange[]; readonly index: number }
  | { readonly kind: 'input'; readonly input: Input };

/**
 * The units for these inputs, in order: runs of small regular files (listed as such by their folder, or
 * named and found so) in units of at most `batchFiles`, a big file in parts when the run has threads to
 * spare, anything else as an input of its own.
 */
export function* planUnits(inputs: readonly Input[], plan: ThreadPlan): Generator<Unit> {
  let batch: Input[] = [];
  for (const input of inputs) {
    if (readableWhole(input) && (input.size === undefined || input.size <= WHOLE_FILE_BYTES)) {
      batch.push(input);
      if (batch.length >= plan.batchFiles) {
        yield { kind: 'files', inputs: batch };
        batch = [];
      }
      continue;
    }
    if (batch.length > 0) yield { kind: 'files', inputs: batch };
    batch = [];
    yield* planInput(input, plan);
  }
  if (batch.length > 0) yield { kind: 'files', inputs: batch };
}

/**
 * The units for an input not read as a small file (one that turned out not to be, too): its parts when it is
 * a big regular file and the run has threads to spare, else the input itself.
 */
export function planInput(input: Input, plan: ThreadPlan): Unit[] {
  const path = input.path;
  if (plan.threads < 2 || path === null || archiveKind(path) !== null) return [{ kind: 'input', input }];
  const ranges = bigFileRanges(path, plan);
  if (ranges === null || ranges.length < 2) return [{ kind: 'input', input }];
  const shared = { ...input, path };
  return ranges.map((_, index) => ({ kind: 'part', input: shared, ranges, index }));
}

/**
 * A file its folder listed as regular (or that was found so when named), not named like gzip or an archive:
 * most likely a small dump, which any thread can read whole (a unit of `files` gives it back when it is not).
 */
export function readableWhole(input: Input): input is Input & { readonly path: string } {
  return input.regular === true && input.path !== null && !isPackedDumpName(input.path);
}

/**
 * The parts of a big regular UTF-8 file, each starting after a `/post/` line; null when the file is not one
 * to cut (small, not a regular file, gzip, UTF-16 or binary at its start, unreadable: it is read whole).
 */
function bigFileRanges(path: string, plan: ThreadPlan): ByteRange[] | null {
  let fd: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile() || stats.size < plan.minBytes) return null;
    fd = openSync(path, 'r');
  } catch {
    return null; // read in turn, which names the trouble
  }
  try {
    const buffer = Buffer.allocUnsafe(4 << 20);
    let first = true;
    const read = (position: number, length: number) => buffer.subarray(0, readSync(fd, buffer, 0, length, position));
    return scanRanges(statSync(path).size, read, plan.rangeBytes, {
      pieceBytes: buffer.length,
      // The parts are cut at byte offsets of UTF-8 lines: a file that does not open as UTF-8 text (or is gzip) is read whole.
      check: (piece) => {
        if (!first) return true;
        first = false;
        return opensAsUtf8Text(piece) && !(piece[0] === 0x1f && piece[1] === 0x8b);
      },
    });
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
