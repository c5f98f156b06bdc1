/** How many leading bytes (or characters) are searched for NUL, as git does to call a file binary. */
export const BINARY_SNIFF_LENGTH = 8000;

/** Thrown by {@link DumpDecoder} for input that is not a text dump; the message is for people. */
export class NotTextError extends Error {
  override name = 'NotTextError';
}

/**
 * Text that stops being text part-way: a byte that is not of its encoding, or an end inside a character.
 * It carries what came before, so the caller can keep it: `before`, the text of this chunk up to the bad
 * byte; `after`, the bytes from the bad byte to the end of the chunk.
 */
export class InvalidTextError extends NotTextError {
  override name = 'InvalidTextError';
  constructor(
    /** What went wrong and where, e.g. `not UTF-8 text (an invalid byte at offset 12)`. */
    readonly reason: string,
    /** How to convert the file, when there is a likely way; '' when not. */
    readonly hint: string,
    readonly before: string,
    readonly after: Uint8Array,
    readonly encoding: string,
  ) {
    super(hint ? `${reason}; ${hint}` : reason);
  }
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const LABEL: Readonly<Record<Encoding, string>> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' };

/**
 * Incremental bytes → text for one input. UTF-8 (its byte order mark dropped), or UTF-16 LE or BE when the
 * input opens with that byte order mark (Windows Notepad's "Unicode"). Refuses binary (a NUL byte near the
 * start of UTF-8) and invalid text, so such files are reported, never parsed into garbage; a refusal of
 * text in another encoding says how to convert it. `name` is the input's path, for that hint.
 */
export class DumpDecoder {
  private decoder: TextDecoder | null = null;
  private encoding: Encoding = 'utf-8';
  /**
   * The input's first bytes, held until there are {@link BINARY_SNIFF_LENGTH} of them (or the input ends):
   * the encoding and the binary sniff are decided on the same bytes however the input arrives in chunks.
   */
  private held: Uint8Array | null = null;
  /** A UTF-8 sequence left open at the end of the last chunk, so a bad byte is placed at its lead byte. */
  private open: Uint8Array = EMPTY;
  private offset = 0;

  /**
   * With `midFile`, the bytes are a part of a UTF-8 file that starts at a line, not the file's start: no
   * byte order mark to drop or read the encoding from, and no binary sniffing; `offset` is where the part
   * starts in the file, to place a bad byte.
   */
  private readonly midFile: boolean;

  constructor(
    private readonly name = 'FILE',
    { midFile = false, offset = 0 }: { midFile?: boolean; offset?: number } = {},
  ) {
    this.midFile = midFile;
    this.offset = offset;
    if (midFile) this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  }

  /**
   * True once the encoding is known and binary content was looked for here, in the bytes: UTF-8. In UTF-16
   * text a NUL is only found by its reader (the text API's sniff, see DumpParser).
   */
  get sniffsBinary(): boolean {
    return this.decoder !== null && this.encoding === 'utf-8';
  }

  /** Decodes the next chunk; throws {@link NotTextError}. */
  push(bytes: Uint8Array): string {
    if (this.decoder !== null) return this.decodeNext(bytes, true);
    if (bytes.length === 0) return '';
    this.held = concat(this.held ?? EMPTY, bytes); // a copy: the caller may reuse its buffer
    return this.held.length < BINARY_SNIFF_LENGTH ? '' : this.begin();
  }

  /**
   * Flushes the decoder; throws {@link NotTextError} when the input ended inside a character. `last`, the
   * input's last bytes, is {@link push}ed first; when it is the whole input, without holding a copy of it.
   */
  end(last: Uint8Array = EMPTY): string {
    if (this.decoder === null && this.held === null && last.length > 0) {
      this.held = last;
      return this.andThen(this.begin(), () => this.decodeNext(EMPTY, false));
    }
    if (last.length > 0) return this.andThen(this.push(last), () => this.end());
    if (this.decoder === null && this.held === null) return '';
    const text = this.decoder === null ? this.begin() : '';
    return this.andThen(text, () => this.decodeNext(EMPTY, false));
  }

  /** `text`, then what `next` decodes: when that fails, the failure carries `text` too. */
  private andThen(text: string, next: () => string): string {
    try {
      return text + next();
    } catch (error) {
      if (!(error instanceof InvalidTextError) || text === '') throw error;
      throw new InvalidTextError(error.reason, error.hint, text + error.before, error.after, error.encoding);
    }
  }

  /** Reads the encoding off the first bytes, sniffs them for binary content, then decodes them. */
  private begin(): string {
    const first = this.held as Uint8Array;
    this.held = null;
    this.encoding = utf16ByBom(first) ?? 'utf-8';
    // The byte order mark is dropped by the decoder (`ignoreBOM` is false).
    this.decoder = new TextDecoder(this.encoding, { fatal: true });
    if (this.encoding === 'utf-8') this.sniff(first);
    return this.decodeNext(first, true);
  }

