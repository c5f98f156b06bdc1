import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import { describeGzipError, gunzippedIfGzip, gzipSource, isGzip } from './gzip.js';
import { type SkipTest, isDumpMember, memberName, memberPath } from './members.js';
import { type Source, SourceError, failedSource, isSystemError, memberStamp, messageOf, withSourceErrors } from './source.js';

/** One member as tar-stream gives it (a streamx stream, not a Node one). */
type TarEntry = ReturnType<typeof tar.extract> extends AsyncIterable<infer E> ? E : never;

/**
 * The dump members of a tar stream (gunzipped first when it starts like gzip: `.tar.gz`, `.tgz`), in
 * archive order, read as the archive is: small ones whole, larger ones streamed (each must be read, or
 * given up, before the next is asked for). A tar cut short or corrupt fails the member being read, or, between members, throws
 * a {@link SourceError} naming the archive and the last member read.
 */
export async function* tarMembers(file: AsyncIterable<Uint8Array>, name: string, skip: SkipTest): AsyncGenerator<Source> {
  const extract = tar.extract();
  const end = { block: new Uint8Array(0) };
  const input = Readable.from(keepingLastBlock(gunzippedIfGzip(file), end), { objectMode: false });
  input.on('error', (error) => extract.destroy(error));
  input.pipe(extract);
  let failedMember = false;
  let last: string | null = null;
  try {
    for await (const entry of extract) {
      const path = memberPath(entry.header.name);
      if (entry.header.type !== 'file' || !isDumpMember(path, skip)) {
        entry.resume();
        continue;
      }
      const member = memberName(name, path);
      const stored = memberStamp(entry.header.size ?? 0, entry.header.mtime);
      if (entry.header.size <= SMALL_MEMBER_BYTES) {
        // Read whole, as small files are: streaming each of thousands of small members costs more than parsing them.
        const chunks: Uint8Array[] = [];
        try {
          for await (const chunk of entry) chunks.push(chunk as Uint8Array);
        } catch (error) {
          failedMember = true;
          yield { ...failedSource(member, chunks, error, describeTarError), stored };
          continue;
        }
        const whole = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
        yield { name: member, bytes: isGzip(whole) ? gzipSource(member, [whole]).bytes : whole, stored };
      } else {
        const bytes = readOrDrain(entry, () => (failedMember = true));
        yield { name: member, bytes: withSourceErrors(member, gunzippedIfGzip(bytes), describeTarError), stored };
        bytes.destroy(); // what is left of it is drained, not read
      }
      last = path;
    }
  } catch (error) {
    if (isSystemError(error)) throw error;
    if (failedMember) return; // already said, by the member it cut short
    const where = last === null ? '' : ` after member ${last}`;
    throw new SourceError(name, `${describeTarError(error)}${where}`);
  } finally {
    input.destroy();
    extract.destroy();
  }
  // A tar ends with blocks of zeros. Cut just after a member, it reads as a whole archive (GNU tar says
  // nothing): only the missing end tells, and the members past the cut are lost.
  if (!failedMember && (end.block.length < BLOCK_BYTES || end.block.some((byte) => byte !== 0))) {
    throw new SourceError(name, `tar archive cut short (it does not end with a tar's end-of-archive blocks)${last === null ? '' : ` after member ${last}`}`);
  }
}

/** A tar is made of blocks of this many bytes. */
const BLOCK_BYTES = 512;

/** The chunks as they are; `end.block` holds the last {@link BLOCK_BYTES} of them once they are all through. */
async function* keepingLastBlock(chunks: AsyncIterable<Uint8Array>, end: { block: Uint8Array }): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    end.block = chunk.length >= BLOCK_BYTES ? chunk.subarray(chunk.length - BLOCK_BYTES) : Buffer.concat([end.block, chunk]).subarray(-BLOCK_BYTES);
    yield chunk;
  }
}

/** Members up to this size are read whole. */
const SMALL_MEMBER_BYTES = 1 << 20;

/**
 * The entry's bytes as a Node stream. Given up early, the rest is drained: destroying a tar-stream entry
 * would destroy the whole archive.
 */
function readOrDrain(entry: TarEntry, onFailed: () => void): PassThrough {
  const bytes = new PassThrough();
  let ended = false;
  entry.on('data', (chunk) => {
    if (!bytes.destroyed && !bytes.write(chunk as Uint8Array)) entry.pause();
  });
  bytes.on('drain', () => entry.resume());
  bytes.on('close', () => {
    if (!ended) entry.resume();
  });
  entry.on('end', () => {
    ended = true;
    bytes.end();
  });
  entry.on('error', (error: unknown) => {
    ended = true;
    onFailed();
    bytes.destroy(error as Error);
  });
  return bytes;
}

/** tar-stream's and zlib's failures in words. */
function describeTarError(error: unknown): string {
  if (typeof (error as { code?: unknown }).code === 'string' && String((error as { code: string }).code).startsWith('Z_')) {
    return describeGzipError(error);
  }
  const message = messageOf(error);
  if (/unexpected end of data/i.test(message)) return 'tar archive cut short (unexpected end of data)';
  return `corrupt tar archive (${message})`;
}
