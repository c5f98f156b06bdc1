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
      throw new NotTextError(`not UTF-8 text (invalid byte near offset ${this.offset})`);
    }
  }
}

/** Decodes a whole input at once; throws {@link NotTextError}. */
export function decodeDump(bytes: Uint8Array): string {
  const decoder = new DumpDecoder();
  return decoder.push(bytes) + decoder.end();
}
