import type { InflateRaw } from 'node:zlib';

/** Decompressed data comes in pieces this big (zlib's default is 16 KiB: four times the trips). */
const CHUNK_BYTES = 1 << 16;

/** Gzip data with something after its last member that is neither a member nor zero padding. */
export class TrailingGarbageError extends Error {
  override name = 'TrailingGarbageError';
  /** Every member before it is whole: what was read ends there, as if the data had ended. */
  readonly dataWhole = true;
  constructor(readonly offset: number) {
    super(`trailing garbage after the gzip data, at offset ${offset} (what came before it was read whole)`);
  }
}

/** A zlib-like failure, with the code describeGzipError reads. */
function zlibError(code: 'Z_BUF_ERROR' | 'Z_DATA_ERROR', message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Gzip data decompressed member by member, as `gzip -d` reads it: each member's CRC-32 and length are
 * checked, members follow one another, zero padding after the last is accepted, and anything else after it
 * is named ({@link TrailingGarbageError}) once every complete member has been given. Streamed: a member is
 * never whole in memory. zlib is loaded only here.
 */
export async function* gunzipMembers(compressed: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const zlib = await import('node:zlib');
  const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32 ?? jsCrc32;
  const iterator = Symbol.asyncIterator in compressed ? compressed[Symbol.asyncIterator]() : (compressed as Iterable<Uint8Array>)[Symbol.iterator]();
  let pending: Buffer = Buffer.alloc(0);
  /** Where `pending` starts in the compressed data. */
  let offset = 0;
  let ended = false;
  const next = async (): Promise<Buffer | null> => {
    if (ended) return null;
    const step = await iterator.next();
    if (step.done) {
      ended = true;
      return null;
    }
    return Buffer.from(step.value.buffer, step.value.byteOffset, step.value.byteLength);
  };
  const need = async (length: number): Promise<boolean> => {
    while (pending.length < length) {
      const chunk = await next();
      if (chunk === null) return false;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    }
    return true;
  };
  const take = (length: number) => {
    pending = pending.subarray(length);
    offset += length;
  };

  try {
    for (let members = 0; ; members++) {
      if (!(await need(1))) {
        if (members === 0) throw zlibError('Z_BUF_ERROR', 'unexpected end of file');
        return;
      }
      if (members > 0 && !(pending[0] === 0x1f && (!(await need(2)) || pending[1] === 0x8b))) {
        // After the last member: zero padding (a tape block's rest) is accepted, anything else named.
        for (;;) {
          const at = pending.findIndex((byte) => byte !== 0);
          if (at >= 0) throw new TrailingGarbageError(offset + at);
          take(pending.length);
          if (!(await need(1))) return;
        }
      }
      take(await headerLength(need, () => pending));
      let crc = 0;
      let size = 0;
      for await (const chunk of inflateMember(zlib.createInflateRaw({ chunkSize: CHUNK_BYTES }), pending, next, (rest, consumed) => {
        offset += consumed;
        pending = rest;
      })) {
        crc = crc32(chunk, crc);
        size = (size + chunk.length) >>> 0;
        yield chunk;
      }
      if (!(await need(8))) throw zlibError('Z_BUF_ERROR', 'unexpected end of file');
      if (pending.readUInt32LE(0) !== crc >>> 0) throw zlibError('Z_DATA_ERROR', 'incorrect data check');
      if (pending.readUInt32LE(4) !== size) throw zlibError('Z_DATA_ERROR', 'incorrect length check');
      take(8);
    }
  } finally {
    await (iterator as AsyncIterator<Uint8Array>).return?.();
  }
}

/**
 * The length of the gzip header at the start of `pending()` (after `need` made enough of it arrive).
 * Throws for data that is not gzip, or a header cut short.
 */
async function headerLength(need: (length: number) => Promise<boolean>, pending: () => Buffer): Promise<number> {
  const cut = () => zlibError('Z_BUF_ERROR', 'unexpected end of file');
  if (!(await need(10))) throw cut();
  const head = pending();
  if (head[0] !== 0x1f || head[1] !== 0x8b) throw zlibError('Z_DATA_ERROR', 'incorrect header check');
  if (head[2] !== 8) throw zlibError('Z_DATA_ERROR', 'unknown compression method');
  const flags = head[3] as number;
  let at = 10;
  if (flags & 4) {
    if (!(await need(at + 2))) throw cut();
    at += 2 + pending().readUInt16LE(at);
  }
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    // A zero-terminated name or comment.
    for (;;) {
      if (!(await need(at + 1))) throw cut();
      if (pending()[at++] === 0) break;
    }
  }
  if (flags & 2) at += 2;
  if (!(await need(at))) throw cut();
  return at;
}

/**
 * One member's deflate data inflated, as it arrives: `first` then what `next` gives, one chunk at a time,
 * each written only once the one before is taken (so memory stays bounded). At the end, `rest` gets what followed the deflate data, and how much was consumed.
 */
async function* inflateMember(inflate: InflateRaw, first: Buffer, next: () => Promise<Buffer | null>, rest: (after: Buffer, consumed: number) => void): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  inflate.on('data', (chunk: Buffer) => {
    out.push(chunk);
    inflate.pause(); // taken one at a time: a small input that inflates hugely stays bounded
    signal();
  });
  inflate.on('end', () => {
    finished = true;
    signal();
  });
  inflate.on('error', (error) => {
    failure = error;
    signal();
  });
  /** The chunks written that zlib may not have consumed whole, and where the first of them starts. */
  const held: Buffer[] = [];
  let heldFrom = 0;
  let taken = true;
  const write = (chunk: Buffer) => {
    taken = false;
    while (held.length > 0 && heldFrom + (held[0] as Buffer).length <= inflate.bytesWritten) heldFrom += (held.shift() as Buffer).length;
    held.push(chunk);
    inflate.write(chunk, () => {
      taken = true;
      signal();
    });
  };
  try {
    if (first.length > 0) write(first);
    for (;;) {
      while (out.length > 0) {
        yield out.shift() as Buffer;
        if (out.length === 0) inflate.resume();
      }
      if (failure) throw failure;
      if (finished) break;
      if (taken && !inflate.writableEnded) {
        const chunk = await next();
        if (chunk === null) inflate.end();
        else write(chunk);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (out.length > 0 || failure || finished || (taken && !inflate.writableEnded)) signal();
      });
    }
    const consumed = inflate.bytesWritten;
    rest(Buffer.concat(held).subarray(consumed - heldFrom), consumed);
  } finally {
    inflate.destroy();
  }
}

let table: Uint32Array | null = null;

/** CRC-32 as gzip computes it, for Node versions without zlib.crc32 (before 20.15). */
export function jsCrc32(data: Uint8Array, value = 0): number {
  if (table === null) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~value >>> 0;
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}
