import type { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { gunzippedIfGzip } from './gzip.js';
import { openZipFile } from './zip-reader.js';
import { type SkipTest, isDumpMember, memberName, memberPath } from './members.js';
import { type Source, SourceError, isSystemError, messageOf, withSourceErrors } from './source.js';

/**
 * The dump members of a zip file, in the order of its central directory, each streamed (inflated as it
 * is read, and gunzipped when it is a `.txt.gz`). A zip is read by path: its list of members is at its
 * end. A member that cannot be read fails alone; a zip that cannot be opened (cut short, so its list is
 * lost) throws a {@link SourceError} naming the archive.
 */
export async function* zipMembers(path: string, name: string, skip: SkipTest): AsyncGenerator<Source> {
  const zip = await openZipFile(path).catch((error: unknown) => {
    if (isSystemError(error)) throw error;
    // Its list of members is at its end: a zip cut short has none to read, so the error can name no member.
    throw new SourceError(name, `not a readable zip file: cut short, or not a zip (${messageOf(error)})`);
  });
  let current: Readable | null = null;
  try {
    for (let entry = await nextEntry(zip, name); entry !== null; entry = await nextEntry(zip, name)) {
      const path = memberPath(entry.fileName);
      if (entry.fileName.endsWith('/') || !isDumpMember(path, skip)) continue;
      const member = memberName(name, path);
      current = withSourceErrors(member, gunzippedIfGzip(memberBytes(zip, entry)), (error) => `corrupt zip member (${messageOf(error)})`);
      yield { name: member, bytes: current };
      current.destroy(); // it may be left half read (binary, or the reader went away); the zip goes on
      current = null;
    }
  } finally {
    current?.destroy();
    zip.close();
  }
}

/** The next entry of the central directory, or null at its end. */
function nextEntry(zip: ZipFile, name: string): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: Entry) => (settle(), resolve(entry));
    const onEnd = () => (settle(), resolve(null));
    const onError = (error: unknown) => (settle(), reject(new SourceError(name, `corrupt zip file (${messageOf(error)})`)));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/**
 * Members up to this size (stored and inflated) are inflated in one step, as small files are read whole:
 * streaming each of thousands of small members through zlib costs a trip to the thread pool apiece.
 */
const SMALL_MEMBER_BYTES = 1 << 20;
const STORED = 0;
const DEFLATED = 8;

/** A member's bytes, inflated as they are read (a small one at once); opened when first read. */
async function* memberBytes(zip: ZipFile, entry: Entry): AsyncGenerator<Uint8Array> {
  const { compressionMethod: method, compressedSize, uncompressedSize } = entry;
  const small = compressedSize <= SMALL_MEMBER_BYTES && uncompressedSize <= SMALL_MEMBER_BYTES && !entry.isEncrypted();
  if (small && (method === STORED || method === DEFLATED)) {
    const chunks: Buffer[] = [];
    for await (const chunk of await openMember(zip, entry, 'raw')) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    // The size the zip declares bounds the output: a member cannot inflate past it.
    const bytes = method === DEFLATED ? inflateRawSync(raw, { maxOutputLength: Math.max(1, uncompressedSize) }) : raw;
    if (bytes.length !== uncompressedSize) throw new Error(`it holds ${bytes.length} bytes, the zip says ${uncompressedSize}`);
    yield bytes;
    return;
  }
  yield* await openMember(zip, entry, 'inflated');
}

/** The member's bytes as stored (`raw`), or inflated by yauzl. */
function openMember(zip: ZipFile, entry: Entry, as: 'raw' | 'inflated'): Promise<Readable> {
  // yauzl takes `decompress` only for compressed members: stored ones are the same either way.
  const options = as === 'raw' && entry.isCompressed() ? { decompress: false } : {};
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, options, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}
