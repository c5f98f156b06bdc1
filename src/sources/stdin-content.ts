import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { onInterrupt } from '../runtime/clean-ups.js';
import { describeGzipError, gunzippedIfGzip } from './gzip.js';
import type { SkipTest } from './members.js';
import { type Source, withSourceErrors } from './source.js';

/** What stdin (or a pipe) holds: an archive's members, or text to parse. Gzip is gunzipped first. */
export type StreamContent = { readonly kind: 'archive'; readonly members: AsyncGenerator<Source> } | { readonly kind: 'text'; readonly stream: Readable };

const TAR_BLOCK = 512;
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
const NAME_FIELD = 100;

/**
 * Knows a stream by its first bytes, as files are known: a zip (copied to a temporary file first: its list
 * of members is at its end), a tar (read as it arrives) or text. Holds back no more of a live pipe than it
 * must: text is known as soon as it cannot be a zip and has no NUL in the first 100 bytes (a tar's name field).
 */
export async function streamContent(stream: AsyncIterable<Uint8Array>, name: string, skip: SkipTest): Promise<StreamContent> {
  const bytes = withSourceErrors(name, gunzippedIfGzip(stream), describeGzipError);
  const { head, rest } = await readHead(bytes);
  const replayed = Readable.from(replay(head, rest), { objectMode: false });
  if (startsWith(head, ZIP_MAGIC)) return { kind: 'archive', members: zipFromStream(replayed, name, skip) };
  if (isTarHeader(head)) {
    const { tarMembers } = await import('./tar.js');
    return { kind: 'archive', members: tarMembers(replayed, name, skip) };
  }
  return { kind: 'text', stream: replayed };
}

interface Rest {
  readonly iterator: AsyncIterator<Uint8Array>;
  done: boolean;
  error: unknown;
}

async function readHead(stream: AsyncIterable<Uint8Array>): Promise<{ head: Buffer; rest: Rest }> {
  const rest: Rest = { iterator: stream[Symbol.asyncIterator](), done: false, error: null };
  const chunks: Uint8Array[] = [];
  let head = Buffer.alloc(0);
  while (head.length < TAR_BLOCK && couldBeArchive(head)) {
    try {
      const next = await rest.iterator.next();
      if (next.done) {
        rest.done = true;
        break;
      }
      chunks.push(next.value);
      head = Buffer.concat(chunks);
    } catch (error) {
      rest.error = error;
      rest.done = true;
      break;
    }
  }
  return { head, rest };
}

async function* replay(head: Buffer, rest: Rest): AsyncGenerator<Uint8Array> {
  if (head.length > 0) yield head;
  if (rest.error !== null) throw rest.error;
  while (!rest.done) {
    const next = await rest.iterator.next();
    if (next.done) return;
    yield next.value;
  }
}

function couldBeArchive(head: Buffer): boolean {
  const zip = startsWith(ZIP_MAGIC.subarray(0, head.length), head.subarray(0, ZIP_MAGIC.length));
  const tar = head.length < NAME_FIELD ? !head.includes(0x0a) || head.includes(0) : head.subarray(0, NAME_FIELD).includes(0);
  return zip || tar;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && Buffer.from(prefix).equals(Buffer.from(bytes.buffer, bytes.byteOffset, prefix.length));
}

/** A POSIX (ustar) or GNU tar header: `ustar` at offset 257 and a checksum that adds up. */
function isTarHeader(head: Buffer): boolean {
  if (head.length < TAR_BLOCK || head.toString('latin1', 257, 262) !== 'ustar') return false;
  const stored = Number.parseInt(
    head
      .toString('latin1', 148, 156)
      .replace(/[\0 ]+$/, '')
      .trim(),
    8,
  );
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (head[i] as number);
  return sum === stored;
}

/** A zip on a stream: copied to a temporary file, read from there, and removed at the end or on an interrupt. */
async function* zipFromStream(stream: Readable, name: string, skip: SkipTest): AsyncGenerator<Source> {
  const dir = mkdtempSync(path.join(tmpdir(), 'postdump-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const forget = onInterrupt(remove);
  try {
    const file = path.join(dir, 'stdin.zip');
    const { pipeline } = await import('node:stream/promises');
    await pipeline(stream, createWriteStream(file));
    const { zipMembers } = await import('./zip.js');
    yield* zipMembers(file, name, skip);
  } finally {
    forget();
    remove();
  }
}
