import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { gunzippedIfGzip } from './gzip.js';
import { type SkipTest, isDumpMember, memberName, memberPath } from './members.js';
import { type Source, SourceError, isSystemError, messageOf, withSourceErrors } from './source.js';

/**
 * The dump members of a zip file, in the order of its central directory, each streamed (inflated as it
 * is read, and gunzipped when it is a `.txt.gz`). A zip is read by path: its list of members is at its
 * end. A member that cannot be read fails alone; a zip that cannot be opened (cut short, so its list is
 * lost) throws a {@link SourceError} naming the archive.
 */
export async function* zipMembers(path: string, name: string, skip: SkipTest): AsyncGenerator<Source> {
  const zip = await openZip(path).catch((error: unknown) => {
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

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
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

/** A member's bytes, inflated as they are read; opened when first read. */
async function* memberBytes(zip: ZipFile, entry: Entry): AsyncGenerator<Uint8Array> {
  const stream = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
  yield* stream;
}
