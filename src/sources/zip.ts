import type { Readable } from 'node:stream';
import zlib, { inflateRawSync } from 'node:zlib';
import { type Entry, type ZipFile, getFileNameLowLevel } from 'yauzl';
import { gunzippedIfGzip, gzipSource, isGzip } from './gzip.js';
import { type BlockReader, openZipFile } from './zip-reader.js';
import { type SkipTest, isDumpMember, memberName, memberPath } from './members.js';
import { type Source, SourceError, isSystemError, memberStamp, messageOf, withSourceErrors } from './source.js';

/**
 * The dump members of a zip file, in the order of its central directory: small ones whole, larger ones
 * streamed (inflated as they are read), gunzipped as they are read when they are `.txt.gz`. A zip is read
 * by path: its list of members is at its end. A member that cannot be read fails alone; a zip that cannot
 * be opened (cut short, so its list is lost) throws a {@link SourceError} naming the archive.
 */
export async function* zipMembers(path: string, name: string, skip: SkipTest): AsyncGenerator<Source> {
  const { zip, reader } = await openZipFile(path).catch((error: unknown) => {
    if (isSystemError(error)) throw error;
    // Its list of members is at its end: a zip cut short has none to read, so the error can name no member.
    throw new SourceError(name, `not a readable zip file: cut short, or not a zip (${messageOf(error)})`);
  });
  let current: Readable | null = null;
  let last: string | null = null;
  try {
    for (let entry = await nextEntry(zip, name, last); entry !== null; entry = await nextEntry(zip, name, last)) {
      const storedAs = storedName(entry);
      const path = memberPath(storedAs);
      last = path;
      if (storedAs.endsWith('/') || !isDumpMember(path, skip)) continue;
      const member = memberName(name, path);
      // The Info-ZIP extended timestamp (UTC) when the zip has one, else its DOS time, read as local time.
      const stored = memberStamp(entry.uncompressedSize, entry.getLastModDate());
      const describe = (error: unknown) => `corrupt zip member (${messageOf(error)})`;
      // A small member that fails is streamed instead, so the posts before the damage still give records.
      const bytes = isSmall(entry) ? await smallMember(zip, reader, entry).catch(unlessSystemError) : null;
      if (bytes && !isGzip(bytes)) {
        yield { name: member, bytes, stored };
        continue;
      }
      if (bytes) {
        current = gzipSource(member, [bytes]).bytes;
      } else {
        current = withSourceErrors(member, gunzippedIfGzip(streamedMember(zip, entry)), describe);
      }
      yield { name: member, bytes: current, stored };
      current.destroy(); // it may be left half read (binary, or the reader went away); the zip goes on
      current = null;
    }
  } finally {
    current?.destroy();
    zip.close();
  }
}

/** The next entry of the central directory, or null at its end; a damaged list is named with the last entry read. */
function nextEntry(zip: ZipFile, name: string, last: string | null): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: Entry) => {
      settle();
      resolve(entry);
    };
    const onEnd = () => {
      settle();
      resolve(null);
    };
    const where = last === null ? '' : ` after member ${last}`;
    const onError = (error: unknown) => {
      settle();
      reject(new SourceError(name, `corrupt zip file (${messageOf(error)})${where}`));
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/**
 * Members up to this size (stored and inflated) are read whole, as small files are: streaming each of
 * thousands of small members costs more than parsing them.
 */
const SMALL_MEMBER_BYTES = 1 << 20;
const STORED = 0;
const DEFLATED = 8;

function isSmall(entry: Entry): boolean {
  const { compressionMethod: method, compressedSize, uncompressedSize } = entry;
  return compressedSize <= SMALL_MEMBER_BYTES && uncompressedSize <= SMALL_MEMBER_BYTES && !entry.isEncrypted() && (method === STORED || method === DEFLATED);
}

/** A small member's bytes, read at once from the zip's blocks and inflated in one step. */
async function smallMember(zip: ZipFile, reader: BlockReader, entry: Entry): Promise<Uint8Array> {
  const { fileDataStart } = await new Promise<{ fileDataStart: number }>((resolve, reject) => {
    zip.readLocalFileHeader(entry, { minimal: true }, (error, header) => (error ? reject(error) : resolve(header)));
  });
  const raw = await reader.range(fileDataStart, fileDataStart + entry.compressedSize);
  // The size the zip declares bounds the output: a member cannot inflate past it.
  const bytes = entry.compressionMethod === DEFLATED ? inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) }) : raw;
  if (bytes.length !== entry.uncompressedSize) throw new Error(`it holds ${bytes.length} bytes, the zip says ${entry.uncompressedSize}`);
  if (crc32 && crc32(bytes) !== entry.crc32) throw new Error(BAD_CRC);
  return bytes;
}

/**
 * A member's name as stored (UTF-8 or CP437, as its flags and extra fields say; backslashes as `/`). Not
 * checked as a path to write to, as yauzl checks it when it decodes names itself: `../x.txt` or `/x.txt`
 * is a member like any other here, for nothing is written where it names; a zip holding one goes on.
 */
function storedName(entry: Entry): string {
  return getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

/**
 * A member's bytes, inflated by yauzl as they are read; opened when first read. Damaged data is known at
 * its end, by its CRC-32, as in gzip: the posts before are given.
 */
async function* streamedMember(zip: ZipFile, entry: Entry): AsyncGenerator<Uint8Array> {
  const stream = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
  let crc = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (crc32) crc = crc32(chunk, crc);
    yield chunk;
  }
  if (crc32 && crc !== entry.crc32) throw new Error(BAD_CRC);
}

/** yauzl does not check members' CRC-32; Node has it from 20.15 (older Node 20 reads zips unchecked, as yauzl does). */
const crc32 = typeof zlib.crc32 === 'function' ? zlib.crc32 : null;
const BAD_CRC = 'incorrect data check: its CRC-32 differs';

/** Null for a failure of the data; a failure of the system (the file cannot be read) goes on. */
function unlessSystemError(error: unknown): null {
  if (isSystemError(error)) throw error;
  return null;
}
