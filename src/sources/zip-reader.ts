import { close, fstat, open, read } from 'node:fs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl from 'yauzl';

/** The file is read in blocks this big, and this many are kept: a zip's list and its small members come from a few reads. */
const BLOCK_BYTES = 1 << 20;
const BLOCKS_KEPT = 4;

/**
 * A zip file for yauzl, read in large blocks kept a little while. yauzl reads each entry of the list, each
 * member's header and each member's data with separate small reads: on a zip of thousands of small dumps
 * those reads, each a trip to the thread pool, cost more than the parsing. Memory stays bounded: at most
 * {@link BLOCKS_KEPT} blocks are held.
 */
export class BlockReader extends yauzl.RandomAccessReader {
  private readonly blocks = new Map<number, Promise<Buffer>>();

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    super();
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    this.copy(buffer, offset, position, position + length).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.slices(start, end), { objectMode: false });
  }

  override close(callback: (error: Error | null) => void): void {
    close(this.fd, callback);
  }

  /** The bytes from start to end, in one buffer (a view of a block when they lie in one). */
  async range(start: number, end: number): Promise<Buffer> {
    const slices: Buffer[] = [];
    for await (const slice of this.slices(start, end)) slices.push(slice);
    return slices.length === 1 ? (slices[0] as Buffer) : Buffer.concat(slices);
  }

  private async copy(target: Buffer, offset: number, start: number, end: number): Promise<void> {
    for await (const slice of this.slices(start, end)) {
      slice.copy(target, offset);
      offset += slice.length;
    }
  }

  /** The bytes from start to end, as views of the blocks they lie in. */
  private async *slices(start: number, end: number): AsyncGenerator<Buffer> {
    if (end > this.size) throw new Error('unexpected end of the zip file');
    for (let at = start; at < end; ) {
      const index = Math.floor(at / BLOCK_BYTES);
      const block = await this.block(index);
      const from = at - index * BLOCK_BYTES;
      const to = Math.min(block.length, end - index * BLOCK_BYTES);
      if (to <= from) throw new Error('unexpected end of the zip file');
      yield block.subarray(from, to);
      at += to - from;
    }
  }

  private block(index: number): Promise<Buffer> {
    const kept = this.blocks.get(index);
    if (kept) {
      this.blocks.delete(index); // to the end: the most recently used
      this.blocks.set(index, kept);
      return kept;
    }
    const reading = readBlock(this.fd, index * BLOCK_BYTES, Math.min(BLOCK_BYTES, this.size - index * BLOCK_BYTES));
    this.blocks.set(index, reading);
    if (this.blocks.size > BLOCKS_KEPT) this.blocks.delete(this.blocks.keys().next().value as number);
    return reading;
  }
}

async function readBlock(fd: number, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await readAsync(fd, buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Opens the zip file at `path` for yauzl, entries read one at a time (`readEntry`); the reader serves small members too. */
export async function openZipFile(path: string): Promise<{ zip: yauzl.ZipFile; reader: BlockReader }> {
  const fd = await openAsync(path, 'r');
  try {
    const { size } = await fstatAsync(fd);
    const reader = new BlockReader(fd, size);
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false, decodeStrings: false }, (error, zip) => (error ? reject(error) : resolve(zip)));
    });
    return { zip, reader };
  } catch (error) {
    close(fd, () => {});
    throw error;
  }
}

const openAsync = promisify(open);
const fstatAsync = promisify(fstat);
const readAsync = promisify(read);
