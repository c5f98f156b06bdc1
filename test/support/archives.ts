import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';

/** A member to pack: its path inside the archive, its bytes (a path ending in `/` is a folder), and its time when it matters. */
export type Member = readonly [path: string, bytes: Uint8Array | string, mtime?: Date];

/**
 * Writes a real zip file, members in the order given: deflated, or stored as they are. Times are written as
 * Info-ZIP's extended timestamp and as DOS time, or (`dosTimeOnly`) as DOS time alone, as some zip makers do.
 */
export async function writeZip(file: string, members: readonly Member[], compress = true, dosTimeOnly = false): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes, mtime] of members) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(bytes), name, { compress, forceDosTimestamp: dosTimeOnly, ...(mtime ? { mtime } : {}) });
  }
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, 'close');
}

/** Writes a real tar file, gzipped when asked (`.tar.gz`, `.tgz`), members in the order given. */
export async function writeTar(file: string, members: readonly Member[], gzip = false): Promise<void> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = finished(pack as unknown as NodeJS.ReadableStream);
  for (const [name, bytes, mtime] of members) {
    if (name.endsWith('/')) pack.entry({ name, type: 'directory' });
    else pack.entry({ name, ...(mtime ? { mtime } : {}) }, Buffer.from(bytes));
  }
  pack.finalize();
  await done;
  const whole = Buffer.concat(chunks);
  writeFileSync(file, gzip ? gzipSync(whole) : whole);
}
