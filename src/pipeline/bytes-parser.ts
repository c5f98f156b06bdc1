import { isUtf8 } from 'node:buffer';
import { BINARY_SNIFF_LENGTH, DumpDecoder, InvalidTextError, NotTextError } from './decode/decode.js';
import { MAX_LINE_CHARS } from './decode/lines.js';
import { type DumpPartOptions, type DumpProblem, DumpParser } from './dump-parser.js';
import type { PostRecord } from './record/schema.js';

/** Text is decoded this much at a time: V8 and ICU are much slower on pieces from 128 KiB to 512 KiB. */
const DECODE_BYTES = 1 << 16;

/** Bytes in pieces of {@link DECODE_BYTES}: whoever hands records on does so after each. */
export function* decodePieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += DECODE_BYTES) yield bytes.subarray(at, at + DECODE_BYTES);
}

/** The line a bad byte stands on, read on to its end (each undecodable byte a U+FFFD) to see what it starts. */
interface BadLine {
  readonly error: InvalidTextError;
  /** Its number in the file. */
  readonly no: number;
  readonly decoder: TextDecoder;
  text: string;
}

/**
 * The one bytes → records pipeline: a {@link DumpDecoder} (byte order marks, UTF-8 or UTF-16, binary sniff,
 * text in another encoding) feeding a {@link DumpParser} (lines, posts, reconcile, validate). Bytes arrive in
 * any chunks; records come out as soon as each post is whole. Input that is not text is a problem, never
 * records parsed from garbage: binary input gives none; where text stops being text (a bad byte part-way),
 * every post that ended before the line of the bad byte gives its record, the rest of the input is not read,
 * and the problem names the byte's offset and line. Never throws for bad input. Used by the CLI (one input
 * at a time), each part of the two-thread path, and parseDumpBytes.
 */
export class BytesParser {
  private readonly decoder: DumpDecoder;
  private parser: DumpParser | null = null;
  private refused: DumpProblem | null = null;
  private bad: BadLine | null = null;
  private records = 0;
  private ended = false;
  /** Bytes were pushed: `end(last)` is given the input's last bytes, not the whole of it. */
  private pushed = false;

  /** With `part`, the bytes are a part of a UTF-8 file starting at a line (see {@link DumpParser}). */
  constructor(
    readonly source: string,
    private readonly part?: DumpPartOptions,
  ) {
    this.decoder = new DumpDecoder(source, { midFile: part !== undefined, offset: part?.firstByte ?? 0 });
  }

  /** Feeds the next chunk of bytes; returns the records it completed. */
  push(bytes: Uint8Array): PostRecord[] {
    const records: PostRecord[] = [];
    if (this.refused || this.ended) return records;
    if (bytes.length > 0) this.pushed = true;
    for (const piece of decodePieces(bytes)) {
      if (this.bad) {
        this.readBadLine(piece, false, records);
        if (this.refused) break;
        continue;
      }
      try {
        const text = this.decoder.push(piece);
        if (text !== '') this.take(this.text().push(text), records);
      } catch (error) {
        this.fail(error, records);
        if (this.refused) break;
      }
    }
    return records;
  }

  /**
   * Ends the input; returns the last records. Then {@link problems} is final. `last`, the input's last bytes,
   * is pushed first: a small file read whole is decoded without a copy.
   */
  end(last?: Uint8Array): PostRecord[] {
    if (last && !this.pushed && this.part === undefined && !this.ended) {
      // The whole input at once, as a small file is read: plain UTF-8 needs none of the decoder's care.
      const text = plainUtf8(last);
      if (text !== null) {
        this.ended = true;
        const parser = this.text(true);
        const records = parser.push(text);
        for (const record of parser.end()) records.push(record);
        this.records += records.length;
        return records;
      }
    }
    if (last && last.length > DECODE_BYTES) return [...this.push(last), ...this.end()];
    if (this.refused || this.ended) return [];
    const records: PostRecord[] = [];
    if (this.bad) {
      if (last) this.readBadLine(last, false, records);
      if (!this.refused) this.readBadLine(new Uint8Array(0), true, records);
      return records;
    }
    this.ended = true;
    let text: string;
    try {
      text = this.decoder.end(last);
    } catch (error) {
      this.fail(error, records);
      if (this.bad) this.readBadLine(new Uint8Array(0), true, records);
      return records;
    }
    const parser = this.text();
    this.take(parser.push(text), records);
    this.take(parser.end(), records);
    return records;
  }