  private decodeNext(bytes: Uint8Array, stream: boolean): string {
    const text = this.decode(bytes, stream);
    if (this.encoding === 'utf-8') this.open = openSequenceAtEnd(bytes.length >= 3 ? bytes : concat(this.open, bytes));
    this.offset += bytes.length;
    return text;
  }

  /** A NUL byte near the start of UTF-8: binary, or UTF-16 saved without its byte order mark. */
  private sniff(first: Uint8Array): void {
    const start = first.subarray(0, BINARY_SNIFF_LENGTH);
    const nul = start.indexOf(0);
    if (nul < 0) return;
    const utf16 = bomlessUtf16(start);
    if (utf16) {
      throw new NotTextError(`UTF-16 text without a byte order mark (a NUL at every other byte); convert it: iconv -f ${LABEL[utf16]} -t UTF-8 ${this.hintPath()} > ${this.hintPath(true)}`);
    }
    throw new NotTextError(`binary file (NUL byte at offset ${nul})`);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return (this.decoder as TextDecoder).decode(bytes, { stream });
    } catch {
      throw this.encoding === 'utf-8' ? this.notUtf8(bytes, stream) : this.notUtf16(bytes, stream);
    }
  }

  /** Where UTF-8 goes wrong, with the text before: the fault may be the lead byte of a sequence the last chunk left open. */
  private notUtf8(bytes: Uint8Array, stream: boolean): InvalidTextError {
    const all = concat(this.open, bytes);
    const bad = stream ? firstInvalidByte(all) : 0;
    const where = stream ? `an invalid byte at offset ${this.offset - this.open.length + bad}` : 'it ends inside a character';
    // The byte order mark is dropped from the start of a file, as the decoder drops it.
    const fileStart = !this.midFile && this.offset - this.open.length === 0;
    const before = bad === 0 ? '' : new TextDecoder('utf-8', { fatal: true, ignoreBOM: !fileStart }).decode(all.subarray(0, bad));
    const hint = `if it is Latin-1, convert it: iconv -f latin1 -t UTF-8 ${this.hintPath()} > ${this.hintPath(true)}`;
    return new InvalidTextError(`not UTF-8 text (${where})`, hint, before, all.subarray(bad), this.encoding);
  }

  /** UTF-16 is not placed to the byte: the chunk's text is dropped whole, the chunks before kept. */
  private notUtf16(bytes: Uint8Array, stream: boolean): InvalidTextError {
    const label = LABEL[this.encoding];
    const where = stream ? `a lone surrogate in the bytes from offset ${this.offset}` : 'it ends inside a character: an odd number of bytes, or a lone surrogate';
    return new InvalidTextError(`not ${label} text, though it opens with a ${label} byte order mark (${where})`, '', '', bytes, this.encoding);
  }

  /** The input's path as a shell word, for a command to copy; with `converted`, the path of its UTF-8 copy. */
  private hintPath(converted = false): string {
    const path = this.name === '-' ? 'FILE' : this.name;
    const word = converted ? path.replace(/(\.txt)?$/i, '.utf8.txt') : path;
    return /^[\w./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
  }
}

/** The UTF-16 byte order these bytes open with a mark of, or null. */
function utf16ByBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * True when a file opening with these bytes can be read as UTF-8 in parts cut at line starts: no UTF-16
 * byte order mark, no NUL in the first {@link BINARY_SNIFF_LENGTH} bytes (which {@link DumpDecoder} would refuse).
 */
export function opensAsUtf8Text(first: Uint8Array): boolean {
  return utf16ByBom(first) === null && !first.subarray(0, BINARY_SNIFF_LENGTH).includes(0);
}

/** Two NULs or more, nearly all at odd offsets (UTF-16LE of mostly ASCII text) or at even ones (UTF-16BE). */
function bomlessUtf16(bytes: Uint8Array): Encoding | null {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) i % 2 === 0 ? even++ : odd++;
  const enough = Math.max(2, (bytes.length >> 1) / 2);
  if (odd >= enough && even === 0) return 'utf-16le';
  if (even >= enough && odd === 0) return 'utf-16be';
  return null;
}

const EMPTY = new Uint8Array(0);

/** The UTF-8 sequence still open at the end of these bytes (its lead byte on), copied; empty when none is. */
function openSequenceAtEnd(bytes: Uint8Array): Uint8Array {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    return sequenceLength(byte) > bytes.length - i ? bytes.slice(i) : EMPTY;
  }
  return EMPTY;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
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

/** Decodes a whole input at once; throws {@link NotTextError}. `name` is its path, for hints. */
export function decodeDump(bytes: Uint8Array, name?: string): string {
  const decoder = new DumpDecoder(name);
  return decoder.push(bytes) + decoder.end();
}
