/** How many leading bytes (or characters) are searched for NUL, as git does to call a file binary. */
export const BINARY_SNIFF_LENGTH = 8000;

/** Thrown by {@link DumpDecoder} for input that is not a text dump; the message is for people. */
export class NotTextError extends Error {
  override name = 'NotTextError';
}

/**
 * Incremental bytes → text for one input: strips a UTF-8 byte order mark and refuses binary
 * (a NUL byte near the start) and invalid UTF-8, so such files are reported, never parsed into garbage.
 */
export class DumpDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;

  /** Decodes the next chunk; throws {@link NotTextError}. */
  push(bytes: Uint8Array): string {
    if (this.offset < BINARY_SNIFF_LENGTH) {
      const nul = bytes.subarray(0, BINARY_SNIFF_LENGTH - this.offset).indexOf(0);
      if (nul >= 0) throw new NotTextError(`binary file (NUL byte at offset ${this.offset + nul})`);
    }
    const text = this.decode(bytes, true);
    this.offset += bytes.length;
    return text;
  }

  /** Flushes the decoder; throws {@link NotTextError} when the input ended inside a character. */
  end(): string {
    return this.decode(new Uint8Array(0), false);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream });
    } catch {
      if (!stream) throw new NotTextError('not UTF-8 text (it ends inside a character)');
      throw new NotTextError(`not UTF-8 text (an invalid byte at offset ${this.offset + firstInvalidByte(bytes)})`);
    }
  }
}

/**
 * Where in a chunk UTF-8 first goes wrong: the longest prefix that decodes (a sequence left open at its
 * end is fine) is found by bisection. Only run once a chunk has failed, so its cost does not matter.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      good = mid;
    } catch {
      bad = mid;
    }
  }
  // The shortest failing prefix fails at its last byte. When that byte breaks off a sequence that was
  // still open, the fault is the sequence's lead byte: a Latin-1 é followed by a space is wrong at the é.
  const last = bad - 1;
  let lead = last - 1;
  while (lead >= 0 && last - lead <= 3 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  const open = lead >= 0 && last - lead < sequenceLength(bytes[lead] ?? 0);
  return open ? lead : last;
}

/** How many bytes a UTF-8 sequence starting with this byte should have. */
function sequenceLength(byte: number): number {
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  return 1;
}

/** Decodes a whole input at once; throws {@link NotTextError}. */
export function decodeDump(bytes: Uint8Array): string {
  const decoder = new DumpDecoder();
  return decoder.push(bytes) + decoder.end();
}