  /** Why the input, or part of it, gave no record; final after {@link end}. */
  get problems(): readonly DumpProblem[] {
    const found = this.parser?.problems ?? [];
    return this.refused ? [...found, this.refused] : found;
  }

  /** See {@link DumpParser.atPostBoundary}. */
  get atPostBoundary(): boolean {
    return this.refused === null && this.bad === null && (this.parser?.atPostBoundary ?? false);
  }

  /** True once the bytes were refused as not text (binary, another encoding, a bad byte): nothing more is read. */
  get notText(): boolean {
    return this.refused !== null;
  }

  /** True once this input stopped early: not text, binary, or an internal error. */
  get halted(): boolean {
    return this.refused !== null || (this.parser?.halted ?? false);
  }

  /**
   * The parser, made once the decoder knows the encoding (so whether it sniffed the bytes for binary);
   * `sniffed`: the bytes were looked at for binary content, and are plain UTF-8.
   */
  private text(sniffed = false): DumpParser {
    this.parser ??= this.part ? new DumpParser(this.source, this.part) : new DumpParser(this.source, { decoded: { binarySniffed: sniffed || this.decoder.sniffsBinary } });
    return this.parser;
  }

  private take(found: readonly PostRecord[], into: PostRecord[]): void {
    for (const record of found) into.push(record);
    this.records += found.length;
  }

  /** The decoder refused the bytes: binary or another encoding (nothing is read), or text with a bad byte part-way. */
  private fail(error: unknown, records: PostRecord[]): void {
    if (!(error instanceof NotTextError)) throw error;
    if (!(error instanceof InvalidTextError)) {
      this.refused = { source: this.source, line: null, message: error.message };
      return;
    }
    const parser = this.text();
    if (error.before !== '') this.take(parser.push(error.before), records);
    this.bad = { error, no: parser.lineNo, decoder: new TextDecoder(error.encoding), text: '' };
    this.readBadLine(error.after, false, records);
  }

  /** Reads the bad byte's line on to its end, then ends the input before it (see {@link DumpParser.abandon}). */
  private readBadLine(bytes: Uint8Array, ending: boolean, records: PostRecord[]): void {
    const bad = this.bad as BadLine;
    const text = bad.decoder.decode(bytes, { stream: !ending });
    const nl = text.indexOf('\n');
    if (bad.text.length < MAX_LINE_CHARS) bad.text += (nl < 0 ? text : text.slice(0, nl)).slice(0, MAX_LINE_CHARS - bad.text.length);
    if (nl < 0 && !ending) return;
    this.ended = true;
    const { records: last, open } = this.text().abandon(bad.text);
    this.take(last, records);
    const { reason, hint } = bad.error;
    const lost = open === null ? 'nothing from there on is read' : `nothing from there on is read, nor the post from line ${open}`;
    const message = bad.no === 1 && this.records === 0 ? bad.error.message : [reason, lost, hint].filter(Boolean).join('; ');
    this.refused = { source: this.source, line: bad.no, message };
    this.bad = null;
  }
}

/**
 * The text of a whole input that is plain UTF-8: no NUL in its first {@link BINARY_SNIFF_LENGTH} bytes (no
 * binary, no UTF-16 without its mark), no UTF-16 byte order mark, valid throughout (checked natively); its
 * UTF-8 byte order mark dropped. Null for anything else, which the decoder reads with the care it needs.
 */
function plainUtf8(bytes: Uint8Array): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nul = buffer.indexOf(0);
  if ((nul >= 0 && nul < BINARY_SNIFF_LENGTH) || !isUtf8(buffer)) return null;
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.toString('utf8', bom);
}
